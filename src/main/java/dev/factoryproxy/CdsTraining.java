package dev.factoryproxy;

import dev.factoryproxy.cluster.Node;
import dev.factoryproxy.config.ConfigLoader;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -XX:ArchiveClassesAtExit=proxy.jsa -jar factory-proxy.jar --cds-training}: builds a class-data
 * sharing archive for faster start-up (the Dockerfile and the benchmark do this once). It starts a single node
 * against a canned upstream on loopback, sends it one plain and one streamed chat completion, so that the classes
 * of the request path are archived too, and exits. Nothing leaves the machine; the keys are fake.
 */
final class CdsTraining {
  private static final String KEY = "sk-cds-training-fake";

  private CdsTraining() {
  }

  static void run() throws Exception {
    Vertx vertx = Vertx.vertx();
    HttpServer upstream = vertx.createHttpServer().requestHandler(CdsTraining::answer);
    int upstreamPort = upstream.listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS).actualPort();
    int port = freePort();
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("ANTHROPIC_TARGET_URL", "http://127.0.0.1:" + upstreamPort + "/v1/messages");
    env.put("FACTORY_API_KEY", "fk-cds-training-fake");
    env.put("PROXY_API_KEY", KEY);
    env.put("HOST", "127.0.0.1");
    env.put("PORT", Integer.toString(port));
    env.put("PROXY_CLUSTER", "false");
    env.put("PROXY_ROLES", "http,translator,upstream");
    env.put("UPSTREAM_QUOTA_POLL_MS", "0"); // QU1: no limits endpoint here, and never ask the real Factory
    Node node = Node.start(ConfigLoader.load(env)).await(30, TimeUnit.SECONDS);
    HttpClient client = vertx.createHttpClient();
    for (boolean stream : new boolean[] {false, true}) {
      Buffer body = new JsonObject().put("model", "claude-sonnet-4-5").put("stream", stream)
        .put("messages", new JsonArray().add(new JsonObject().put("role", "user").put("content", "Hi"))).toBuffer();
      int status = client.request(new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(port)
          .setURI("/v1/chat/completions").putHeader("authorization", "Bearer " + KEY)
          .putHeader("content-type", "application/json"))
        .compose(req -> req.send(body))
        .compose(resp -> resp.body().map(b -> resp.statusCode()))
        .await(30, TimeUnit.SECONDS);
      if (status != 200) {
        throw new IllegalStateException("training request (stream=" + stream + ") answered " + status);
      }
    }
    node.shutdown().await(30, TimeUnit.SECONDS);
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  /** A minimal Anthropic Messages answer: JSON, or the SSE events of a short text stream. */
  private static void answer(HttpServerRequest req) {
    req.body().onSuccess(body -> {
      JsonObject usage = new JsonObject().put("input_tokens", 3).put("output_tokens", 2);
      JsonObject message = new JsonObject().put("id", "msg_training").put("type", "message").put("role", "assistant")
        .put("model", "claude-sonnet-4-5-20250929").put("stop_reason", "end_turn").put("usage", usage)
        .put("content", new JsonArray().add(new JsonObject().put("type", "text").put("text", "Hello")));
      if (!body.toJsonObject().getBoolean("stream", false)) {
        req.response().putHeader("content-type", "application/json").end(message.toBuffer());
        return;
      }
      JsonObject start = message.copy().put("content", new JsonArray()).put("stop_reason", null);
      StringBuilder sse = new StringBuilder();
      event(sse, "message_start", new JsonObject().put("type", "message_start").put("message", start));
      event(sse, "content_block_start", new JsonObject().put("type", "content_block_start").put("index", 0)
        .put("content_block", new JsonObject().put("type", "text").put("text", "")));
      event(sse, "content_block_delta", new JsonObject().put("type", "content_block_delta").put("index", 0)
        .put("delta", new JsonObject().put("type", "text_delta").put("text", "Hello")));
      event(sse, "content_block_stop", new JsonObject().put("type", "content_block_stop").put("index", 0));
      event(sse, "message_delta", new JsonObject().put("type", "message_delta")
        .put("delta", new JsonObject().put("stop_reason", "end_turn")).put("usage", usage));
      event(sse, "message_stop", new JsonObject().put("type", "message_stop"));
      req.response().putHeader("content-type", "text/event-stream").end(sse.toString());
    });
  }

  private static void event(StringBuilder sse, String name, JsonObject data) {
    sse.append("event: ").append(name).append("\ndata: ").append(data.encode()).append("\n\n");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
