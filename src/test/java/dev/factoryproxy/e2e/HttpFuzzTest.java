package dev.factoryproxy.e2e;

import dev.factoryproxy.testing.FakeFactory;
import dev.factoryproxy.testing.ProxyUnderTest;
import dev.factoryproxy.testing.ProxyClient;
import dev.factoryproxy.translate.RandomRequests;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Thousands of random, mutated and broken bodies thrown at the running proxy: every answer is a 2xx or 4xx
 * (never a 5xx, never a hang), and the proxy is still healthy afterwards. Seeded, bounded, loopback only.
 */
class HttpFuzzTest {
  private static final int STRUCTURED_CASES = 2_000;
  private static final int BROKEN_CASES = 1_000;
  private static Vertx vertx;
  private static HttpClient http;
  private static int port;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    FakeFactory fake = FakeFactory.start(vertx).await().expectKey(ProxyUnderTest.FACTORY_KEY);
    port = ProxyUnderTest.freePort();
    ProxyUnderTest.start(vertx, ProxyUnderTest.config(fake.url(), port)).await();
    http = vertx.createHttpClient(new PoolOptions().setHttp1MaxSize(16));
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  @Test
  void randomBodiesNeverGetA5xxAndTheProxyStaysHealthy() throws Exception {
    List<Buffer> bodies = new ArrayList<>();
    RandomRequests requests = new RandomRequests(0xF0221L);
    for (int i = 0; i < STRUCTURED_CASES; i++) {
      bodies.add(requests.next().toBuffer());
    }
    Random random = new Random(0xB20E4L);
    for (int i = 0; i < BROKEN_CASES; i++) {
      bodies.add(breakBytes(requests.next().toBuffer().getBytes(), random));
    }

    Map<Integer, Integer> statuses = new TreeMap<>();
    List<String> failures = new ArrayList<>();
    List<Future<Void>> inFlight = new ArrayList<>();
    for (int i = 0; i < bodies.size(); i++) {
      Buffer body = bodies.get(i);
      inFlight.add(post(body).map(status -> {
        synchronized (statuses) {
          statuses.merge(status, 1, Integer::sum);
          if (status >= 500) {
            String text = body.toString(); // chars, not bytes: a multi-byte body is shorter as a string
            failures.add(status + " for " + text.substring(0, Math.min(300, text.length())));
          }
        }
        return null;
      }));
      if (inFlight.size() == 32) { // bounded concurrency
        Future.join(inFlight).await(60, TimeUnit.SECONDS);
        inFlight.clear();
      }
    }
    Future.join(inFlight).await(60, TimeUnit.SECONDS);

    assertTrue(failures.isEmpty(), failures.size() + " answers were 5xx, e.g. " + failures.stream().limit(3).toList());
    assertEquals(bodies.size(), statuses.values().stream().mapToInt(Integer::intValue).sum(), statuses.toString());
    assertTrue(statuses.getOrDefault(200, 0) > 0 && statuses.getOrDefault(400, 0) > 0, statuses.toString());
    int health = http.request(HttpMethod.GET, port, "127.0.0.1", "/health")
      .compose(req -> req.send().map(resp -> resp.statusCode())).await(10, TimeUnit.SECONDS);
    assertEquals(200, health);
  }

  private static Future<Integer> post(Buffer body) {
    RequestOptions options = ProxyClient.chatRequest(port, ProxyUnderTest.CLIENT_KEY).setTimeout(30_000);
    return http.request(options).compose(req -> req.send(body).compose(resp -> resp.body().map(b -> resp.statusCode())));
  }

  /** Truncates, flips or inserts bytes: invalid JSON, broken UTF-8, odd structure. */
  private static Buffer breakBytes(byte[] json, Random random) {
    byte[] bytes = json.clone();
    switch (random.nextInt(4)) {
      case 0 -> bytes = java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length));
      case 1 -> {
        for (int k = 0; k < 1 + random.nextInt(4); k++) {
          bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
        }
      }
      case 2 -> bytes[random.nextInt(bytes.length)] = (byte) "{}[]\",:\\".charAt(random.nextInt(8));
      default -> {
        byte[] longer = new byte[bytes.length + 1];
        int at = random.nextInt(bytes.length);
        System.arraycopy(bytes, 0, longer, 0, at);
        longer[at] = (byte) (0x80 + random.nextInt(64)); // a lone UTF-8 continuation byte
        System.arraycopy(bytes, at, longer, at + 1, bytes.length - at);
        bytes = longer;
      }
    }
    return Buffer.buffer(bytes);
  }
}
