package dev.factoryproxy.credentials;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.io.PrintStream;

/**
 * A new Droid login by WorkOS's device flow (DL1–DL3): asks for a device code, shows the user where to confirm it,
 * polls until they did (at WorkOS's interval, slower when it says {@code slow_down}, never past the code's
 * lifetime), then saves the pair to the auth file the way a refresh does (atomically, owner-only, CL3). What it
 * prints is for a person: the page, the code, the account; never a token or the device code.
 */
final class DeviceLogin {
  /** RFC 8628 §3.5: {@code slow_down} adds 5 s to the interval, for this and every later poll. */
  static final long SLOW_DOWN_STEP_MS = 5_000;

  /** Time as the poller sees it; the tests' clock records the waits and skips them. */
  interface Clock {
    long nowMs();

    Future<Void> sleep(long ms);

    static Clock of(Vertx vertx) {
      return new Clock() {
        @Override
        public long nowMs() {
          return System.currentTimeMillis();
        }

        @Override
        public Future<Void> sleep(long ms) {
          return vertx.timer(ms).mapEmpty();
        }
      };
    }
  }

  /** The login did not complete; the message says why and what to do, in plain words. */
  static final class Failed extends RuntimeException {
    Failed(String message) {
      super(message, null, false, false);
    }
  }

  /** @param email the account WorkOS named, or null */
  record LoggedIn(String email) {
  }

  private final WorkOsDeviceClient workOs;
  private final AuthFile file;
  private final Clock clock;
  private final PrintStream out;
  private final PrintStream err;

  DeviceLogin(WorkOsDeviceClient workOs, AuthFile file, Clock clock, PrintStream out, PrintStream err) {
    this.workOs = workOs;
    this.file = file;
    this.clock = clock;
    this.out = out;
    this.err = err;
  }

  /** Runs the whole flow; fails with {@link Failed} (or the error that stopped it) when nothing was saved. */
  Future<LoggedIn> run() {
    return workOs.authorize()
      .recover(error -> Future.failedFuture(new Failed(error instanceof WorkOsDeviceClient.Refused
        ? error.getMessage() : "WorkOS cannot be reached at " + workOs.baseUrl() + " (" + describe(error) + ")")))
      .compose(code -> {
        show(code);
        return poll(code, code.intervalS() * 1000, clock.nowMs() + code.expiresInS() * 1000);
      })
      .compose(granted -> file.write(granted.tokens().accessToken(), granted.tokens().refreshToken())
        .recover(error -> Future.failedFuture(new Failed("WorkOS confirmed the login, but " + file.path()
          + " cannot be written (" + describe(error) + "); nothing was saved, run login again")))
        .map(saved -> new LoggedIn(granted.email())));
  }

  private void show(WorkOsDeviceClient.DeviceCode code) {
    out.println("To log in to Factory, open this page in a browser:");
    out.println();
    String page = code.verificationUriComplete() != null ? code.verificationUriComplete() : code.verificationUri();
    out.println("    " + page);
    out.println();
    out.println("and confirm the code " + code.userCode()
      + (code.verificationUriComplete() != null ? " (or open " + code.verificationUri() + " and enter it)" : "")
      + ".");
    out.println("Waiting for the confirmation (the code expires in " + minutes(code.expiresInS()) + ") ...");
    out.flush();
  }

  /** DL2: one poll per interval, until WorkOS answers for good or the code's lifetime is over. */
  private Future<WorkOsDeviceClient.PollAnswer> poll(WorkOsDeviceClient.DeviceCode code, long intervalMs,
                                                     long deadlineMs) {
    return clock.sleep(intervalMs).compose(slept -> {
      if (clock.nowMs() >= deadlineMs) {
        return Future.failedFuture(new Failed("the code expired before it was confirmed (after "
          + minutes(code.expiresInS()) + "); run login again"));
      }
      return workOs.poll(code.deviceCode()).transform(polled -> {
        if (polled.failed()) {
          if (polled.cause() instanceof WorkOsDeviceClient.Refused refused) {
            return Future.failedFuture(new Failed(refused.getMessage() + "; run login again"));
          }
          // a lost answer (connection cut, 5xx): the code is still good, so the next poll may well succeed
          err.println("WorkOS did not answer (" + describe(polled.cause()) + "); trying again");
          return poll(code, intervalMs, deadlineMs);
        }
        WorkOsDeviceClient.PollAnswer answer = polled.result();
        return switch (answer.status()) {
          case GRANTED -> Future.succeededFuture(answer);
          case PENDING -> poll(code, intervalMs, deadlineMs);
          case SLOW_DOWN -> poll(code, intervalMs + SLOW_DOWN_STEP_MS, deadlineMs);
          case DENIED -> Future.failedFuture(new Failed("the login was declined in the browser (access_denied)"));
          case EXPIRED -> Future.failedFuture(new Failed("the code expired before it was confirmed "
            + "(expired_token); run login again"));
        };
      });
    });
  }

  private static String minutes(long seconds) {
    return seconds % 60 == 0 ? seconds / 60 + " min" : seconds + " s";
  }

  /** In plain words: the proxy's own message, else the kind of error (a library's message could echo a code). */
  private static String describe(Throwable error) {
    if (error instanceof WorkOsDeviceClient.Unexpected) {
      return error.getMessage();
    }
    if (error instanceof java.util.concurrent.TimeoutException
      || error.getClass().getSimpleName().contains("Timeout")) {
      return "timed out"; // Netty's connect timeout is a ConnectException too: asked first
    }
    if (error instanceof java.net.ConnectException) {
      return "connection refused";
    }
    if (error instanceof io.vertx.core.http.HttpClosedException) {
      return "connection closed";
    }
    if (error instanceof java.net.UnknownHostException) {
      return "unknown host";
    }
    if (error instanceof javax.net.ssl.SSLException) {
      return "TLS error";
    }
    return error.getClass().getSimpleName();
  }
}
