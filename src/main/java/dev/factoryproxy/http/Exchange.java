package dev.factoryproxy.http;

import dev.factoryproxy.bus.Bus;
import dev.factoryproxy.bus.Control;
import dev.factoryproxy.bus.FlowWindow;
import dev.factoryproxy.bus.HeartbeatReply;
import dev.factoryproxy.bus.StreamEnvelope;
import dev.factoryproxy.bus.StreamMessage;
import dev.factoryproxy.dialect.ClientDialect;
import dev.factoryproxy.ops.CallState;
import dev.factoryproxy.ops.TimeoutQueue;
import dev.factoryproxy.translate.OpenAiErrors;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The HTTP side of one chat completion. It dispatches the call to an upstream verticle, receives that verticle's
 * numbered messages from the {@link Inbox} and writes them to the client in order, with flow control back to the
 * upstream. Two timeouts from the verticle's {@link Timeouts} queues guard it: liveness (no message, not even a
 * heartbeat, for {@code streamIdleMs} means the upstream is lost, e.g. its node died) and a deadline for the first
 * answer. A lost call is dispatched again, to another upstream, only while nothing has been sent to the client.
 */
final class Exchange {
  private static final int MAX_DISPATCHES = 2;
  private static final Buffer KEEP_ALIVE = Buffer.buffer(": keep-alive\n\n");

  private final Vertx vertx;
  private final Inbox inbox;
  private final HttpServerResponse response;
  /** Holds the translated request; let go once the client has something, when nothing is dispatched again. */
  private Function<String, Future<String>> dispatcher;
  private List<String> warnings;
  private final AccessLog.Entry log;
  /** Renders the errors the exchange raises itself (timeouts, a lost upstream) in the client's dialect. */
  private final ClientDialect client;
  /** Keeps the answer for a later turn ({@link Conversations}); null when nothing is kept. */
  private final Conversations.Recorder recorder;
  private String streamId;
  private int dispatches;
  private long expectedSeq;
  /** No message, not even a heartbeat, for streamIdleMs: the upstream is lost. */
  private final TimeoutQueue.Timeout liveness;
  /** Credit granted back to the upstream call for what reached the client. */
  private final FlowWindow.Receiver credit = new FlowWindow.Receiver();
  private final TimeoutQueue.Timeout deadline;
  private String control;
  /** OPEN until the stream head is written (STREAMING), then an end; moved only by {@link #moveTo}. */
  private CallState state = CallState.OPEN;
  private boolean paused;
  /** DATA went to the client since the last beat: the stream is not quiet, no keep-alive comment is due. */
  private boolean wroteSinceBeat;
  /** Answered with 200 instead of an error when set ({@link #orElse}). */
  private JsonObject fallback;
  private String fallbackWarning;

  /**
   * The HTTP verticle's two timeout queues (one Vert.x timer each, not two per request).
   *
   * @param firstAnswer deadline for the HEAD or COMPLETE message; @param streamIdle liveness
   */
  record Timeouts(TimeoutQueue firstAnswer, TimeoutQueue streamIdle) {
    /** Made on the verticle's event loop, which then runs all its exchanges. */
    static Timeouts on(Vertx vertx, int firstAnswerMs, int streamIdleMs) {
      return new Timeouts(new TimeoutQueue(vertx, firstAnswerMs), new TimeoutQueue(vertx, streamIdleMs));
    }
  }

  /**
   * @param dispatcher sends the upstream job for a stream id; completes with the upstream's control address
   */
  Exchange(Vertx vertx, Inbox inbox, RoutingContext ctx, Timeouts timeouts, Function<String, Future<String>> dispatcher,
           List<String> warnings, AccessLog.Entry log, ClientDialect client) {
    this(vertx, inbox, ctx, timeouts, dispatcher, warnings, log, client, null);
  }

  /** @param recorder watches the answer so it can be kept for a later turn, or null */
  Exchange(Vertx vertx, Inbox inbox, RoutingContext ctx, Timeouts timeouts, Function<String, Future<String>> dispatcher,
           List<String> warnings, AccessLog.Entry log, ClientDialect client, Conversations.Recorder recorder) {
    this.vertx = vertx;
    this.inbox = inbox;
    this.response = ctx.response();
    this.dispatcher = dispatcher;
    this.warnings = warnings;
    this.log = log;
    this.client = client;
    this.recorder = recorder;
    this.liveness = timeouts.streamIdle().timeout(
      () -> lost("no message for " + timeouts.streamIdle().periodMs() + " ms"));
    this.deadline = timeouts.firstAnswer().timeout(() -> fail(504,
      "No answer from the upstream within " + timeouts.firstAnswer().periodMs() + " ms", "timeout_error", "timeout"));
    response.closeHandler(v -> onClientGone());
  }

  /**
   * When the call ends in an error before anything was sent, answer {@code answer} with status 200 and
   * {@code warning} instead (count_tokens: Claude Code's context management needs a count, an estimate will do).
   */
  Exchange orElse(JsonObject answer, String warning) {
    this.fallback = answer;
    this.fallbackWarning = warning;
    return this;
  }

  String streamId() {
    return streamId;
  }

  void start() {
    deadline.restart();
    dispatch();
  }

  private void dispatch() {
    dispatches++;
    streamId = inbox.newStreamId();
    expectedSeq = 0;
    control = null;
    inbox.add(this);
    armLiveness();
    String dispatched = streamId;
    dispatcher.apply(dispatched)
      .onSuccess(address -> {
        if (dispatched.equals(streamId)) {
          controlledBy(address);
        }
      })
      .onFailure(err -> {
        if (dispatched.equals(streamId)) {
          lost("No upstream verticle took the request (" + err.getMessage() + ")");
        }
      });
  }

  private void controlledBy(String address) {
    if (control == null) {
      control = address;
      if (state.ended()) {
        cancelCall(); // the client left before the acknowledgement arrived
      }
    }
  }

  void onMessage(StreamEnvelope envelope, Message<Object> message) {
    if (state.ended()) {
      return;
    }
    long seq = envelope.seq();
    if (seq != expectedSeq) {
      fail(502, "Part of the upstream answer was lost in transit (expected message " + expectedSeq + ", got "
        + seq + ")", "api_error", "stream_interrupted");
      return;
    }
    expectedSeq++;
    armLiveness();
    StreamMessage decoded = envelope.message();
    if (decoded instanceof StreamMessage.Complete complete) {
      complete(complete);
    } else if (decoded instanceof StreamMessage.Head head) {
      head(head);
    } else if (decoded instanceof StreamMessage.Data data) {
      data(data.frames());
    } else if (decoded instanceof StreamMessage.End end) {
      end(end);
    } else if (decoded instanceof StreamMessage.Heartbeat) {
      heartbeat(message);
    }
  }

  /** The upstream stopped answering. Nothing sent yet: try another one; else end with an error. */
  private void lost(String why) {
    if (state.ended()) {
      return;
    }
    cancelCall(); // in case it is alive after all
    inbox.remove(streamId);
    if (state == CallState.OPEN && dispatches < MAX_DISPATCHES) {
      log.retried(why);
      dispatch();
    } else {
      fail(state == CallState.STREAMING ? 502 : 503, "The upstream was lost: " + why, "api_error", "upstream_lost");
    }
  }

  /**
   * Ends the exchange with an error in the client's dialect: a JSON error if nothing was sent yet, else an error
   * frame (never a fake success).
   */
  void fail(int status, String message, String type, String code) {
    if (state.ended()) {
      return;
    }
    JsonObject error = OpenAiErrors.body(message, type, null, code);
    log.error(code);
    if (state == CallState.OPEN && fallback != null) {
      answerFallback();
      cancelCall();
      finish(CallState.DONE, 200);
      return;
    }
    if (state == CallState.STREAMING) {
      response.end(Buffer.buffer(client.streamErrorFrame(error)));
    } else {
      writeJson(status, Map.of(), client.errorBody(status, error));
    }
    cancelCall();
    finish(CallState.FAILED, status);
  }

  private void complete(StreamMessage.Complete message) {
    int status = message.status();
    JsonObject body = message.answer();
    if (status == 200) {
      log.usage(body.getJsonObject("usage"), firstFinishReason(body));
    } else {
      log.error(errorCode(body));
      if (fallback != null) {
        answerFallback();
        finish(CallState.DONE, 200);
        return;
      }
    }
    writeJson(status, message.headers(), body);
    finish(CallState.DONE, status);
    if (status == 200 && recorder != null) {
      recorder.answered(body);
    }
  }

  private void head(StreamMessage.Head message) {
    controlledBy(message.control());
    moveTo(CallState.STREAMING);
    deadline.cancel();
    response.setStatusCode(message.status())
      .setChunked(true)
      .putHeader("content-type", "text/event-stream; charset=utf-8")
      .putHeader("cache-control", "no-cache")
      .putHeader("x-accel-buffering", "no");
    message.headers().forEach(response::putHeader);
    putWarnings();
    log.firstToken();
  }

  /**
   * Writes and grants credit back to the upstream call: at once while the client keeps up, only after the socket
   * drains when it does not. A slow reader so holds the upstream within {@link Bus#FLOW_WINDOW_BYTES}.
   */
  private void data(Buffer frames) {
    response.write(frames);
    wroteSinceBeat = true;
    if (recorder != null) {
      recorder.frames(frames);
    }
    credit.written(frames.length());
    if (paused) {
      return;
    }
    if (response.writeQueueFull()) {
      paused = true;
      response.drainHandler(v -> {
        paused = false;
        acknowledge();
      });
    } else if (credit.due()) {
      acknowledge();
    }
  }

  private void acknowledge() {
    if (control != null && credit.owed() > 0 && !state.ended()) {
      vertx.eventBus().send(control, null, new Control.Ack(streamId, credit.take()).options());
    }
  }

  private void end(StreamMessage.End summary) {
    log.usage(summary.usage(), summary.finishReason());
    if (summary.error() != null) {
      log.error(summary.error());
    }
    response.end();
    finish(CallState.DONE, 200);
    if (summary.error() == null && recorder != null) {
      recorder.streamEnded();
    }
  }

  /** One stream's beat (an upstream node of an earlier version): as {@link #beat}, answered. */
  private void heartbeat(Message<Object> message) {
    message.reply(new HeartbeatReply(true).toJson());
    beat();
  }

  /**
   * The upstream is alive ({@link Inbox}: its beat named this stream). An SSE comment keeps idle intermediaries
   * from closing a quiet stream (T1); a stream that wrote since the last beat is not quiet and needs none.
   */
  void beat() {
    if (state.ended()) {
      return;
    }
    armLiveness();
    if (state == CallState.STREAMING && !paused && !wroteSinceBeat) {
      response.write(KEEP_ALIVE);
    }
    wroteSinceBeat = false;
  }

  private void onClientGone() {
    if (!state.ended()) {
      log.error(AccessLog.CLIENT_CLOSED);
      cancelCall();
      finish(CallState.CANCELLED, 499);
    }
  }

  private void writeJson(int status, Map<String, String> headers, JsonObject body) {
    if (response.ended() || response.closed()) {
      return;
    }
    response.setStatusCode(status).putHeader("content-type", "application/json");
    headers.forEach(response::putHeader);
    putWarnings();
    response.end(body.toBuffer());
  }

  private void answerFallback() {
    List<String> all = new java.util.ArrayList<>(warnings);
    all.add(fallbackWarning);
    warnings = all;
    writeJson(200, Map.of(), fallback);
  }

  private void putWarnings() {
    if (!warnings.isEmpty()) {
      response.putHeader("x-proxy-warning", String.join("; ", warnings));
    }
  }

  private void cancelCall() {
    if (control != null) {
      vertx.eventBus().send(control, null, new Control.Cancel(streamId).options());
    }
  }

  /** Called on every message: the liveness period starts again. */
  private void armLiveness() {
    liveness.restart();
  }

  /** The one place the state changes; a move the table does not allow leaves it as it is. */
  private boolean moveTo(CallState next) {
    if (!state.canMoveTo(next)) {
      return false;
    }
    state = next;
    dispatcher = null; // only an OPEN exchange is dispatched again; a stream may last minutes, its request need not
    return true;
  }

  private void finish(CallState end, int status) {
    moveTo(end);
    liveness.cancel();
    deadline.cancel();
    inbox.remove(streamId);
    log.done(status);
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
