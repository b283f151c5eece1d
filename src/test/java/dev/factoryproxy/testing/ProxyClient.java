package dev.factoryproxy.testing;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A plain HTTP client of the proxy for end-to-end tests, waiting on the test thread with a bound: a proxy that
 * never answers fails the test instead of hanging it.
 */
public final class ProxyClient {
  public static final String MODEL = "claude-sonnet-4-5-20250929";
  private static final long BOUND_SECONDS = 60;

  private final HttpClient http;
  private final int port;

  public ProxyClient(Vertx vertx, int port) {
    this.http = vertx.createHttpClient();
    this.port = port;
  }

  /** Sends to any path and reads the whole answer. */
  public Answer send(RequestOptions options, String body) {
    return await(send(options.setHost("127.0.0.1").setPort(port), Buffer.buffer(body)));
  }

  /** A whole answer. */
  public record Answer(int status, MultiMap headers, String body) {
    public JsonObject json() {
      return new JsonObject(body);
    }

    public JsonObject error() {
      return json().getJsonObject("error");
    }

    /** The {@code data:} payloads of an SSE answer, {@code [DONE]} excluded. */
    public List<String> frames() {
      return Arrays.stream(body.split("\n\n")).filter(f -> f.startsWith("data: ")).map(f -> f.substring(6))
        .filter(f -> !f.equals("[DONE]")).toList();
    }

    public JsonObject lastFrame() {
      List<String> frames = frames();
      return new JsonObject(frames.get(frames.size() - 1));
    }
  }

  public static JsonObject chatBody(boolean stream) {
    return new JsonObject().put("model", MODEL).put("stream", stream)
      .put("messages", new JsonArray().add(new JsonObject().put("role", "user").put("content", "Hi")));
  }

  public Answer chat(boolean stream) {
    return chat(ProxyUnderTest.CLIENT_KEY, stream);
  }

  public Answer chat(String clientKey, boolean stream) {
    return await(send(chatRequest(clientKey), chatBody(stream).toBuffer()));
  }

  public Answer get(String path) {
    return await(send(new RequestOptions().setHost("127.0.0.1").setPort(port).setURI(path), Buffer.buffer()));
  }

  /** Scrapes {@code /metrics} and reads it strictly. */
  public PrometheusText metrics() {
    Answer answer = get("/metrics");
    if (answer.status() != 200) {
      throw new AssertionError("GET /metrics answered " + answer.status());
    }
    return PrometheusText.parse(answer.body());
  }

  /**
   * Starts a streamed chat completion and leaves it running (its answer is not read); complete the returned
   * future's connection to end it. The future completes when the response head arrives, if ever.
   */
  public Future<HttpClientResponse> startStream(String clientKey) {
    return http.request(chatRequest(clientKey)).compose(req -> req.send(chatBody(true).toBuffer()));
  }

  /** Closes every connection this client holds (held streams end as client disconnects). */
  public void closeAll() {
    await(http.close());
  }

  private RequestOptions chatRequest(String clientKey) {
    return chatRequest(port, clientKey);
  }

  /** {@code POST /v1/chat/completions} on 127.0.0.1 with a client key. */
  public static RequestOptions chatRequest(int port, String clientKey) {
    return new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(port)
      .setURI("/v1/chat/completions").putHeader("authorization", "Bearer " + clientKey)
      .putHeader("content-type", "application/json");
  }

  private Future<Answer> send(RequestOptions options, Buffer body) {
    return http.request(options).compose(req -> req.send(body)
      .compose(resp -> resp.body().map(b -> new Answer(resp.statusCode(), resp.headers(), b.toString()))));
  }

  /** Waits on the test thread, within a bound. */
  public static <T> T await(Future<T> future) {
    try {
      return future.await(BOUND_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("no answer within " + BOUND_SECONDS + " s", e);
    }
  }
}
