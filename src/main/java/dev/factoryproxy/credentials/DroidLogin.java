package dev.factoryproxy.credentials;

import dev.factoryproxy.config.ProxyConfig;
import dev.factoryproxy.config.Secrets;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.LongSupplier;

/**
 * One Droid login credential (issue 15, rules CL1–CL7 in docs/credentials.md): a WorkOS access token, refreshed
 * before its JWT {@code exp} with the rotating refresh token. The new pair is written to the auth file before the
 * new access token is handed out (CL3); a refresh whose answer was lost is retried with the same old refresh token
 * inside WorkOS's ~30 s grace (CL4); a refresh refused for good sets the credential aside, rechecked only after a
 * growing backoff (CL5). One refresh at a time per credential; the upstream verticles only read {@link #bearer()}.
 * Every token is shown as {@link Secrets#id} at most (CL7).
 */
public final class DroidLogin {
  private static final Logger LOG = LoggerFactory.getLogger(DroidLogin.class);
  /** Waits before replaying a refresh whose answer was lost, all well inside WorkOS's ~30 s grace (CL4). */
  private static final long[] LOST_ANSWER_RETRY_MS = {300, 1_000, 3_000};
  /** A token with no readable {@code exp} is refreshed this often (droid2api's period). */
  private static final long NO_EXPIRY_REFRESH_MS = 6 * 3_600_000L;
  private static final long FIRST_BACKOFF_MS = 5_000;
  private static final long MAX_BACKOFF_MS = 3_600_000;

  private final Vertx vertx;
  private final WorkOsClient workOs;
  private final AuthFile file;
  private final long aheadMs;
  private final LongSupplier wallClockMs;
  private final String id;

  private String accessToken;
  private String refreshToken;
  private long expiresAtMs = -1;
  private String setAsideReason;
  private long refreshedAtMs;
  private int failuresInARow;
  private Future<Void> inFlight;
  private long timer = -1;

  DroidLogin(Vertx vertx, ProxyConfig.DroidLogin config, LongSupplier wallClockMs) {
    this.vertx = vertx;
    this.workOs = new WorkOsClient(vertx, config.workosUrl());
    this.file = config.authFile() == null ? null : new AuthFile(vertx, config.authFile());
    this.aheadMs = config.refreshAheadMs();
    this.wallClockMs = wallClockMs;
    this.refreshToken = config.refreshToken();
    // a stable id: the file's path, else the first refresh token (the tokens themselves rotate)
    this.id = Secrets.id(file != null ? "auth-file:" + file.path() : config.refreshToken());
  }

  /** Made by the composition root, for the upstream role. */
  public static DroidLogin create(Vertx vertx, ProxyConfig.DroidLogin config) {
    return new DroidLogin(vertx, config, System::currentTimeMillis);
  }

  /**
   * Reads the auth file, refreshes at once when the access token is missing or (nearly) expired (CL2), and plans
   * the next refresh. Never fails: a credential that cannot be refreshed is set aside and says so in health.
   */
  public Future<Void> start() {
    Future<JsonObject> stored = file == null ? Future.succeededFuture(new JsonObject()) : file.read();
    return stored.recover(error -> {
      LOG.warn("Droid login {}: the auth file {} cannot be read ({})", id, file.path(),
        error.getClass().getSimpleName());
      return Future.succeededFuture(new JsonObject());
    }).compose(json -> {
      synchronized (this) {
        if (refreshToken == null && json.getValue("refresh_token") instanceof String token && !token.isBlank()) {
          refreshToken = token;
        }
        if (json.getValue("access_token") instanceof String token && !token.isBlank()) {
          accessToken = token;
          expiresAtMs = Jwt.expiryMs(token);
        }
        if (refreshToken == null) {
          setAsideReason = "no refresh token (FACTORY_REFRESH_TOKEN or refresh_token in FACTORY_AUTH_FILE)";
          LOG.warn("Droid login {} set aside: {}", id, setAsideReason);
          return Future.<Void>succeededFuture();
        }
      }
      if (msUntilRefresh() <= 0) {
        return refresh().recover(error -> Future.succeededFuture());
      }
      schedule();
      return Future.<Void>succeededFuture();
    });
  }

  public String id() {
    return id;
  }

  /** The access token to call Factory with now, or null when there is none usable (set aside, or expired). */
  public synchronized String bearer() {
    if (setAsideReason != null || accessToken == null) {
      return null;
    }
    return expiresAtMs >= 0 && expiresAtMs <= wallClockMs.getAsLong() ? null : accessToken;
  }

  public synchronized boolean setAside() {
    return setAsideReason != null;
  }

  /**
   * CL6: Factory answered 401 to {@code staleBearer}. Refreshes once, unless another call already did (the bearer
   * changed since), so a burst of 401s costs one refresh.
   */
  public Future<Void> refreshAfterRefusal(String staleBearer) {
    synchronized (this) {
      if (setAsideReason != null) {
        return Future.failedFuture(new IllegalStateException("set aside"));
      }
      if (accessToken != null && !accessToken.equals(staleBearer)) {
        return Future.succeededFuture();
      }
    }
    return refresh();
  }

  /** One refresh at a time: a caller arriving while one runs shares its outcome. */
  synchronized Future<Void> refresh() {
    if (inFlight != null) {
      return inFlight;
    }
    String token = refreshToken;
    Future<Void> attempt = attempt(token, 0);
    inFlight = attempt;
    attempt.onComplete(result -> {
      synchronized (this) {
        inFlight = null;
      }
      schedule();
    });
    return attempt;
  }

  private Future<Void> attempt(String token, int replay) {
    return workOs.refresh(token).compose(this::adopt).recover(error -> {
      if (error instanceof WorkOsClient.Refused refused) {
        synchronized (this) {
          setAsideReason = refused.getMessage();
          failuresInARow++;
        }
        LOG.warn("Droid login {} set aside: {}", id, refused.getMessage());
        return Future.failedFuture(error);
      }
      if (replay < LOST_ANSWER_RETRY_MS.length) {
        // CL4: the answer (and so the rotated token) may be lost; the old token still works for ~30 s
        LOG.warn("Droid login {}: refresh answer lost ({}); replaying with the same refresh token", id,
          error.getClass().getSimpleName());
        return vertx.timer(LOST_ANSWER_RETRY_MS[replay]).compose(v -> attempt(token, replay + 1));
      }
      synchronized (this) {
        failuresInARow++;
      }
      LOG.warn("Droid login {}: refresh failed ({}); trying again later", id, error.getClass().getSimpleName());
      return Future.failedFuture(error);
    });
  }

  /** CL3: the new pair goes to the file first; only then is the new access token handed out. */
  private Future<Void> adopt(WorkOsClient.Tokens tokens) {
    Future<Void> saved = file == null ? Future.succeededFuture() : file.write(tokens.accessToken(),
      tokens.refreshToken()).recover(error -> {
        // the old refresh token dies anyway: keep the new pair in memory rather than sign out
        LOG.error("Droid login {}: the auth file {} cannot be written ({}); the new tokens are kept in memory only",
          id, file.path(), error.getClass().getSimpleName());
        return Future.succeededFuture();
      });
    return saved.map(v -> {
      synchronized (this) {
        accessToken = tokens.accessToken();
        refreshToken = tokens.refreshToken();
        expiresAtMs = Jwt.expiryMs(tokens.accessToken());
        setAsideReason = null;
        failuresInARow = 0;
        refreshedAtMs = wallClockMs.getAsLong();
      }
      LOG.info("Droid login {} refreshed; access token valid until {}", id,
        expiresAtMs < 0 ? "unknown" : java.time.Instant.ofEpochMilli(expiresAtMs));
      return null;
    });
  }

  /** When to refresh next: before {@code exp}, or after a backoff when the last refresh failed (CL5). */
  private void schedule() {
    long delay;
    synchronized (this) {
      if (timer >= 0) {
        vertx.cancelTimer(timer);
      }
      delay = failuresInARow > 0
        ? Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS << Math.min(20, failuresInARow - 1))
        : Math.max(1_000, msUntilRefresh());
    }
    long id = vertx.setTimer(delay, t -> recheck());
    synchronized (this) {
      timer = id;
    }
  }

  /** A planned refresh; a set-aside credential first looks for a new refresh token in its file (a new login). */
  private void recheck() {
    if (!setAside() || file == null) {
      refresh();
      return;
    }
    file.read().onComplete(read -> {
      if (read.succeeded() && read.result().getValue("refresh_token") instanceof String token && !token.isBlank()) {
        synchronized (this) {
          refreshToken = token;
        }
      }
      refresh();
    });
  }

  private synchronized long msUntilRefresh() {
    if (accessToken == null) {
      return 0;
    }
    if (expiresAtMs < 0) {
      return refreshedAtMs == 0 ? NO_EXPIRY_REFRESH_MS : refreshedAtMs + NO_EXPIRY_REFRESH_MS - wallClockMs.getAsLong();
    }
    return expiresAtMs - aheadMs - wallClockMs.getAsLong();
  }

  /** For health: the id, the state and when the token expires; never a token. */
  public synchronized JsonObject summary() {
    JsonObject summary = new JsonObject().put("id", id).put("kind", "droid_login")
      .put("state", setAsideReason != null ? "set_aside" : bearer() != null ? "usable" : "no_token");
    if (setAsideReason != null) {
      summary.put("reason", setAsideReason);
    }
    if (expiresAtMs >= 0) {
      summary.put("expiresAt", java.time.Instant.ofEpochMilli(expiresAtMs).toString());
    }
    return summary;
  }
}
