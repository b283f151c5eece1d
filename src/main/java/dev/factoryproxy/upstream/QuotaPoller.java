package dev.factoryproxy.upstream;

import dev.factoryproxy.ops.ProxyMetrics;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

/**
 * QU1: asks Factory's limits endpoint ({@code GET {apiBase}/api/billing/limits}, the credential's Bearer) about
 * every credential of the node's pool: at start (not awaited: start-up never waits for it), every
 * {@code upstream.quotaPollMs}, and soon after a 402 for one credential. Accounts on the older billing scheme are
 * asked {@code /api/organization/subscription/usage?useCache=true} next (QU2). A failed poll keeps the last values
 * and records why (QU6); nothing is retried in a loop, the next poll is the next period's or the next 402's.
 */
final class QuotaPoller {
  private static final Logger LOG = LoggerFactory.getLogger(QuotaPoller.class);
  static final String LIMITS_PATH = "/api/billing/limits";
  static final String LEGACY_PATH = "/api/organization/subscription/usage?useCache=true";
  /** QU6: a poll that has no answer within this long failed. */
  static final int TIMEOUT_MS = 10_000;
  /** QU1: the early poll after a 402 comes this long after it. */
  static final long EARLY_POLL_MS = 1_000;

  /** A poll failure in plain words (never a token, never Factory's body). */
  private static final class PollFailure extends RuntimeException {
    PollFailure(String message) {
      super(message, null, false, false);
    }
  }

  private final Vertx vertx;
  private final KeyPool pool;
  private final QuotaBook book;
  private final String apiBase;
  private final String userAgent;
  private final long intervalMs;
  private final ProxyMetrics metrics;
  private final HttpClient client;
  /** Credentials with a poll running: never two at once for one credential. */
  private final Set<String> running = ConcurrentHashMap.newKeySet();
  /** Credentials with an early poll planned (QU1: a 402 storm is one poll, at most one a second). */
  private final Set<String> planned = ConcurrentHashMap.newKeySet();

  QuotaPoller(Vertx vertx, KeyPool pool, String apiBase, String clientVersion, long intervalMs,
              ProxyMetrics metrics) {
    this.vertx = vertx;
    this.pool = pool;
    this.book = pool.quota();
    this.apiBase = apiBase;
    this.userAgent = "factory-cli/" + clientVersion;
    this.intervalMs = intervalMs;
    this.metrics = metrics;
    this.client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(TIMEOUT_MS));
  }

  /** The first round now, then one every period; 402s ask for early polls from now on. */
  void start() {
    book.onPollSoon(this::pollSoon);
    pollAll();
    vertx.setPeriodic(intervalMs, id -> pollAll());
  }

  private void pollAll() {
    pool.handles().forEach(this::poll);
  }

  /** QU1: after a 402, one poll of that credential soon, however many 402s come meanwhile. */
  private void pollSoon(String handle) {
    if (planned.add(handle)) {
      vertx.setTimer(EARLY_POLL_MS, id -> {
        planned.remove(handle);
        poll(handle);
      });
    }
  }

  /** One credential's poll; completes when the book has its outcome (never fails). */
  Future<Void> poll(String handle) {
    if (!running.add(handle)) {
      return Future.succeededFuture();
    }
    String bearer = pool.bearer(handle);
    Future<QuotaReport> report = bearer == null
      ? Future.failedFuture(new PollFailure("no access token to ask with (the Droid login is not refreshed)"))
      : get(LIMITS_PATH, bearer).compose(answer -> QuotaReport.usesTokenLimits(answer)
        ? Future.succeededFuture(QuotaReport.fromLimits(answer, System.currentTimeMillis()))
        : get(LEGACY_PATH, bearer).map(QuotaReport::fromLegacyUsage));
    return report.transform(result -> {
      running.remove(handle);
      if (result.succeeded()) {
        book.record(handle, result.result());
        registerGauges(handle, result.result());
      } else {
        String why = describe(result.cause());
        book.failed(handle, why);
        LOG.warn("quota poll for {} failed: {}; keeping its last known quota", pool.shown(handle), why);
      }
      return Future.succeededFuture();
    });
  }

  /** QU8: one gauge per window the answer named (registering again is a no-op). */
  private void registerGauges(String handle, QuotaReport report) {
    String shown = pool.shown(handle);
    report.windows().forEach((quotaPool, windows) -> windows.keySet().forEach(window ->
      metrics.upstreamQuota(shown, quotaPool, window, () -> book.usedPercent(handle, quotaPool, window))));
  }

  private Future<JsonObject> get(String path, String bearer) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(apiBase + path)
      .setIdleTimeout(TIMEOUT_MS)
      .setHeaders(MultiMap.caseInsensitiveMultiMap().add("authorization", "Bearer " + bearer)
        .add("accept", "application/json").add("x-factory-client", "cli").add("user-agent", userAgent));
    return client.request(options)
      .compose(request -> request.send().compose(response -> response.body().map(body -> {
        if (response.statusCode() != 200) {
          throw new PollFailure("Factory answered " + response.statusCode() + " to " + path.split("\\?")[0]);
        }
        return json(body, path);
      })));
  }

  private static JsonObject json(Buffer body, String path) {
    try {
      return new JsonObject(body);
    } catch (DecodeException | ClassCastException notAnObject) {
      throw new PollFailure("the answer to " + path.split("\\?")[0] + " is not a JSON object");
    }
  }

  /** QU6, QU9: why a poll failed, in plain words of the proxy's own making. */
  private static String describe(Throwable error) {
    if (error instanceof PollFailure || error instanceof QuotaReport.Unreadable) {
      return error.getMessage();
    }
    if (error instanceof TimeoutException || error.getClass().getSimpleName().contains("Timeout")) {
      return "no answer within " + TIMEOUT_MS / 1000 + " s";
    }
    if (error instanceof ConnectException) {
      return "connection refused";
    }
    if (error instanceof UnknownHostException) {
      return "unknown host";
    }
    return "the call failed (" + error.getClass().getSimpleName() + ")";
  }
}
