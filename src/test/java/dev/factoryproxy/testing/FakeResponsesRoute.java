package dev.factoryproxy.testing;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local stand-in for Factory's Responses route ({@code POST /api/llm/o/v1/responses}: GPT, Codex, Grok), as
 * strict as {@link ResponsesRules} describes: a request failing a header or body rule gets the OpenAI-shaped
 * error the real API answers, a valid one gets the next scripted {@link ResponsesReply} (JSON or SSE).
 * Listens on 127.0.0.1 only. {@link #validate} runs the same rules without a server, for unit tests.
 */
public final class FakeResponsesRoute {
  public static final String PATH = "/api/llm/o/v1/responses";
  public static final String DEFAULT_KEY = "fk-test-0000";
  public static final String DROID_IDENTITY = ResponsesRules.DROID_IDENTITY;
  public static final String CLIENT_VERSION = "0.237.0";
  private static final String HOST = "127.0.0.1";

  /**
   * One request as the fake saw it.
   *
   * @param body      the parsed body, or null when it was not a JSON object
   * @param rejection why validation refused it, or null when it got a scripted reply
   */
  public record Received(MultiMap headers, JsonObject body, int answeredStatus, String rejection) {
  }

  private final Vertx vertx;
  private final Queue<ResponsesReply> script = new ConcurrentLinkedQueue<>();
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private volatile Set<String> expectedKeys = Set.of(DEFAULT_KEY);
  private volatile ResponsesReply defaultReply = ResponsesReply.text("ok");
  private HttpServer server;

  private FakeResponsesRoute(Vertx vertx) {
    this.vertx = vertx;
  }

  /** Listens on a free port of 127.0.0.1. */
  public static Future<FakeResponsesRoute> start(Vertx vertx) {
    FakeResponsesRoute fake = new FakeResponsesRoute(vertx);
    return vertx.createHttpServer().requestHandler(fake::handle).listen(0, HOST).map(server -> {
      fake.server = server;
      return fake;
    });
  }

  /** The route's URL ({@code http://127.0.0.1:port/api/llm/o/v1/responses}). */
  public String url() {
    return "http://" + HOST + ":" + server.actualPort() + PATH;
  }

  /** The base a {@code upstream.apiBase} setting would name ({@code http://127.0.0.1:port}). */
  public String apiBase() {
    return "http://" + HOST + ":" + server.actualPort();
  }

  public int port() {
    return server.actualPort();
  }

  public Future<Void> close() {
    return server.close();
  }

  public FakeResponsesRoute expectKeys(String... bearerTokens) {
    expectedKeys = Set.of(bearerTokens);
    return this;
  }

  /** Scripts the answer to the next valid request not yet scripted. */
  public FakeResponsesRoute enqueue(ResponsesReply reply) {
    script.add(reply);
    return this;
  }

  /** The answer once the script is used up (initially the text "ok"). */
  public FakeResponsesRoute setDefault(ResponsesReply reply) {
    defaultReply = reply;
    return this;
  }

  public List<Received> received() {
    return List.copyOf(received);
  }

  public Received lastRequest() {
    return received.isEmpty() ? null : received.get(received.size() - 1);
  }

  /**
   * The fake's verdict on a request without a server: null when it would be accepted, else the rejection
   * (status and OpenAI-shaped body) it would answer.
   */
  public static ResponsesRejection validate(MultiMap headers, JsonObject body) {
    try {
      ResponsesRules.checkHeaders(headers, Set.of(DEFAULT_KEY));
      ResponsesRejection.require(body != null, null, "We could not parse the JSON body of your request.");
      ResponsesRules.checkBody(body);
      return null;
    } catch (ResponsesRejection rejection) {
      return rejection;
    }
  }

  /**
   * The headers Factory's CLI sends on this route: the {@link #DEFAULT_KEY}, {@code x-api-provider},
   * {@code x-factory-client}, the client version and user agent, fake session ids.
   */
  public static MultiMap validHeaders(String provider) {
    return MultiMap.caseInsensitiveMultiMap()
      .add("authorization", "Bearer " + DEFAULT_KEY)
      .add("x-api-provider", provider)
      .add("x-factory-client", "cli")
      .add("x-client-version", CLIENT_VERSION)
      .add("user-agent", "factory-cli/" + CLIENT_VERSION)
      .add("x-session-id", "00000000-0000-4000-8000-000000000001")
      .add("x-assistant-message-id", "00000000-0000-4000-8000-000000000002")
      .add("content-type", "application/json")
      .add("accept", "application/json");
  }

  /** A minimal body that passes every rule. */
  public static JsonObject validRequest() {
    return new JsonObject("""
      {"model": "gpt-5.4", "instructions": "%s", "store": false,
       "input": [{"type": "message", "role": "user", "content": [{"type": "input_text", "text": "Hello"}]}]}
      """.formatted(DROID_IDENTITY));
  }

  private void handle(HttpServerRequest request) {
    request.body().onSuccess(body -> answer(request, body));
  }

  private void answer(HttpServerRequest request, Buffer rawBody) {
    JsonObject body = parseObject(rawBody);
    Exchange exchange = new Exchange(vertx, request, body, "req_fake_" + (received.size() + 1), () -> { });
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().addAll(request.headers());
    try {
      if (request.method() != HttpMethod.POST || !PATH.equals(request.path())) {
        throw new ResponsesRejection(404, "invalid_request_error", null, null,
          "Invalid URL (" + request.method() + " " + request.path() + ")");
      }
      ResponsesRules.checkHeaders(request.headers(), expectedKeys);
      ResponsesRejection.require(body != null, null, "We could not parse the JSON body of your request.");
      ResponsesRules.checkBody(body);
    } catch (ResponsesRejection rejection) {
      received.add(new Received(headers, body, rejection.status(), rejection.getMessage()));
      exchange.sendJson(rejection.status(), rejection.errorBody(), Map.of());
      return;
    }
    ResponsesReply scripted = script.poll();
    ResponsesReply reply = scripted != null ? scripted : defaultReply;
    received.add(new Received(headers, body, reply.status(), null));
    reply.answer(exchange);
  }

  private static JsonObject parseObject(Buffer rawBody) {
    try {
      return Json.decodeValue(rawBody) instanceof JsonObject object ? object : null;
    } catch (DecodeException notJson) {
      return null;
    }
  }
}
