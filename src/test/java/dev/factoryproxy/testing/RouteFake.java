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
 * What the strict fakes of Factory's other routes share (modelled on {@link FakeFactory}): a loopback server on one
 * path, a script of replies for valid requests, the route's own error answer for invalid ones, and a record of
 * every request.
 */
abstract class RouteFake {
  static final String HOST = "127.0.0.1";

  /** A request the fake refuses, with the route's own error body. */
  static final class Refusal extends RuntimeException {
    final int status;
    final JsonObject body;

    Refusal(int status, String message, JsonObject body) {
      super(message, null, false, false);
      this.status = status;
      this.body = body;
    }
  }

  /**
   * One request as the fake saw it.
   *
   * @param rejection why validation refused it, or null when it got a scripted reply
   */
  public record Received(MultiMap headers, JsonObject body, int answeredStatus, String rejection) {
  }

  private final Vertx vertx;
  private final String path;
  private final Queue<Reply> script = new ConcurrentLinkedQueue<>();
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private volatile Set<String> expectedKeys = Set.of(FakeFactory.DEFAULT_KEY);
  private HttpServer server;
  private volatile FakeLimits limits;

  RouteFake(Vertx vertx, String path) {
    this.vertx = vertx;
    this.path = path;
  }

  <T extends RouteFake> Future<T> listen(T self) {
    return vertx.createHttpServer().requestHandler(this::handle).listen(0, HOST).map(s -> {
      server = s;
      return self;
    });
  }

  /** The route's full URL on this fake. */
  public String url() {
    return "http://" + HOST + ":" + server.actualPort() + path;
  }

  public Future<Void> close() {
    return server.close();
  }

  /** Bearer values accepted (default {@link FakeFactory#DEFAULT_KEY}). */
  public void expectKeys(String... keys) {
    expectedKeys = Set.of(keys);
  }

  void script(Reply reply) {
    script.add(reply);
  }

  public List<Received> received() {
    return List.copyOf(received);
  }

  /** The Bearer value of every request, in arrival order (quota polls are not requests of the route). */
  public List<String> keysUsed() {
    return received.stream().map(r -> {
      String authorization = r.headers().get("authorization");
      return authorization != null && authorization.startsWith("Bearer ") ? authorization.substring(7) : authorization;
    }).toList();
  }

  public Received lastRequest() {
    return received.isEmpty() ? null : received.get(received.size() - 1);
  }

  /** Throws a {@link Refusal} when the request breaks a rule of the real route. */
  abstract void validate(MultiMap headers, JsonObject body);

  /** The reply once the script is used up. */
  abstract Reply defaultReply();

  /** The route's 401 for a missing or unknown key. */
  abstract Refusal unauthenticated();

  Set<String> expectedKeys() {
    return expectedKeys;
  }

  /** This fake plays {@code upstream.apiBase}: it serves a {@link FakeFactory}'s quota endpoints too. */
  public void serveLimits(FakeLimits served) {
    limits = served;
  }

  private void handle(HttpServerRequest request) {
    FakeLimits served = limits;
    if (served != null && served.handles(request)) {
      served.answer(request);
      return;
    }
    request.body().onSuccess(raw -> answer(request, raw));
  }

  private void answer(HttpServerRequest request, Buffer raw) {
    JsonObject body = parseObject(raw);
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().addAll(request.headers());
    Exchange exchange = new Exchange(vertx, request, body, "req_fake_" + (received.size() + 1), () -> { });
    try {
      if (request.method() != HttpMethod.POST || !path.equals(request.path())) {
        throw new Refusal(404, "no route " + request.path(), new JsonObject().put("detail", "Not Found"));
      }
      String authorization = headers.get("authorization");
      if (authorization == null || !authorization.startsWith("Bearer ")
        || !expectedKeys.contains(authorization.substring(7))) {
        throw unauthenticated();
      }
      validate(headers, body);
    } catch (Refusal refusal) {
      received.add(new Received(headers, body, refusal.status, refusal.getMessage()));
      exchange.sendJson(refusal.status, refusal.body, Map.of());
      return;
    }
    Reply reply = script.poll();
    Reply chosen = reply != null ? reply : defaultReply();
    received.add(new Received(headers, body, chosen.status(), null));
    chosen.answer(exchange);
  }

  private static JsonObject parseObject(Buffer raw) {
    try {
      return Json.decodeValue(raw) instanceof JsonObject object ? object : null;
    } catch (DecodeException notJson) {
      return null;
    }
  }

  /** The identity headers every route insists on (factory-upstream.md "Identity headers"). */
  static String missingIdentityHeader(MultiMap headers) {
    if (!"cli".equals(headers.get("x-factory-client"))) {
      return "x-factory-client: header must be \"cli\"";
    }
    String version = headers.get("x-client-version");
    if (version == null || version.isBlank()) {
      return "Unable to determine client version";
    }
    if (!("factory-cli/" + version).equals(headers.get("user-agent"))) {
      return "user-agent: header must be \"factory-cli/" + version + "\"";
    }
    for (String name : List.of("x-session-id", "x-assistant-message-id")) {
      if (headers.get(name) == null || headers.get(name).isBlank()) {
        return name + ": header is required";
      }
    }
    String type = headers.get("content-type");
    if (type == null || !type.split(";")[0].trim().equalsIgnoreCase("application/json")) {
      return "content-type: expected application/json";
    }
    return null;
  }

  /** The headers the endpoint adds on every route (not a route dialect's identity headers), with fake ids. */
  public static MultiMap endpointHeaders() {
    return MultiMap.caseInsensitiveMultiMap()
      .add("authorization", "Bearer " + FakeFactory.DEFAULT_KEY)
      .add("x-client-version", FakeFactory.CLIENT_VERSION)
      .add("user-agent", "factory-cli/" + FakeFactory.CLIENT_VERSION)
      .add("x-session-id", "00000000-0000-4000-8000-000000000001")
      .add("x-assistant-message-id", "00000000-0000-4000-8000-000000000002")
      .add("content-type", "application/json");
  }
}
