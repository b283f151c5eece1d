package dev.factoryproxy.http;

import dev.factoryproxy.ops.TimeoutQueue;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * D1–D3: client connections that never finish a request are closed (slowloris, issue 10 §6): a request head must
 * arrive within {@code headerTimeoutMs} of connecting (D1), a body within {@code bodyTimeoutMs} of its head (D2, a
 * 408), and a kept-alive connection with no request in flight is closed after {@code keepAliveTimeoutMs} (D3,
 * which also bounds a half-sent second head). While a response is being written nothing is cut: long streams and
 * slow upstream answers have their own limits. One instance per HTTP verticle, used on its event loop only.
 */
final class ConnectionDeadlines {
  private final long bodyTimeoutMs;
  private final long keepAliveTimeoutMs;
  /** One queue per deadline (one Vert.x timer each, not one per connection and request). */
  private final TimeoutQueue headers;
  private final TimeoutQueue bodies;
  private final TimeoutQueue idleChecks;
  private final Map<HttpConnection, Watch> watches = new IdentityHashMap<>();

  /** One connection's current request and deadline. */
  private static final class Watch {
    final HttpConnection connection;
    TimeoutQueue.Timeout deadline;
    HttpServerRequest request;
    long idleSinceMs = -1; // when the last response was first seen complete

    Watch(HttpConnection connection) {
      this.connection = connection;
    }

    void arm(TimeoutQueue queue, Runnable check) {
      cancel();
      deadline = queue.start(check);
    }

    void cancel() {
      if (deadline != null) {
        deadline.cancel();
        deadline = null;
      }
    }
  }

  ConnectionDeadlines(Vertx vertx, long headerTimeoutMs, long bodyTimeoutMs, long keepAliveTimeoutMs) {
    this.bodyTimeoutMs = bodyTimeoutMs;
    this.keepAliveTimeoutMs = keepAliveTimeoutMs;
    this.headers = new TimeoutQueue(vertx, headerTimeoutMs);
    this.bodies = new TimeoutQueue(vertx, bodyTimeoutMs);
    this.idleChecks = new TimeoutQueue(vertx, Math.max(1, keepAliveTimeoutMs / 4));
  }

  /** D1: a new connection has this long to send a complete request head. */
  void onConnection(HttpConnection connection) {
    Watch watch = new Watch(connection);
    watches.put(connection, watch);
    connection.closeHandler(v -> watches.remove(connection).cancel()); // no timer outlives its connection
    watch.arm(headers, () -> {
      if (watch.request == null) {
        connection.close();
      }
    });
  }

  /** D2: the head is in; the body must follow in time. Then D3 watches for the end of the answer. */
  void onRequest(HttpServerRequest request) {
    Watch watch = watches.get(request.connection());
    if (watch == null) {
      return;
    }
    watch.request = request;
    watch.idleSinceMs = -1;
    watch.arm(bodies, () -> bodyDeadline(watch, request));
  }

  private void bodyDeadline(Watch watch, HttpServerRequest request) {
    if (watch.request != request) {
      return;
    }
    if (!request.isEnded()) {
      HttpServerResponse response = request.response();
      if (!response.headWritten() && !response.ended()) {
        response.setStatusCode(408).putHeader("connection", "close").putHeader("content-type", "application/json")
          .end(dev.factoryproxy.translate.OpenAiErrors.body("The request body did not arrive within "
            + bodyTimeoutMs + " ms", "invalid_request_error", null, "request_timeout").encode())
          .onComplete(v -> watch.connection.close());
      } else {
        watch.connection.close();
      }
      return;
    }
    idleCheck(watch, request);
  }

  /**
   * D3, checked a few times per period rather than on every response end (the router owns those handlers): the
   * connection closes once it has been without a request in flight for the keep-alive period (at most 1.25×).
   */
  private void idleCheck(Watch watch, HttpServerRequest request) {
    long step = idleChecks.periodMs();
    watch.arm(idleChecks, () -> {
      if (watch.request != request) {
        return; // a newer request took over the watch
      }
      if (!request.response().ended()) {
        idleCheck(watch, request);
        return;
      }
      long now = System.nanoTime() / 1_000_000;
      if (watch.idleSinceMs < 0) {
        watch.idleSinceMs = now;
      }
      if (now - watch.idleSinceMs + step > keepAliveTimeoutMs) {
        watch.connection.close();
      } else {
        idleCheck(watch, request);
      }
    });
  }
}
