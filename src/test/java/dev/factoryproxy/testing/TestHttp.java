package dev.factoryproxy.testing;

import io.vertx.core.Future;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** What the tests that talk to a running proxy over plain HTTP share. */
public final class TestHttp {
  public static final String MODEL = "claude-sonnet-4-5-20250929";

  private TestHttp() {
  }

  /** A minimal valid chat request: one user message. */
  public static JsonObject chat(boolean stream) {
    return new JsonObject().put("model", MODEL).put("stream", stream)
      .put("messages", new JsonArray().add(new JsonObject().put("role", "user").put("content", "Hi")));
  }

  /** {@code POST /v1/chat/completions} on 127.0.0.1 with the test client key. */
  public static RequestOptions chatPost(int port) {
    return new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(port)
      .setURI("/v1/chat/completions")
      .putHeader("authorization", "Bearer " + ProxyUnderTest.CLIENT_KEY)
      .putHeader("content-type", "application/json");
  }

  /** Sends and reads the whole answer as {@code "<status> <body>"}. */
  public static Future<String> exchange(HttpClient http, RequestOptions options, String body) {
    return http.request(options)
      .compose(req -> req.send(body).compose(resp -> resp.body().map(b -> resp.statusCode() + " " + b)));
  }

  /** Waits on the test thread; a proxy that never answers fails the test instead of hanging it. */
  public static <T> T await(Future<T> future) {
    try {
      return future.await(60, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("no result within 60 s", e);
    }
  }
}
