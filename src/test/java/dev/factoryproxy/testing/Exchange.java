package dev.factoryproxy.testing;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * One request being answered. Writes JSON, raw or SSE answers, and tells the fake when the client
 * leaves before the answer is complete (a cancelled stream, T14).
 */
final class Exchange {
  private final Vertx vertx;
  private final HttpServerRequest request;
  private final JsonObject body;
  private final Runnable onClientLeft;
  private boolean over;
  private long pendingTimer = -1;

  /**
   * @param body         the request body, or null when it is not a JSON object
   * @param onClientLeft called once if the connection closes before the answer ends
   */
  Exchange(Vertx vertx, HttpServerRequest request, JsonObject body, String requestId, Runnable onClientLeft) {
    this.vertx = vertx;
    this.request = request;
    this.body = body;
    this.onClientLeft = onClientLeft;
    response().putHeader("request-id", requestId);
    response().closeHandler(closed -> clientLeft());
  }

  boolean streamRequested() {
    return body != null && body.getBoolean("stream", false);
  }

  String requestedModel() {
    return body == null ? null : body.getString("model");
  }

  void sendJson(int status, JsonObject json, Map<String, String> headers) {
    headers.forEach(response()::putHeader);
    sendText(status, "application/json", json.encode());
  }

  void sendText(int status, String contentType, String text) {
    over = true;
    response().setStatusCode(status).putHeader("content-type", contentType).end(text);
  }

  /** Sends the events in order, each after its delay; then ends the response, or drops the connection. */
  void stream(List<SseEvent> events, boolean dropConnectionAtEnd) {
    response().setStatusCode(200)
      .putHeader("content-type", "text/event-stream; charset=utf-8")
      .putHeader("cache-control", "no-cache")
      .setChunked(true);
    response().writeHead();
    writeNext(events.iterator(), dropConnectionAtEnd);
  }

  void dropConnection() {
    over = true;
    request.connection().close();
  }

  /** Sends the events at once and then nothing more, leaving the response open. */
  void streamThenStall(List<SseEvent> events) {
    startStream();
    events.forEach(event -> response().write(event.wireText()));
  }

  /** Sends the events, then raw text, then ends the response. */
  void streamThenRaw(List<SseEvent> events, String raw) {
    startStream();
    events.forEach(event -> response().write(event.wireText()));
    over = true;
    response().end(raw);
  }

  private void startStream() {
    response().setStatusCode(200)
      .putHeader("content-type", "text/event-stream; charset=utf-8")
      .setChunked(true);
    response().writeHead();
  }

  /** Sends {@code before}, waits for {@code gate} (completed by the test), then sends {@code after} and ends. */
  void streamGated(List<SseEvent> before, io.vertx.core.Future<Void> gate, List<SseEvent> after) {
    response().setStatusCode(200)
      .putHeader("content-type", "text/event-stream; charset=utf-8")
      .setChunked(true);
    before.forEach(event -> response().write(event.wireText()));
    gate.onSuccess(v -> vertx.runOnContext(x -> writeNext(after.iterator(), false)));
  }

  /**
   * Writes {@code before}, then {@code deltas} one after another as fast as the connection takes them (waiting
   * for it to drain whenever its write queue is full), then {@code after}; {@code written} counts the deltas sent.
   */
  void flood(List<SseEvent> before, Iterator<SseEvent> deltas, List<SseEvent> after,
             java.util.concurrent.atomic.AtomicInteger written) {
    response().setStatusCode(200).putHeader("content-type", "text/event-stream; charset=utf-8").setChunked(true);
    before.forEach(event -> response().write(event.wireText()));
    floodMore(deltas, after, written);
  }

  private void floodMore(Iterator<SseEvent> deltas, List<SseEvent> after, java.util.concurrent.atomic.AtomicInteger written) {
    while (deltas.hasNext() && !over) {
      if (response().writeQueueFull()) {
        response().drainHandler(v -> floodMore(deltas, after, written));
        return;
      }
      response().write(deltas.next().wireText());
      written.incrementAndGet();
    }
    if (!over) {
      writeNext(after.iterator(), false);
    }
  }

  private void writeNext(Iterator<SseEvent> events, boolean dropConnectionAtEnd) {
    if (over) {
      return;
    }
    if (!events.hasNext()) {
      over = true;
      if (dropConnectionAtEnd) {
        request.connection().close();
      } else {
        response().end();
      }
      return;
    }
    SseEvent event = events.next();
    if (event.delayMs() > 0) {
      pendingTimer = vertx.setTimer(event.delayMs(), fired -> writeEvent(event, events, dropConnectionAtEnd));
    } else {
      writeEvent(event, events, dropConnectionAtEnd);
    }
  }

  private void writeEvent(SseEvent event, Iterator<SseEvent> rest, boolean dropConnectionAtEnd) {
    response().write(event.wireText());
    writeNext(rest, dropConnectionAtEnd);
  }

  private void clientLeft() {
    if (over) {
      return;
    }
    over = true;
    vertx.cancelTimer(pendingTimer); // so no write follows the close
    onClientLeft.run();
  }

  private HttpServerResponse response() {
    return request.response();
  }
}
