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
  /** SH1: what the cluster shares about this login; null on a single node (then nothing changes). */
  private final LoginSharing sharing;
  /** SH4: how the cluster names this login; see {@link #sharedId}. */
  private String sharedId;
  private io.vertx.core.Context context;

  private String accessToken;
  private String refreshToken;
  private long expiresAtMs = -1;
  private String setAsideReason;
  private long refreshedAtMs;
  private int failuresInARow;
  private Future<Void> inFlight;
  private long timer = -1;

  DroidLogin(Vertx vertx, ProxyConfig.DroidLogin config, LongSupplier wallClockMs) {
    this(vertx, config, wallClockMs, null);
  }

  DroidLogin(Vertx vertx, ProxyConfig.DroidLogin config, LongSupplier wallClockMs, LoginSharing sharing) {
    this.vertx = vertx;
    this.sharing = sharing;
    this.workOs = new WorkOsClient(vertx, config.workosUrl());
    this.file = config.authFile() == null ? null : new AuthFile(vertx, config.authFile());
    this.aheadMs = config.refreshAheadMs();
    this.wallClockMs = wallClockMs;
    this.refreshToken = config.refreshToken();
    // a stable id: the file's path, else the first refresh token (the tokens themselves rotate)
    this.id = Secrets.id(file != null ? "auth-file:" + file.path() : config.refreshToken());
    this.sharedId = id;
  }

  /** Made by the composition root, for the upstream role. */
  public static DroidLogin create(Vertx vertx, ProxyConfig.DroidLogin config) {
    return new DroidLogin(vertx, config, System::currentTimeMillis);
  }

  /** The same on a cluster's node: one node at a time refreshes the login, every node reads its tokens (SH1). */
  public static DroidLogin create(Vertx vertx, ProxyConfig.DroidLogin config, LoginSharing sharing) {
    return new DroidLogin(vertx, config, System::currentTimeMillis, sharing);
  }

  /**
   * Reads the auth file, refreshes at once when the access token is missing or (nearly) expired (CL2), and plans
   * the next refresh. Never fails: a credential that cannot be refreshed is set aside and says so in health.
   */
  public Future<Void> start() {
    context = vertx.getOrCreateContext();
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
        String user = Jwt.subject(accessToken);
        sharedId = user != null ? Secrets.id("droid-user:" + user) : id;
        if (refreshToken == null) {
          setAsideReason = "no refresh token (FACTORY_REFRESH_TOKEN or refresh_token in FACTORY_AUTH_FILE)";
          LOG.warn("Droid login {} set aside: {}", id, setAsideReason);
          return Future.<Void>succeededFuture();
        }
      }
      return joinCluster().compose(joined -> {
        if (msUntilRefresh() <= 0) {
          return refresh().recover(error -> Future.succeededFuture());
        }
        schedule();
        return Future.<Void>succeededFuture();
      });
    });
  }

  /** SH3: in a cluster, the pair another node already holds wins over the file's, and later ones are adopted. */
  private Future<Void> joinCluster() {
    if (sharing == null) {
      return Future.succeededFuture();
    }
    return sharing.watch(sharedId(), tokens -> context.runOnContext(v -> onStored(tokens)))
      .compose(watching -> adoptFromCluster()).<Void>mapEmpty().recover(error -> {
        LOG.warn("Droid login {}: the cluster's tokens cannot be read ({})", id, error.getClass().getSimpleName());
        return Future.succeededFuture();
      });
  }

  /**
   * SH4: how the cluster's nodes recognise one login: the WorkOS user its access token names (the same on every
   * node that holds a copy of the login, whatever the auth file's path), else the login's own {@link #id}.
   */
  public synchronized String sharedId() {
    return sharedId;
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
    Future<Void> attempt = sharing == null ? attempt(token, 0) : leasedRefresh();
    inFlight = attempt;
    attempt.onComplete(result -> {
      synchronized (this) {
        inFlight = null;
      }
      schedule();
    });
    return attempt;
  }

  /**
   * SH1/SH2: in a cluster, only the lease holder refreshes. Holding it, a node first reads the cluster's pair: when
   * another node rotated the refresh token meanwhile, it adopts that pair rather than refresh (with a token that
   * dies ~30 s after rotation, two refreshers sign each other out), and refreshes only if that pair is due too.
   */
  private Future<Void> leasedRefresh() {
    return sharing.lease(sharedId).recover(error -> {
      synchronized (this) {
        failuresInARow++;
      }
      LOG.warn("Droid login {}: no refresh lease ({}); trying again later", id, error.getMessage());
      return Future.failedFuture(error);
    }).compose(lease -> adoptFromCluster().recover(error -> {
      synchronized (this) {
        failuresInARow++; // without the cluster's pair, a refresh might use a token already rotated
      }
      LOG.warn("Droid login {}: the cluster's tokens cannot be read ({}); trying again later", id,
        error.getClass().getSimpleName());
      return Future.failedFuture(error);
    })
      .compose(adopted -> adopted && msUntilRefresh() > 0 ? Future.<Void>succeededFuture()
        : attempt(currentRefreshToken(), 0))
      .eventually(() -> lease.release().recover(error -> Future.succeededFuture())));
  }

  private synchronized String currentRefreshToken() {
    return refreshToken;
  }

  /** SH3: the cluster's pair, when it is not the one this node holds, is saved to the file and handed out. */
  private Future<Boolean> adoptFromCluster() {
    return sharing.current(sharedId).compose(tokens -> {
      synchronized (this) {
        if (tokens == null || tokens.refreshToken().equals(refreshToken)) {
          return Future.succeededFuture(false);
        }
      }
      return save(tokens.accessToken(), tokens.refreshToken()).map(v -> {
        hold(tokens.accessToken(), tokens.refreshToken());
        LOG.info("Droid login {} took the tokens another node refreshed; access token valid until {}", id,
          expiresAtMs < 0 ? "unknown" : java.time.Instant.ofEpochMilli(expiresAtMs));
        return true;
      });
    });
  }

  /** SH3: another node stored a pair (seen by the watch); adopted unless this node is refreshing itself. */
  private void onStored(LoginSharing.Tokens tokens) {
    Future<Void> adopting;
    synchronized (this) {
      if (inFlight != null || tokens.refreshToken().equals(refreshToken)) {
        return;
      }
      adopting = adoptFromCluster().mapEmpty();
      inFlight = adopting;
    }
    adopting.onComplete(done -> {
      synchronized (this) {
        inFlight = null;
      }
      schedule();
    });
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
          lostBecause(error));
        return vertx.timer(LOST_ANSWER_RETRY_MS[replay]).compose(v -> attempt(token, replay + 1));
      }
      synchronized (this) {
        failuresInARow++;
      }
      LOG.warn("Droid login {}: refresh failed ({}); trying again later", id, error.getClass().getSimpleName());
      return Future.failedFuture(error);
    });
  }

  /**
   * CL3: the new pair goes to the file first (SH2: then to the cluster's map, before the lease is released); only
   * then is the new access token handed out.
   */
  /** Why an answer was lost, in words safe to log: WorkOsClient's own messages name only a status, never a token. */
  private static String lostBecause(Throwable error) {
    return error instanceof IllegalStateException && error.getMessage() != null
      && error.getMessage().startsWith("WorkOS answered") ? error.getMessage() : error.getClass().getSimpleName();
  }

  private Future<Void> adopt(WorkOsClient.Tokens tokens) {
    Future<Void> saved = save(tokens.accessToken(), tokens.refreshToken());
    Future<Void> shared = sharing == null ? saved : saved.compose(v -> sharing.store(sharedId(),
      new LoginSharing.Tokens(tokens.accessToken(), tokens.refreshToken())).recover(error -> {
        LOG.error("Droid login {}: the new tokens cannot be stored in the cluster ({}); other nodes may refresh with "
          + "the rotated token", id, error.getClass().getSimpleName());
        return Future.succeededFuture();
      }));
    return shared.map(v -> {
      hold(tokens.accessToken(), tokens.refreshToken());
      LOG.info("Droid login {} refreshed; access token valid until {}", id,
        expiresAtMs < 0 ? "unknown" : java.time.Instant.ofEpochMilli(expiresAtMs));
      return null;
    });
  }

  /** CL3: writes the pair to the auth file, when there is one; a failed write keeps the pair in memory. */
  private Future<Void> save(String access, String refresh) {
    return file == null ? Future.succeededFuture() : file.write(access, refresh).recover(error -> {
      // the old refresh token dies anyway: keep the new pair in memory rather than sign out
      LOG.error("Droid login {}: the auth file {} cannot be written ({}); the new tokens are kept in memory only",
        id, file.path(), error.getClass().getSimpleName());
      return Future.succeededFuture();
    });
  }

  private synchronized void hold(String access, String refresh) {
    accessToken = access;
    refreshToken = refresh;
    expiresAtMs = Jwt.expiryMs(access);
    setAsideReason = null;
    failuresInARow = 0;
    refreshedAtMs = wallClockMs.getAsLong();
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
