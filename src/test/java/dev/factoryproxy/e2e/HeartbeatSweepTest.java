package dev.factoryproxy.e2e;

import dev.factoryproxy.bus.Bus;
import dev.factoryproxy.testing.ProxyClient;
import dev.factoryproxy.testing.ProxyFixture;
import dev.factoryproxy.testing.ProxyUnderTest;
import dev.factoryproxy.testing.Reply;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.DeliveryContext;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** HB1 (docs/reliability.md): the liveness beats of running calls, one message per upstream instance and inbox. */
class HeartbeatSweepTest {
  private static final int STREAMS = 6;

  @RegisterExtension
  static final ProxyFixture PROXY = new ProxyFixture(config -> {
    config.getJsonObject("http").put("streamIdleTimeoutMs", 2_000);
    config.getJsonObject("upstream").put("heartbeatMs", 100);
  });

  /** What the event bus carried: the stream lists of the batched beats. */
  private final List<List<String>> batches = new CopyOnWriteArrayList<>();
  private final AtomicInteger goneReplies = new AtomicInteger();
  /** While set, the HTTP side's CANCEL control messages are dropped (as a lost message would be). */
  private final AtomicBoolean dropCancels = new AtomicBoolean();
  private final Handler<DeliveryContext<Object>> watch = this::watch;

  @BeforeEach
  void install() {
    PROXY.fake().reset();
    PROXY.vertx().eventBus().addOutboundInterceptor(watch);
  }

  @AfterEach
  void remove() {
    PROXY.vertx().eventBus().removeOutboundInterceptor(watch);
  }

  @SuppressWarnings("unchecked")
  private void watch(DeliveryContext<Object> ctx) {
    String kind = ctx.message().headers().get(Bus.H_KIND);
    if (Bus.HEARTBEATS.equals(kind)) {
      batches.add(List.copyOf(((JsonObject) ctx.body()).getJsonArray("streams").getList()));
    } else if (Bus.CANCEL.equals(kind) && dropCancels.get()) {
      return; // lost
    } else if (ctx.body() instanceof JsonObject reply && reply.getValue("unknown") instanceof
      io.vertx.core.json.JsonArray gone && !gone.isEmpty()) {
      goneReplies.incrementAndGet(); // a Heartbeats.Reply naming streams the inbox no longer holds
    }
    ctx.next();
  }

  /**
   * Six streams held open at once (two HTTP and two upstream instances, so at most four pairs): some beat names
   * two or more of them, every stream is named, and all six end normally.
   */
  @Test
  void hb1_oneBeatNamesEveryStreamAnUpstreamInstanceRunsForAnInbox() {
    Promise<Void> gate = Promise.promise();
    for (int i = 0; i < STREAMS; i++) {
      PROXY.fake().enqueue(Reply.gated("one ", gate.future(), "two"));
    }
    HttpClient http = PROXY.vertx().createHttpClient(new io.vertx.core.http.HttpClientOptions(),
      new io.vertx.core.http.PoolOptions().setHttp1MaxSize(STREAMS)); // one connection per stream
    List<Future<String>> bodies = new ArrayList<>();
    for (int i = 0; i < STREAMS; i++) {
      bodies.add(http.request(ProxyClient.chatRequest(PROXY.port(), ProxyUnderTest.CLIENT_KEY))
        .compose(req -> req.send(ProxyClient.chatBody(true).toBuffer())
          .compose(resp -> resp.body().map(Object::toString))));
    }
    ProxyClient.await(PROXY.fake().awaitRequests(STREAMS));
    Set<String> named = new HashSet<>();
    waitUntil(() -> {
      batches.forEach(named::addAll);
      return named.size() == STREAMS && batches.stream().anyMatch(batch -> batch.size() >= 2);
    });
    gate.complete();
    for (Future<String> body : bodies) {
      String sse = ProxyClient.await(body);
      assertTrue(sse.contains("\"content\":\"two\"") && sse.endsWith("data: [DONE]\n\n"), sse);
    }
    assertEquals(STREAMS, named.size(), "streams named by beats: " + named);
    assertTrue(batches.stream().anyMatch(batch -> batch.size() >= 2), "beats: " + batches);
    ProxyClient.await(http.close());
  }

  /** A bounded wait (20 s): beats come every 100 ms, but a loaded machine may delay them. */
  private static void waitUntil(java.util.function.BooleanSupplier condition) {
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        return; // the assertions that follow say what was missing
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** A client that left while its cancel was lost: the next beat's reply names its stream, the call is stopped. */
  @Test
  void hb1_aStreamTheInboxNoLongerHoldsIsCancelledByTheBeatsReply() {
    Promise<Void> never = Promise.promise();
    PROXY.fake().enqueue(Reply.gated("one ", never.future(), "two"));
    dropCancels.set(true);
    HttpClient http = PROXY.vertx().createHttpClient();
    Promise<Void> firstText = Promise.promise();
    http.request(ProxyClient.chatRequest(PROXY.port(), ProxyUnderTest.CLIENT_KEY))
      .compose(req -> req.send(ProxyClient.chatBody(true).toBuffer())
        .onSuccess((HttpClientResponse resp) -> resp.handler(chunk -> {
          if (chunk.toString().contains("\"content\":\"one \"")) {
            firstText.tryComplete();
          }
        })));
    ProxyClient.await(firstText.future());
    ProxyClient.await(http.close()); // the client leaves; the HTTP side's cancel is dropped
    ProxyClient.await(PROXY.fake().awaitCancelled(1)); // a beat's reply said the stream is gone: Factory is cut off
    assertEquals(1, PROXY.fake().cancelledStreams());
    assertTrue(goneReplies.get() > 0, "no beats reply named a stream the inbox no longer holds");
  }
}
