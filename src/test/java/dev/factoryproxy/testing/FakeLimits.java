package dev.factoryproxy.testing;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * Factory's quota endpoints as the strict fakes serve them (factory-upstream.md "Quota"):
 * {@code GET /api/billing/limits} and, for accounts on the older scheme,
 * {@code GET /api/organization/subscription/usage?useCache=true}. The Bearer must be one the fake accepts (else
 * 401, as the LLM routes answer); each key's windows are programmable, and its answer can be made to fail
 * (a status, a body that is not JSON, no answer at all). A key with nothing programmed has every window unused.
 * Owned by a {@link FakeFactory}; a route fake that plays {@code upstream.apiBase} serves the same one
 * ({@link RouteFake#serveLimits}).
 */
public final class FakeLimits {
  public static final String PATH = "/api/billing/limits";
  public static final String LEGACY_PATH = "/api/organization/subscription/usage";

  /** One quota request: its Bearer, path and the status it got (0: never answered). */
  public record Call(String bearer, String path, int status) {
  }

  private enum Failure { STATUS, NOT_JSON, HANG }

  private record Failing(Failure how, int status) {
  }

  private record CallWaiter(String bearer, int count, Promise<Void> promise) {
  }

  private final Supplier<Set<String>> acceptedKeys;
  private final Map<String, JsonObject> limits = new ConcurrentHashMap<>();
  private final Map<String, JsonObject> legacy = new ConcurrentHashMap<>();
  private final Map<String, Failing> failing = new ConcurrentHashMap<>();
  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private final List<CallWaiter> waiters = new ArrayList<>();

  FakeLimits(Supplier<Set<String>> acceptedKeys) {
    this.acceptedKeys = acceptedKeys;
  }

  /** Sets one window of one key: {@code windowEnd} is put as given (ISO text, epoch seconds or ms). */
  public FakeLimits window(String key, String pool, String window, double usedPercent, Object windowEnd) {
    JsonObject json = limits.computeIfAbsent(key, k -> unused());
    json.getJsonObject("limits").getJsonObject(pool).put(window, new JsonObject().put("usedPercent", usedPercent)
      .put("secondsRemaining", 3600).put("windowEnd", windowEnd));
    return this;
  }

  /** The key is on the older billing scheme: the limits endpoint says so, the usage endpoint gives this. */
  public FakeLimits legacy(String key, double standardRatio, double premiumRatio) {
    limits.put(key, new JsonObject().put("usesTokenRateLimitsBilling", false));
    legacy.put(key, new JsonObject().put("usage", new JsonObject()
      .put("standard", new JsonObject().put("usedRatio", standardRatio).put("userTokens", 1).put("totalAllowance", 2))
      .put("premium", new JsonObject().put("usedRatio", premiumRatio))));
    return this;
  }

  /** From now on the key's quota requests get this status (with a plain error body). */
  public FakeLimits failWith(String key, int status) {
    failing.put(key, new Failing(Failure.STATUS, status));
    return this;
  }

  /** From now on the key's quota requests get a 200 whose body is not JSON. */
  public FakeLimits answerNotJson(String key) {
    failing.put(key, new Failing(Failure.NOT_JSON, 200));
    return this;
  }

  /** From now on the key's quota requests are never answered. */
  public FakeLimits hang(String key) {
    failing.put(key, new Failing(Failure.HANG, 0));
    return this;
  }

  /** The key's requests are answered again. */
  public FakeLimits recover(String key) {
    failing.remove(key);
    return this;
  }

  public List<Call> calls() {
    return List.copyOf(calls);
  }

  /** How many quota requests came with this Bearer. */
  public long callsWith(String key) {
    return calls.stream().filter(call -> key.equals(call.bearer())).count();
  }

  /** Completes once {@link #callsWith} reaches {@code count} for this key. */
  public synchronized Future<Void> awaitCalls(String key, int count) {
    if (callsWith(key) >= count) {
      return Future.succeededFuture();
    }
    Promise<Void> promise = Promise.promise();
    waiters.add(new CallWaiter(key, count, promise));
    return promise.future();
  }

  boolean handles(HttpServerRequest request) {
    return request.method() == HttpMethod.GET && (PATH.equals(request.path()) || LEGACY_PATH.equals(request.path()));
  }

  void answer(HttpServerRequest request) {
    String authorization = request.getHeader("authorization");
    String bearer = authorization != null && authorization.startsWith("Bearer ") ? authorization.substring(7) : null;
    int status = status(request, bearer);
    calls.add(new Call(bearer, request.path(), status));
    notifyWaiters();
    if (status == 0) {
      return; // hangs until the client gives up
    }
    var response = request.response().setStatusCode(status).putHeader("content-type", "application/json");
    if (status == 401) {
      response.end(new JsonObject().put("detail", "Unauthorized").put("status", 401).encode());
    } else if (status != 200) {
      response.end(new JsonObject().put("detail", "Internal error").put("status", status).encode());
    } else if (failing.get(bearer) != null) {
      response.end("<html>upstream hiccup</html>");
    } else if (LEGACY_PATH.equals(request.path())) {
      response.end(legacy.get(bearer).encode());
    } else {
      response.end(limits.getOrDefault(bearer, unused()).encode());
    }
  }

  private int status(HttpServerRequest request, String bearer) {
    if (bearer == null || !acceptedKeys.get().contains(bearer)) {
      return 401;
    }
    Failing failure = failing.get(bearer);
    if (failure != null) {
      return failure.how() == Failure.HANG ? 0 : failure.status();
    }
    if (LEGACY_PATH.equals(request.path())) {
      return legacy.containsKey(bearer) && "true".equals(request.getParam("useCache")) ? 200 : 404;
    }
    return 200;
  }

  private void notifyWaiters() {
    List<Promise<Void>> reached = new ArrayList<>();
    synchronized (this) {
      waiters.removeIf(waiter -> callsWith(waiter.bearer()) >= waiter.count() && reached.add(waiter.promise()));
    }
    reached.forEach(Promise::complete);
  }

  /** Every window of both pools at 0 %, ending in an hour, a week and a month. */
  private static JsonObject unused() {
    Instant now = Instant.now();
    JsonObject pools = new JsonObject();
    for (String pool : List.of("standard", "core")) {
      pools.put(pool, new JsonObject()
        .put("fiveHour", window(now.plusSeconds(3_600)))
        .put("weekly", window(now.plusSeconds(7 * 86_400)))
        .put("monthly", window(now.plusSeconds(30 * 86_400))));
    }
    return new JsonObject().put("usesTokenRateLimitsBilling", true).put("limits", pools)
      .put("extraUsageBalanceCents", 0);
  }

  private static JsonObject window(Instant end) {
    return new JsonObject().put("usedPercent", 0.0).put("secondsRemaining", end.getEpochSecond()
      - Instant.now().getEpochSecond()).put("windowEnd", end.toString());
  }
}
