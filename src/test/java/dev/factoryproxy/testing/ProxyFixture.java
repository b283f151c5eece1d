package dev.factoryproxy.testing;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.function.Consumer;

/**
 * The end-to-end fixture as one JUnit 5 extension: a Vert.x instance, the fake Factory (expecting
 * {@link ProxyUnderTest#FACTORY_KEY}), the proxy deployed on a free loopback port with the test configuration
 * ({@link ProxyUnderTest#config}) and a {@link ProxyClient} for it; all closed after the class. Register it as
 * {@code @RegisterExtension static final ProxyFixture PROXY = new ProxyFixture(config -> ...);}.
 */
public final class ProxyFixture implements BeforeAllCallback, AfterAllCallback {
  private final Consumer<JsonObject> configure;
  private Vertx vertx;
  private FakeFactory fake;
  private int port;
  private String baseUrl;
  private ProxyClient client;

  /** The test configuration as it is. */
  public ProxyFixture() {
    this(config -> { });
  }

  /** @param configure adjusts the test configuration (e.g. timeouts) before the proxy starts */
  public ProxyFixture(Consumer<JsonObject> configure) {
    this.configure = configure;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    vertx = Vertx.vertx();
    fake = FakeFactory.start(vertx).await().expectKey(ProxyUnderTest.FACTORY_KEY);
    port = ProxyUnderTest.freePort();
    JsonObject config = ProxyUnderTest.config(fake.url(), port);
    configure.accept(config);
    baseUrl = ProxyUnderTest.start(vertx, config).await();
    client = new ProxyClient(vertx, port);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (vertx != null) {
      vertx.close().await();
    }
  }

  public Vertx vertx() {
    return vertx;
  }

  public FakeFactory fake() {
    return fake;
  }

  public int port() {
    return port;
  }

  /** E.g. {@code http://127.0.0.1:41234}. */
  public String baseUrl() {
    return baseUrl;
  }

  public ProxyClient client() {
    return client;
  }
}
