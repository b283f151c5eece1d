package dev.factoryproxy.testing;

import dev.factoryproxy.cluster.Node;
import dev.factoryproxy.config.ConfigLoader;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;

/** The whole proxy (all three roles) deployed on a test's Vert.x, pointed at a {@link FakeFactory}. */
public final class ProxyUnderTest {
  /** Obviously fake keys: the one the proxy holds for Factory, and the one clients present to the proxy. */
  public static final String FACTORY_KEY = "fk-test-fake-key";
  public static final String CLIENT_KEY = "sk-proxy-test-client-key";

  private ProxyUnderTest() {
  }

  /**
   * The shipped conf/config.json with the upstream, keys and port set for a loopback test, and quick retries
   * (short backoff; waits up to 2 s still honoured, so a {@code retry-after: 1} is followed), and no quota polls.
   */
  public static JsonObject config(String upstreamUrl, int port) {
    JsonObject json = ConfigLoader.load(Map.of());
    json.getJsonObject("http").put("host", "127.0.0.1").put("port", port).put("instances", 2);
    json.getJsonObject("upstream").put("url", upstreamUrl)
      .put("factoryApiKeys", new JsonArray().add(FACTORY_KEY)).put("instances", 2)
      .put("quotaPollMs", 0) // no limits polls unless a test asks for them (the quota tests do, QU1)
      .put("retry", new JsonObject().put("maxAttempts", 3).put("baseDelayMs", 5).put("maxDelayMs", 2_000).put("budgetMs", 10_000));
    json.getJsonObject("auth").put("proxyApiKeys", new JsonArray().add(CLIENT_KEY));
    return json;
  }

  /** Deploys the proxy; the future gives its base URL, e.g. {@code http://127.0.0.1:41234}. */
  public static Future<String> start(Vertx vertx, JsonObject config) {
    return Node.deploy(vertx, config).map(v -> "http://127.0.0.1:" + config.getJsonObject("http").getInteger("port"));
  }

  /** The same on a Vert.x instance built with metrics ({@code NodeVertx}): the proxy records into those. */
  public static Future<String> start(Vertx vertx, dev.factoryproxy.ops.ProxyMetrics metrics, JsonObject config) {
    return Node.deploy(vertx, metrics, config)
      .map(v -> "http://127.0.0.1:" + config.getJsonObject("http").getInteger("port"));
  }

  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
