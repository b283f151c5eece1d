package dev.factoryproxy.http;

import dev.factoryproxy.bus.Bus;
import dev.factoryproxy.bus.JsonMaps;
import dev.factoryproxy.translate.OpenAiErrors;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.Map;

/**
 * The HTTP side of one chat completion: receives the upstream verticle's numbered messages from the inbox and
 * writes them to the client, in order, with flow control back to the upstream and a timer so that a lost
 * upstream (a dead node) ends the request with an error instead of a hang.
 */
final class Exchange {
  private final Vertx vertx;
  private final RoutingContext ctx;
  private final HttpServerResponse response;
  private final Timeouts timeouts;
  private final String streamId;
  private final List<String> warnings;
  private final AccessLog.Entry log;
  private final Runnable onDone;
  private long expectedSeq;
  private long timer = -1;
  private String control;
  private boolean headWritten;
  private boolean paused;
  private boolean finished;

  /** How long to wait: for the first message, and between two messages of a running stream. */
  record Timeouts(int firstMessageMs, int streamIdleMs) {
  }

  Exchange(Vertx vertx, RoutingContext ctx, Timeouts timeouts, String streamId, List<String> warnings,
           AccessLog.Entry log, Runnable onDone) {
    this.vertx = vertx;
    this.ctx = ctx;
    this.response = ctx.response();
    this.timeouts = timeouts;
    this.streamId = streamId;
    this.warnings = warnings;
    this.log = log;
    this.onDone = onDone;
    armTimer(timeouts.firstMessageMs());
    response.closeHandler(v -> onClientGone());
  }

  String streamId() {
    return streamId;
  }

  /** The upstream instance running the call acknowledged it; control messages go there. */
  void controlledBy(String address) {
    if (control == null) {
      control = address;
      if (finished) {
        sendControl(Bus.CANCEL); // the client left before the acknowledgement arrived
      }
    }
  }

  void onMessage(Message<Object> message) {
    if (finished) {
      return;
    }
    long seq = Long.parseLong(message.headers().get(Bus.H_SEQ));
    if (seq != expectedSeq) {
      failMidway(502, "Part of the upstream answer was lost in transit (expected message "
        + expectedSeq + ", got " + seq + ")", "api_error", "stream_interrupted");
      return;
    }
    expectedSeq++;
    switch (message.headers().get(Bus.H_KIND)) {
      case Bus.COMPLETE -> complete((JsonObject) message.body());
      case Bus.HEAD -> head((JsonObject) message.body());
      case Bus.DATA -> data((Buffer) message.body());
      case Bus.END -> end((JsonObject) message.body());
      default -> { }
    }
  }

  /** The request could not be dispatched, or the proxy itself gave up; nothing was sent yet or it is a stream. */
  void failMidway(int status, String message, String type, String code) {
    if (finished) {
      return;
    }
    JsonObject error = OpenAiErrors.body(message, type, null, code);
    if (headWritten) {
      response.end(Buffer.buffer(OpenAiErrors.streamFrame(error)));
      log.error(code);
    } else {
      writeJson(status, Map.of(), error);
    }
    sendControl(Bus.CANCEL);
    finish(status);
  }

  private void complete(JsonObject message) {
    int status = message.getInteger("status");
    JsonObject body = message.getJsonObject("body");
    if (status == 200) {
      log.usage(body.getJsonObject("usage"), firstFinishReason(body));
    } else {
      log.error(errorCode(body));
    }
    writeJson(status, JsonMaps.fromJson(message.getJsonObject("headers")), body);
    finish(status);
  }

  private void head(JsonObject message) {
    controlledBy(message.getString("control"));
    headWritten = true;
    response.setStatusCode(message.getInteger("status"))
      .setChunked(true)
      .putHeader("content-type", "text/event-stream; charset=utf-8")
      .putHeader("cache-control", "no-cache")
      .putHeader("x-accel-buffering", "no");
    JsonMaps.fromJson(message.getJsonObject("headers")).forEach(response::putHeader);
    putCommonHeaders();
    log.firstToken();
    armTimer(timeouts.streamIdleMs());
  }

  private void data(Buffer frames) {
    armTimer(timeouts.streamIdleMs());
    response.write(frames);
    if (!paused && response.writeQueueFull()) {
      paused = true; // a slow reader: stop reading from Factory until the socket drains
      sendControl(Bus.PAUSE);
      response.drainHandler(v -> {
        paused = false;
        sendControl(Bus.RESUME);
      });
    }
  }

  private void end(JsonObject summary) {
    log.usage(summary.getJsonObject("usage"), summary.getString("finishReason"));
    if (summary.getString("error") != null) {
      log.error(summary.getString("error"));
    }
    response.end();
    finish(200);
  }

  private void onClientGone() {
    if (!finished) {
      log.error(AccessLog.CLIENT_CLOSED);
      sendControl(Bus.CANCEL);
      finish(499);
    }
  }

  private void onTimeout() {
    if (headWritten) {
      failMidway(504, "The upstream answer stalled: no data for " + timeouts.streamIdleMs() + " ms",
        "timeout_error", "stream_timeout");
    } else {
      failMidway(504, "No answer from the upstream within " + timeouts.firstMessageMs() + " ms",
        "timeout_error", "timeout");
    }
  }

  private void writeJson(int status, Map<String, String> headers, JsonObject body) {
    if (response.ended() || response.closed()) {
      return;
    }
    response.setStatusCode(status).putHeader("content-type", "application/json");
    headers.forEach(response::putHeader);
    putCommonHeaders();
    response.end(body.toBuffer());
  }

  private void putCommonHeaders() {
    if (!warnings.isEmpty()) {
      response.putHeader("x-proxy-warning", String.join("; ", warnings));
    }
  }

  private void sendControl(String kind) {
    if (control != null) {
      vertx.eventBus().send(control, null, new DeliveryOptions().addHeader(Bus.H_KIND, kind).addHeader(Bus.H_STREAM, streamId));
    }
  }

  private void armTimer(int ms) {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    timer = vertx.setTimer(ms, id -> onTimeout());
  }

  private void finish(int status) {
    finished = true;
    vertx.cancelTimer(timer);
    log.done(status);
    onDone.run();
  }

  private static String firstFinishReason(JsonObject completion) {
    var choices = completion.getJsonArray("choices");
    return choices == null || choices.isEmpty() ? null : choices.getJsonObject(0).getString("finish_reason");
  }

  private static String errorCode(JsonObject body) {
    JsonObject error = body.getJsonObject("error");
    if (error == null) {
      return "error";
    }
    return error.getString("code") != null ? error.getString("code") : error.getString("type");
  }
}
