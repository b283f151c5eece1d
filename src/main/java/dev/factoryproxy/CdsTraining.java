package dev.factoryproxy;

import dev.factoryproxy.cluster.Node;
import dev.factoryproxy.config.ConfigLoader;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -XX:AOTCacheOutput=proxy.aot -jar factory-proxy.jar --cds-training} (JDK 25) or
 * {@code -XX:ArchiveClassesAtExit=proxy.jsa} (JDK 17): the training run of the start-up cache that
 * {@code deploy/factory-proxy} makes once per jar and JDK. It starts a single node against {@link CannedFactory} on
 * loopback and sends it every client dialect to every Factory route it translates or passes through, plain and
 * streamed, {@link #ROUNDS} times over a few connections: the classes of start-up and of each request path are
 * archived, and on JDK 25 the method profiles of these requests too, so that a fresh node's JIT compiles its hot
 * paths soon after start (warm-up) instead of profiling them first. Then it exits. Nothing leaves the machine; the
 * keys are fake.
 */
final class CdsTraining {
  static final int ROUNDS = 60;
  private static final int CONNECTIONS = 4;
  private static final String KEY = "sk-cds-training-fake";
  private static final String CLAUDE = "claude-sonnet-4-5";

  private CdsTraining() {
  }

  /** One training request: the endpoint and model (so the route), streamed or not. */
  record Call(String path, String model, boolean stream) {
    Buffer body() {
      JsonArray user = new JsonArray().add(new JsonObject().put("role", "user").put("content", "Hi"));
      JsonObject body = new JsonObject().put("model", model).put("stream", stream);
      if (path.equals("/v1/responses")) {
        return body.put("max_output_tokens", 256).put("input", user).toBuffer();
      }
      return body.put("max_tokens", 256).put("messages", user).toBuffer();
    }

    RequestOptions request(int port) {
      RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(port)
        .setURI(path).putHeader("content-type", "application/json");
      if (path.equals("/v1/messages")) {
        return options.putHeader("x-api-key", KEY).putHeader("anthropic-version", "2023-06-01");
      }
      return options.putHeader("authorization", "Bearer " + KEY);
    }

    @Override
    public String toString() {
      return path + " " + model + (stream ? " stream" : "");
    }
  }

  /** The reference call (Chat client to the Messages route); the cache is useless if it fails. */
  static final Call REFERENCE = new Call("/v1/chat/completions", CLAUDE, false);

  /** Every client endpoint to the Messages, Responses and Chat routes, translated and passed through. */
  static List<Call> calls() {
    List<Call> calls = new ArrayList<>();
    String[][] pairs = {
      {"/v1/chat/completions", CLAUDE}, {"/v1/chat/completions", "gpt-5.4"}, {"/v1/chat/completions", "glm-5"},
      {"/v1/messages", CLAUDE}, {"/v1/messages", "gpt-5.4"}, {"/v1/responses", "gpt-5.4"}, {"/v1/responses", CLAUDE},
    };
    for (String[] pair : pairs) {
      calls.add(new Call(pair[0], pair[1], false));
      calls.add(new Call(pair[0], pair[1], true));
    }
    return calls;
  }

  static void run() throws Exception {
    Map<Call, Integer> failed = run(ROUNDS);
    if (failed.containsKey(REFERENCE)) {
      throw new IllegalStateException("the training request " + REFERENCE + " answered " + failed.get(REFERENCE));
    }
    // Another route may be missing from an operator's configuration: the cache still covers the others.
    failed.forEach((call, status) -> System.err.println("factory-proxy: training request " + call + " answered "
      + status + "; its classes are not in the start-up cache"));
  }

  /**
   * Sends {@link #calls()} {@code rounds} times; returns the calls that did not answer 200 with the canned text,
   * with the status they had (0: the answer lacked the text; -1: no answer).
   */
  static Map<Call, Integer> run(int rounds) throws Exception {
    Vertx vertx = Vertx.vertx();
    HttpServer upstream = vertx.createHttpServer().requestHandler(CannedFactory::answer);
    String base = "http://127.0.0.1:" + upstream.listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS).actualPort();
    int port = freePort();
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("ANTHROPIC_TARGET_URL", base + "/v1/messages");
    env.put("FACTORY_API_BASE", base);
    env.put("FACTORY_API_KEY", "fk-cds-training-fake");
    env.put("PROXY_API_KEY", KEY);
    env.put("HOST", "127.0.0.1");
    env.put("PORT", Integer.toString(port));
    env.put("PROXY_CLUSTER", "false");
    env.put("PROXY_ROLES", "http,translator,upstream");
    env.put("UPSTREAM_QUOTA_POLL_MS", "0"); // QU1: no limits endpoint here, and never ask the real Factory
    env.remove("FACTORY_SANDBOX");
    Node node = Node.start(ConfigLoader.load(env)).await(60, TimeUnit.SECONDS);
    HttpClient client = vertx.createHttpClient(new PoolOptions().setHttp1MaxSize(CONNECTIONS));
    Map<Call, Integer> failed = new ConcurrentHashMap<>(); // answers arrive on event loops
    List<Call> calls = calls();
    for (int round = 0; round < rounds; round++) {
      List<Future<Void>> batch = new ArrayList<>();
      for (Call call : calls) {
        if (!failed.containsKey(call)) {
          batch.add(send(client, port, call).map(status -> {
            if (status != 200) {
              failed.put(call, status);
            }
            return null;
          }));
        }
      }
      Future.join(batch).await(60, TimeUnit.SECONDS);
    }
    node.shutdown().await(30, TimeUnit.SECONDS);
    vertx.close().await(10, TimeUnit.SECONDS);
    return failed;
  }

  private static Future<Integer> send(HttpClient client, int port, Call call) {
    // The response's callbacks are attached inside the request's, on its event loop: attached from this (main)
    // thread, a future completed already runs them later, after the body went by unread (on one core the
    // reference call answered 200 with an empty body in 2 of 4 training runs).
    return client.request(call.request(port))
      .compose(req -> req.send(call.body())
        .compose(resp -> resp.body().map(body -> resp.statusCode() != 200 ? resp.statusCode()
          : body.toString().contains(CannedFactory.TEXT) ? 200 : 0)))
      .otherwise(-1);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
