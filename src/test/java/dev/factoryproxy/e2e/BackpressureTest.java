package dev.factoryproxy.e2e;

import dev.factoryproxy.testing.FakeFactory;
import dev.factoryproxy.testing.ProxyUnderTest;
import dev.factoryproxy.testing.Reply;
import dev.factoryproxy.testing.ProxyClient;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A client that does not read: the proxy must not buffer the stream without bound. The fake Factory floods a
 * large stream (~40 MB); with flow control the proxy stops reading (PAUSE to the upstream verticle), so Factory's
 * writes stall with most of the stream unsent. Without it the proxy would swallow the whole stream into memory.
 * Then the client reads, and gets every delta, in order.
 */
class BackpressureTest {
  private static final int DELTAS = 30_000;
  private static final int DELTA_SIZE = 1_000; // ~33 MB in all
  /**
   * What may be in flight when Factory stalls: loopback socket buffers (kernel auto-tuning, a few MB per socket on
   * each of the two connections) plus the proxy's flow window (64 KiB). Measured: ~6,500 deltas (~7 MB) alone, and
   * 15,794 once while the whole suite ran beside it (the kernel grew the buffers further). Before credit-based flow
   * control the proxy took ~38,000 of 60,000 and would have taken any amount (here: all 30,000).
   */
  private static final int MAX_IN_FLIGHT_DELTAS = 20_000;
  private static Vertx vertx;
  private static FakeFactory fake;
  private static int port;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    fake = FakeFactory.start(vertx).await().expectKey(ProxyUnderTest.FACTORY_KEY);
    port = ProxyUnderTest.freePort();
    JsonObject config = ProxyUnderTest.config(fake.url(), port);
    config.getJsonObject("http").put("instances", 1);
    config.getJsonObject("upstream").put("instances", 1);
    ProxyUnderTest.start(vertx, config).await();
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  @Test
  void aSlowReaderPausesTheUpstreamReadAndLosesNothing() throws Exception {
    AtomicInteger written = new AtomicInteger();
    fake.enqueue(Reply.flood(DELTAS, DELTA_SIZE, written));
    HttpClient client = vertx.createHttpClient();
    JsonObject chat = ProxyClient.chatBody(true);
    RequestOptions post = ProxyClient.chatRequest(port, ProxyUnderTest.CLIENT_KEY);

    Promise<HttpClientResponse> response = Promise.promise();
    client.request(post).compose(req -> req.send(chat.encode()).onSuccess(resp -> {
      resp.pause(); // the slow reader: reads nothing for now
      response.complete(resp);
    }));
    HttpClientResponse resp = response.future().await(30, TimeUnit.SECONDS);

    int stalledAt = stalled(written);
    assertTrue(stalledAt < MAX_IN_FLIGHT_DELTAS,
      "Factory could write " + stalledAt + " of " + DELTAS + " deltas to a proxy whose client reads nothing");

    List<Integer> order = new ArrayList<>();
    Pattern marker = Pattern.compile("#(\\d{5})\\|");
    StringBuilder carry = new StringBuilder();
    Promise<Void> end = Promise.promise();
    vertx.runOnContext(v -> {
      resp.handler(chunk -> {
        carry.append(chunk);
        int cut = carry.lastIndexOf("\n\n");
        if (cut >= 0) {
          Matcher m = marker.matcher(carry.substring(0, cut));
          while (m.find()) {
            order.add(Integer.parseInt(m.group(1)));
          }
          carry.delete(0, cut + 2);
        }
      });
      resp.endHandler(x -> end.complete());
      resp.resume();
    });
    end.future().await(120, TimeUnit.SECONDS);

    assertEquals(DELTAS, order.size());
    for (int i = 0; i < DELTAS; i++) {
      if (order.get(i) != i) {
        throw new AssertionError("delta " + i + " arrived as #" + order.get(i));
      }
    }
  }

  /** Waits until Factory's writes stop progressing (the upstream read is paused) or everything was written. */
  private static int stalled(AtomicInteger written) throws InterruptedException {
    int last = -1;
    int stableFor = 0;
    while (stableFor < 10 && written.get() < DELTAS) {
      Thread.sleep(100);
      int now = written.get();
      stableFor = now == last ? stableFor + 1 : 0;
      last = now;
    }
    return written.get();
  }
}
