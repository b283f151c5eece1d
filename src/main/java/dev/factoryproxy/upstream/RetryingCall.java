package dev.factoryproxy.upstream;

import dev.factoryproxy.bus.StreamSender;
import dev.factoryproxy.bus.UpstreamJob;
import dev.factoryproxy.config.ModelInfo;
import dev.factoryproxy.dialect.Pipeline;
import dev.factoryproxy.config.Secrets;
import dev.factoryproxy.translate.OpenAiErrors;
import dev.factoryproxy.translate.UpstreamErrorMapper;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Timer;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

import java.util.Map;

/**
 * One job as one or more {@link UpstreamCall}s. A call that fails before anything reached the client (connection
 * error, timeout, 429, 529, 5xx, a refused key) is tried again on the next usable key, after a backoff or the wait
 * Factory asked for, within the retry policy; once the client has an answer or a stream head nothing is retried.
 * Refused keys are set aside and rate-limited ones cool down in the {@link KeyPool}, so other requests avoid them.
 */
final class RetryingCall {
  private static final Logger LOG = LoggerFactory.getLogger(RetryingCall.class);
  static final String NO_UPSTREAM_KEY = "no_upstream_key";

  private final Vertx vertx;
  /** With its body until the client has a stream head (a retry sends the body again), then without. */
  private UpstreamJob job;
  private final StreamSender out;
  private final UpstreamCall.Settings settings;
  private final KeyPool keys;
  private final boolean sharedKeys;
  private final Pipeline pipeline;
  private final ModelInfo model;
  /** QU4: the quota pool the model draws on, which the key pool prefers credentials with quota left in. */
  private final String quotaPool;
  private final long startedAt = System.nanoTime();
  private final Promise<UpstreamCall.Outcome> done = Promise.promise();
  private UpstreamCall current;
  private Timer backoffTimer;
  private boolean cancelled;
  private int attempts;
  private int missedHeartbeats;
  /** Keys Factory refused during this job: the fallback to a set-aside key (K1) never tries one twice. */
  private final java.util.Set<String> refused = new java.util.HashSet<>();
  /** CL6: a Droid login Factory answered 401 is refreshed once per job, then asked again. */
  private boolean loginRefreshed;
  /** The error answer to the client, sent by {@link #run} once the outcome is recorded (AE4). */
  private Runnable lastWord;

  /**
   * @param keys       the node's pool, or a one-key pool holding a passthrough client's own key
   * @param sharedKeys whether {@code keys} are the proxy's (a refused key is then the proxy's problem, not the client's)
   */
  RetryingCall(Vertx vertx, UpstreamJob job, StreamSender out, UpstreamCall.Settings settings, KeyPool keys,
               boolean sharedKeys, Pipeline pipeline, ModelInfo model) {
    this.pipeline = pipeline;
    this.model = model;
    this.quotaPool = QuotaBook.poolFor(model);
    this.vertx = vertx;
    this.job = job;
    this.out = out;
    this.settings = settings;
    this.keys = keys;
    this.sharedKeys = sharedKeys;
  }

  Future<UpstreamCall.Outcome> run() {
    call(null).onComplete(result -> {
      if (result.succeeded()) {
        done.tryComplete(result.result());
      } else {
        done.tryFail(result.cause());
      }
      // AE4: the outcome's listeners (health, status page) have the call before its client has the error
      if (lastWord != null) {
        lastWord.run();
      }
    });
    return done.future();
  }

  /** Flow-control credit from the HTTP side (see {@link dev.factoryproxy.bus.Bus#FLOW_WINDOW_BYTES}). */
  void acknowledged(int bytes) {
    if (current != null) {
      current.acknowledged(bytes);
    }
  }

  /** The HTTP inbox holding this job's client, and the job's stream there (for the upstream verticle's beats). */
  String inbox() {
    return job.inbox();
  }

  String streamId() {
    return job.streamId();
  }

  /**
   * Liveness both ways, for the whole job (retries and backoffs included), once per period: the HTTP side learns
   * the job is alive; the job learns whether the client still is. Normally the upstream verticle beats for all its
   * jobs of one inbox in one message ({@link HeartbeatSweep}); this is one job's own beat, for an HTTP node that
   * did not answer that.
   */
  void heartbeat() {
    out.heartbeat(settings.heartbeatMs() * 2L).onComplete(result -> {
      if (result.failed()) {
        beatMissed(result.cause());
      } else if (result.result()) {
        beatAnswered();
      } else {
        cancel();
      }
    });
  }

  /** The HTTP side holds the client still. */
  void beatAnswered() {
    missedHeartbeats = 0;
  }

  /** A beat was not answered: an HTTP node that cannot be reached (it died) cancels the job. */
  void beatMissed(Throwable cause) {
    if (cause instanceof ReplyException e && e.failureType() == ReplyFailure.NO_HANDLERS || ++missedHeartbeats >= 2) {
      LOG.warn("[{}] the HTTP side is unreachable ({}): cancelling the call", job.requestId(), cause.getMessage());
      cancel();
    }
  }

  /** The client went away: stop the running call, or the wait before the next one. */
  void cancel() {
    cancelled = true;
    if (backoffTimer != null) {
      backoffTimer.cancel();
    }
    if (current != null) {
      current.cancel();
    }
    done.tryComplete(new UpstreamCall.Outcome(499, "client_cancelled"));
  }

  /** The next call, on the next usable key; {@code last} is the failure that led here (null at first). */
  private Future<UpstreamCall.Outcome> call(UpstreamFailure last) {
    if (cancelled) {
      return done.future();
    }
    String key = keys.acquire(quotaPool);
    if (key == null) {
      return waitForKey(last);
    }
    return callWith(key);
  }

  private Future<UpstreamCall.Outcome> callWith(String key) {
    String bearer = keys.bearer(key);
    if (bearer == null) { // a Droid login that lost its token meanwhile (its refresh was refused)
      refused.add(key);
      return call(null);
    }
    attempts++;
    current = new UpstreamCall(vertx, job, out, settings, pipeline, model, this::streamStarted);
    return current.run(bearer)
      .onSuccess(outcome -> {
        if (outcome.status() == 200) {
          keys.confirm(key); // K2: a key Factory accepts is usable again, whatever set it aside
        }
      })
      .recover(error -> error instanceof UpstreamFailure failure
        ? afterFailure(key, bearer, failure)
        : Future.failedFuture(error));
  }

  /** The client has a stream head: nothing is retried from now on, so the request body is not kept. */
  private void streamStarted() {
    job = job.withoutBody();
  }

  /** Every key is cooling down or set aside: wait for one if the policy allows, else answer now. */
  private Future<UpstreamCall.Outcome> waitForKey(UpstreamFailure last) {
    long wait = keys.msUntilUsable();
    String whyNot = settings.retry().whyNot(attempts, elapsedMs(), wait);
    if (whyNot != null) {
      String fallback = keys.soonestSetAside(refused);
      if (fallback != null && settings.retry().whyNot(attempts, elapsedMs(), 0) == null) {
        // K1: no usable key, but one set aside: ask Factory rather than answer for it
        LOG.info("[{}] every Factory key is set aside; trying {} (its set-aside ends first)", job.requestId(),
          keys.shown(fallback));
        return callWith(fallback);
      }
      LOG.warn("[{}] no usable Factory key, not waiting: {}", job.requestId(), whyNot);
      return Future.succeededFuture(answer(last));
    }
    LOG.info("[{}] no usable Factory key; waiting {} ms for a cooldown to end", job.requestId(), wait);
    return after(wait).compose(v -> call(last));
  }

  private Future<UpstreamCall.Outcome> afterFailure(String key, String bearer, UpstreamFailure failure) {
    if (cancelled) {
      return done.future();
    }
    if (failure.status() == 401 && !loginRefreshed && keys.isLogin(key)) {
      // CL6: the access token may have been revoked or expired early: one refresh, then the same login again
      loginRefreshed = true;
      LOG.info("[{}] Factory answered 401 to Droid login {}; refreshing it once", job.requestId(), keys.shown(key));
      return keys.refreshLogin(key, bearer)
        .compose(v -> cancelled ? done.future() : callWith(key),
          error -> afterFailure(key, bearer, failure));
    }
    UpstreamFailure.Kind kind = failure.kind();
    if (kind == UpstreamFailure.Kind.KEY_REFUSED) {
      refused.add(key);
      keys.setAside(key, failure.status(), failure.quotaResetMs()); // K3: until the quota resets, when Factory says
      if (failure.status() == 402 && sharedKeys) {
        keys.quota().pollSoon(key); // QU1: what is left elsewhere in this credential's quota, soon
      }
    } else if (kind == UpstreamFailure.Kind.RATE_LIMITED) {
      long retryAfter = failure.retryAfterMs();
      keys.coolDown(key, retryAfter >= 0 ? retryAfter : settings.keyCooldownMs());
    }
    // a refused key: the next call (another usable key, else a set-aside one not yet tried, K1) may start now
    long wait = kind == UpstreamFailure.Kind.KEY_REFUSED ? 0
      : Math.max(kind == UpstreamFailure.Kind.TRANSIENT ? backoffMs(failure) : 0, keys.msUntilUsable());
    String whyNot = kind == UpstreamFailure.Kind.FINAL ? "not retryable"
      : kind == UpstreamFailure.Kind.KEY_REFUSED && !anotherKeyToTry() ? "no other key to try"
      : settings.retry().whyNot(attempts, elapsedMs(), wait);
    logFailure(key, failure, wait, whyNot);
    if (whyNot != null) {
      return Future.succeededFuture(answer(failure));
    }
    settings.metrics().retry(failure.reason());
    return after(wait).compose(v -> call(failure));
  }

  /** After a refusal: a key usable now or after a cooldown, or a set-aside one not refused to this job yet (K1). */
  private boolean anotherKeyToTry() {
    return keys.msUntilUsable() != KeyPool.NEVER || keys.soonestSetAside(refused) != null;
  }

  /** A pool key by its prefix (as health shows it); a passthrough client's own key by its digest id (I1). */
  private String shown(String key) {
    return sharedKeys ? keys.shown(key) : Secrets.id(key);
  }

  /** Full-jitter backoff, but never shorter than what Factory asked for. */
  private long backoffMs(UpstreamFailure failure) {
    return Math.max(settings.retry().backoffMs(attempts), failure.retryAfterMs());
  }

  private void logFailure(String key, UpstreamFailure failure, long wait, String whyNot) {
    String action = switch (failure.kind()) {
      case KEY_REFUSED -> "key set aside; ";
      case RATE_LIMITED -> "key cooling down; ";
      default -> "";
    };
    String next = whyNot == null ? "retrying in " + wait + " ms" : "not retried: " + whyNot;
    // a request Factory found invalid is the client's business (the access log has it); the rest is operations'
    LoggingEventBuilder event = failure.kind() == UpstreamFailure.Kind.FINAL ? LOG.atDebug() : LOG.atWarn();
    event.addKeyValue("request_id", job.requestId())
      .addKeyValue("attempt", attempts)
      .addKeyValue("key", shown(key))
      .addKeyValue("cause", failure.reason())
      .addKeyValue("retried", whyNot == null);
    if (whyNot == null) {
      event.addKeyValue("delay_ms", wait);
    }
    event.log("[{}] attempt {} with key {} failed: {}; {}{}", job.requestId(), attempts, shown(key),
      failure.getMessage(), action, next);
  }

  /**
   * The last word to the client: the last failure as an OpenAI error (Factory's own 401/402/403 included, K1, K4),
   * or, when no call could be made at all (every key cooling down), that no key could be used.
   */
  private UpstreamCall.Outcome answer(UpstreamFailure last) {
    if (last == null) {
      return noUsableKey();
    }
    if (sharedKeys && last.kind() == UpstreamFailure.Kind.KEY_REFUSED) {
      LOG.warn("[{}] Factory refused the proxy's key(s) with {}: passing Factory's answer on", job.requestId(),
        last.status());
    }
    UpstreamErrorMapper.MappedError error = last.toClientError(pipeline, settings.passThrough529());
    lastWord = () -> out.complete(error.status(), error.headers(), error.body());
    return new UpstreamCall.Outcome(error.status(), last.reason(), last);
  }

  private UpstreamCall.Outcome noUsableKey() {
    long wait = keys.msUntilUsable();
    Map<String, String> headers = wait == KeyPool.NEVER ? Map.of()
      : Map.of("retry-after", Long.toString(Math.max(1, (wait + 999) / 1000)));
    JsonObject body = pipeline.errorBody(503, OpenAiErrors.body("No Factory key is usable right now: the "
      + "proxy's keys were refused by Factory or are rate-limited, or its Droid login could not be refreshed "
      + "(see /health)", "api_error", null, NO_UPSTREAM_KEY));
    lastWord = () -> out.complete(503, headers, body);
    return new UpstreamCall.Outcome(503, NO_UPSTREAM_KEY);
  }

  private Future<Void> after(long ms) {
    if (ms <= 0) {
      return Future.succeededFuture();
    }
    backoffTimer = vertx.timer(ms);
    return backoffTimer;
  }

  private long elapsedMs() {
    return (System.nanoTime() - startedAt) / 1_000_000;
  }
}
