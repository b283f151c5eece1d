package dev.factoryproxy;

import dev.factoryproxy.cluster.Node;
import dev.factoryproxy.config.ConfigException;
import dev.factoryproxy.config.ConfigLoader;
import dev.factoryproxy.config.ProxyConfig;
import dev.factoryproxy.credentials.LoginCommand;
import dev.factoryproxy.ops.Credentials;
import dev.factoryproxy.sandbox.Sandbox;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Entry point of the fat jar: read the configuration, start the node, stop it cleanly on SIGTERM. */
public final class Main {
  private Main() {
  }

  /** One start-up line that says what this node does and which credential kinds it has (counts, never a key). */
  private static String describe(ProxyConfig config, boolean sandbox) {
    StringBuilder text = new StringBuilder(sandbox ? "SANDBOX (fake Factory, no real calls) " : "")
      .append("roles=").append(config.roles());
    if (config.cluster().enabled()) {
      text.append(" cluster=").append(config.cluster().name());
    }
    if (config.runs(ProxyConfig.Role.HTTP)) {
      text.append(" port=").append(config.http().port());
    }
    if (config.runs(ProxyConfig.Role.UPSTREAM)) {
      text.append(" upstream=").append(config.upstream().apiBase());
    }
    return text.append(" credentials: ").append(Credentials.line(config, sandbox)).toString();
  }

  /** See {@link CdsTraining}: exits 0 once the training requests were answered, 1 otherwise. */
  private static void train() {
    LogSetup.apply(new ProxyConfig.Logging("WARN", false));
    int status = 0;
    try {
      CdsTraining.run();
    } catch (Exception e) {
      System.err.println("factory-proxy: CDS training failed: " + e);
      status = 1;
    }
    LogSetup.stop();
    System.exit(status);
  }

  /** {@code login}: a Droid login by WorkOS's device flow (DL1–DL3), then exit with the command's status. */
  private static void login(String[] args) {
    LogSetup.apply(new ProxyConfig.Logging("WARN", false)); // the command talks to its user on stdout/stderr
    int status = LoginCommand.run(java.util.Arrays.asList(args).subList(1, args.length), System.getenv(),
      System.out, System.err);
    LogSetup.stop();
    System.exit(status);
  }

  /** The environment, plus the Vert.x launcher's {@code -cluster} flag for those used to it. */
  private static java.util.Map<String, String> environment(String[] args) {
    java.util.Map<String, String> env = new java.util.HashMap<>(System.getenv());
    if (java.util.Arrays.asList(args).contains("-cluster")) {
      env.put("PROXY_CLUSTER", "true");
    }
    if (java.util.Arrays.asList(args).contains(Sandbox.FLAG)) {
      env.put(Sandbox.ENV, "true");
    }
    return env;
  }

  public static void main(String[] args) {
    // Netty's allocator JFR events cost a single-core node ~100 ms of its start (JFR set up at the first
    // connection) and are only useful under a recording; -Dio.netty.jfr.enabled=true brings them back.
    System.getProperties().putIfAbsent("io.netty.jfr.enabled", "false");
    if (java.util.Arrays.asList(args).contains("--cds-training")) {
      train();
      return;
    }
    if (args.length > 0 && LoginCommand.NAME.equals(args[0])) {
      login(args);
      return;
    }
    JsonObject json;
    ProxyConfig config;
    try {
      java.util.Map<String, String> env = environment(args);
      json = ConfigLoader.load(env);
      config = ProxyConfig.fromJson(json);
      if (Sandbox.enabled(json)) {
        Sandbox.checkStartable(json, env); // real credentials next to the sandbox: refuse before anything starts
      }
    } catch (ConfigException e) {
      System.err.println("factory-proxy: configuration error: " + e.getMessage());
      System.exit(2);
      return;
    }
    LogSetup.apply(config.logging()); // before the first logger exists
    Logger log = LoggerFactory.getLogger(Main.class);
    long started = System.nanoTime();
    Node.start(json).onSuccess(node -> {
      log.info("factory-proxy started in {} ms: {} transport={}", (System.nanoTime() - started) / 1_000_000,
        describe(node.config(), node.sandbox()), node.vertx().isNativeTransportEnabled() ? "epoll" : "nio");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        log.info("shutting down");
        long bound = config.http().drainTimeoutMs() + 15_000L; // the drain, then leaving the cluster
        try {
          node.shutdown().await(bound, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (Exception e) {
          log.warn("shutdown did not complete within {} ms ({}); exiting anyway", bound, e.toString());
        }
        LogSetup.stop();
      }, "factory-proxy-shutdown"));
    }).onFailure(err -> {
      log.error("factory-proxy failed to start: {}", err.getMessage(), err);
      LogSetup.stop();
      System.exit(1);
    });
  }
}
