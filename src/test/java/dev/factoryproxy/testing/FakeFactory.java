package dev.factoryproxy.testing;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local stand-in for Factory's Anthropic Messages endpoint ({@code POST /api/llm/a/v1/messages}), as strict as
 * the real one (factory-upstream.md): requests failing a header or body rule get the API's error answer, and
 * valid ones get the next scripted {@link Reply}. Records every request and counts clients that leave a stream.
 */
public final class FakeFactory {
  public static final String PATH = "/api/llm/a/v1/messages";
  /** Factory's count route beside it (factory-upstream.md). */
  public static final String COUNT_PATH = PATH + "/count_tokens";
  /** The fields Anthropic's count_tokens takes; anything else is "Extra inputs are not permitted". */
  private static final Set<String> COUNT_KEYS = Set.of("model", "messages", "system", "tools", "tool_choice",
    "thinking", "context_management", "mcp_servers", "output_config");
  public static final String DEFAULT_KEY = "fk-test-fake-key";
  public static final String DROID_IDENTITY = BodyRules.DROID_IDENTITY;
  public static final String CLIENT_VERSION = "0.237.0";
  private static final String HOST = "127.0.0.1";

  /**
   * One request as the fake saw it.
   *
   * @param body           the parsed body, or null when it was not a JSON object
   * @param answeredStatus the status answered, 0 when never answered ({@link Reply#hang()})
   * @param rejection      why validation refused it, or null when it got a scripted reply
   */
  public record Received(MultiMap headers, JsonObject body, int answeredStatus, String rejection) {
  }

  private record CancelWaiter(int count, Promise<Void> promise) {
  }

  private record RequestWaiter(int count, Promise<Void> promise) {
  }

  private final Vertx vertx;
  private final Queue<Reply> script = new ConcurrentLinkedQueue<>();
  /** Answers scripted for one key, used before the shared script. */
  private final Map<String, Queue<Reply>> keyScripts = new ConcurrentHashMap<>();
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final List<CancelWaiter> cancelWaiters = new ArrayList<>();
  private final List<RequestWaiter> requestWaiters = new ArrayList<>();
  private volatile Set<String> expectedKeys = Set.of(DEFAULT_KEY);
  private volatile Reply defaultReply = Reply.text("ok");
  /** The answer of the count route to a valid request: {@code {"input_tokens": 4242}} unless scripted. */
  private volatile Reply countReply = Reply.json(200, new JsonObject().put("input_tokens", 4242));
  private int cancelledStreams;
  private HttpServer server;
  /** Factory's quota endpoints (QU1), checking the same keys; their calls are not in {@link #received()}. */
  private final FakeLimits limits = new FakeLimits(() -> expectedKeys);

  private FakeFactory(Vertx vertx) {
    this.vertx = vertx;
  }

  /** Listens on a free port of 127.0.0.1. */
  public static Future<FakeFactory> start(Vertx vertx) {
    FakeFactory fake = new FakeFactory(vertx);
    return vertx.createHttpServer()
      .requestHandler(fake::handle)
      .listen(0, HOST)
      .map(server -> {
        fake.server = server;
        return fake;
      });
  }

  public String url() {
    return "http://" + HOST + ":" + server.actualPort() + PATH;
  }

  public Future<Void> close() {
    return server.close();
  }

  /** The Bearer value the fake accepts (default {@link #DEFAULT_KEY}). */
  public FakeFactory expectKey(String bearerToken) {
    return expectKeys(bearerToken);
  }

  /** The Bearer values the fake accepts, e.g. the keys of a pool. */
  public FakeFactory expectKeys(String... bearerTokens) {
    expectedKeys = Set.of(bearerTokens);
    return this;
  }

  /** Scripts the answer to the next valid request not yet scripted. */
  public FakeFactory enqueue(Reply reply) {
    script.add(reply);
    return this;
  }

  /** Scripts the answer to the next valid request made with this key; such answers come before the shared script. */
  public FakeFactory enqueueFor(String bearerToken, Reply reply) {
    keyScripts.computeIfAbsent(bearerToken, key -> new ConcurrentLinkedQueue<>()).add(reply);
    return this;
  }

  /** The key (Bearer value) of every request, in arrival order. */
  public List<String> keysUsed() {
    return received.stream().map(r -> bearer(r.headers().get("authorization"))).toList();
  }

  /** The answer once the script is used up (initially a short text message "ok"). */
  public FakeFactory setDefault(Reply reply) {
    defaultReply = reply;
    return this;
  }

  /** What the count route answers to every valid request (e.g. an error, to see the proxy's estimate). */
  public FakeFactory setCountReply(Reply reply) {
    countReply = reply;
    return this;
  }

  /** Forgets the script, the recorded requests and the cancel count, and restores the default reply. */
  public synchronized FakeFactory reset() {
    script.clear();
    keyScripts.clear();
    received.clear();
    cancelledStreams = 0;
    defaultReply = Reply.text("ok");
    countReply = Reply.json(200, new JsonObject().put("input_tokens", 4242));
    return this;
  }

  /** Every request, accepted or rejected, in arrival order. */
  public List<Received> received() {
    return List.copyOf(received);
  }

  public int callCount() {
    return received.size();
  }

  /** The latest request, or null before any. */
  public Received lastRequest() {
    return received.isEmpty() ? null : received.get(received.size() - 1);
  }

  /** Answers whose client closed the connection before they were complete. */
  public synchronized int cancelledStreams() {
    return cancelledStreams;
  }

  /** Completes once {@link #cancelledStreams()} reaches {@code count}. */
  public synchronized Future<Void> awaitCancelled(int count) {
    if (cancelledStreams >= count) {
      return Future.succeededFuture();
    }
    Promise<Void> promise = Promise.promise();
    cancelWaiters.add(new CancelWaiter(count, promise));
    return promise.future();
  }

  /** Completes once {@link #callCount()} reaches {@code count}, e.g. when held requests have all arrived. */
  public synchronized Future<Void> awaitRequests(int count) {
    if (received.size() >= count) {
      return Future.succeededFuture();
    }
    Promise<Void> promise = Promise.promise();
    requestWaiters.add(new RequestWaiter(count, promise));
    return promise.future();
  }

  /** A minimal body that passes every rule: model, max_tokens, the Droid system prompt, one user message. */
  public static JsonObject validRequest() {
    return new JsonObject("""
      {"model": "claude-sonnet-4-5-20250929",
       "max_tokens": 1024,
       "system": [{"type": "text", "text": "%s"}],
       "messages": [{"role": "user", "content": "Hello"}]}
      """.formatted(DROID_IDENTITY));
  }

  /**
   * Why the fake would refuse this body (its 400/403 message), or null when every body rule passes: lets pure
   * tests check a translated body against the same rules without a server.
   */
  public static String bodyRejection(JsonObject body) {
    try {
      BodyRules.check(body);
      return null;
    } catch (Rejection rejection) {
      return rejection.status() + " " + rejection.getMessage();
    }
  }

  /** The headers the real Factory CLI sends, with {@link #DEFAULT_KEY} and obviously fake ids. */
  public static MultiMap validHeaders() {
    return MultiMap.caseInsensitiveMultiMap()
      .add("authorization", "Bearer " + DEFAULT_KEY)
      .add("x-api-key", "placeholder")
      .add("anthropic-version", "2023-06-01")
      .add("x-api-provider", "anthropic")
      .add("x-factory-client", "cli")
      .add("x-client-version", CLIENT_VERSION)
      .add("user-agent", "factory-cli/" + CLIENT_VERSION)
      .add("x-session-id", "00000000-0000-4000-8000-000000000001")
      .add("x-assistant-message-id", "00000000-0000-4000-8000-000000000002")
      .add("content-type", "application/json")
      .add("accept", "application/json");
  }

  /** The quota endpoints of this fake Factory: program windows and failures, see the polls. */
  public FakeLimits limits() {
    return limits;
  }

  /** Runs on every request as it arrives, before it is answered (e.g. to see what a file held at that moment). */
  public FakeFactory onRequest(java.util.function.Consumer<HttpServerRequest> hook) {
    requestHook = hook;
    return this;
  }

  private volatile java.util.function.Consumer<HttpServerRequest> requestHook = request -> { };

  private void handle(HttpServerRequest request) {
    if (limits.handles(request)) {
      limits.answer(request);
      return;
    }
    requestHook.accept(request);
    request.body().onSuccess(body -> answer(request, body));
  }

  private void answer(HttpServerRequest request, Buffer rawBody) {
    JsonObject body = parseObject(rawBody);
    String requestId = "req_fake_" + (received.size() + 1);
    Exchange exchange = new Exchange(vertx, request, body, requestId, this::countCancelledStream);
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().addAll(request.headers());
    if (request.method() == HttpMethod.POST && COUNT_PATH.equals(request.path())) {
      answerCount(request, body, headers, exchange);
      return;
    }
    try {
      validate(request, body);
    } catch (Rejection rejection) {
      received.add(new Received(headers, body, rejection.status(), rejection.getMessage()));
      exchange.sendJson(rejection.status(), rejection.errorBody(), Map.of());
      return;
    }
    Reply reply = nextReply(bearer(request.getHeader("authorization")));
    received.add(new Received(headers, body, reply.status(), null));
    reply.answer(exchange);
    notifyRequestWaiters();
  }

  /**
   * The count route: the same headers and system-prompt gate as the Messages route, only the fields count_tokens
   * takes, {@code model} and {@code messages} required.
   */
  private void answerCount(HttpServerRequest request, JsonObject body, MultiMap headers, Exchange exchange) {
    try {
      HeaderRules.check(request.headers(), expectedKeys);
      Rejection.requireValid(body != null, "There was an error parsing the body: expected a JSON object");
      BodyRules.checkCountable(body, COUNT_KEYS);
    } catch (Rejection rejection) {
      received.add(new Received(headers, body, rejection.status(), rejection.getMessage()));
      exchange.sendJson(rejection.status(), rejection.errorBody(), Map.of());
      return;
    }
    Reply reply = countReply;
    received.add(new Received(headers, body, reply.status(), null));
    reply.answer(exchange);
    notifyRequestWaiters();
  }

  private void notifyRequestWaiters() {
    List<Promise<Void>> reached = new ArrayList<>();
    synchronized (this) {
      requestWaiters.removeIf(waiter -> waiter.count() <= received.size() && reached.add(waiter.promise()));
    }
    reached.forEach(Promise::complete);
  }

  private void validate(HttpServerRequest request, JsonObject body) {
    if (request.method() != HttpMethod.POST || !PATH.equals(request.path())) {
      throw Rejection.notFound();
    }
    HeaderRules.check(request.headers(), expectedKeys);
    Rejection.requireValid(body != null, "There was an error parsing the body: expected a JSON object");
    BodyRules.check(body);
  }

  private Reply nextReply(String key) {
    Queue<Reply> forKey = keyScripts.get(key);
    Reply scripted = forKey != null ? forKey.poll() : null;
    if (scripted == null) {
      scripted = script.poll();
    }
    return scripted != null ? scripted : defaultReply;
  }

  private static String bearer(String authorization) {
    return authorization != null && authorization.startsWith("Bearer ") ? authorization.substring(7) : authorization;
  }

  private static JsonObject parseObject(Buffer rawBody) {
    try {
      Object json = Json.decodeValue(rawBody);
      return json instanceof JsonObject object ? object : null;
    } catch (DecodeException notJson) {
      return null;
    }
  }

  private void countCancelledStream() {
    List<Promise<Void>> reached = new ArrayList<>();
    synchronized (this) {
      cancelledStreams++;
      cancelWaiters.removeIf(waiter -> waiter.count() <= cancelledStreams && reached.add(waiter.promise()));
    }
    reached.forEach(Promise::complete);
  }
}
