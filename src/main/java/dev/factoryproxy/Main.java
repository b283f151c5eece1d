package dev.factoryproxy;

import dev.factoryproxy.cluster.Node;
import dev.factoryproxy.config.ConfigException;
import dev.factoryproxy.config.ConfigLoader;
import dev.factoryproxy.config.ProxyConfig;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Entry point of the fat jar: read the configuration, start the node, stop it cleanly on SIGTERM. */
public final class Main {
  private Main() {
  }

  public static void main(String[] args) {
    JsonObject json;
    ProxyConfig config;
    try {
      json = ConfigLoader.load(System.getenv());
      config = ProxyConfig.fromJson(json);
    } catch (ConfigException e) {
      System.err.println("factory-proxy: configuration error: " + e.getMessage());
      System.exit(2);
      return;
    }
    LogSetup.apply(config.logging()); // before the first logger exists
    Logger log = LoggerFactory.getLogger(Main.class);
    long started = System.nanoTime();
    Node.start(json).onSuccess(node -> {
      log.info("factory-proxy started in {} ms: roles={} port={} upstream={} keys={}", (System.nanoTime() - started) / 1_000_000,
        config.roles(), config.http().port(), config.upstream().url(),
        config.upstream().passthroughKeys() ? "passthrough (client's own)" : config.upstream().factoryApiKeys().size() + " Factory key(s)");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        log.info("shutting down");
        node.shutdown().await();
      }, "factory-proxy-shutdown"));
    }).onFailure(err -> {
      log.error("factory-proxy failed to start: {}", err.getMessage(), err);
      System.exit(1);
    });
  }
}
