package dev.factoryproxy.upstream;

import dev.factoryproxy.bus.FlowWindow;
import dev.factoryproxy.bus.StreamSender;
import dev.factoryproxy.bus.UpstreamJob;
import dev.factoryproxy.config.ModelInfo;
import dev.factoryproxy.dialect.Pipeline;
import dev.factoryproxy.dialect.StreamTranslation;
import dev.factoryproxy.ops.CallState;
import dev.factoryproxy.ops.ProxyMetrics;
import dev.factoryproxy.ops.TimeoutQueue;
import dev.factoryproxy.translate.OpenAiErrors;
import dev.factoryproxy.translate.SuccessHeaders;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * One request to Factory and the translation of its answer, sent to the HTTP inbox as it arrives:
 * a stream is parsed event by event and forwarded chunk by chunk, never buffered whole.
 * A failure before anything was sent fails the future with an {@link UpstreamFailure} and sends nothing, so that
 * {@link RetryingCall} may try again; once the client has an answer or a stream head, failures end the stream.
 */
final class UpstreamCall {
  private static final Logger LOG = LoggerFactory.getLogger(UpstreamCall.class);

  private final Vertx vertx;
  /** Without its body once the request is sent ({@link #run}). */
  private UpstreamJob job;
  /** Told once, when the stream head goes to the client: from then on the call is never tried again. */
  private final Runnable streamStarted;
  private final StreamSender out;
  private final Settings settings;
  /** The translation of this job's (client dialect, route) pair. */
  private final Pipeline pipeline;
  private final ModelInfo model;
  private final Promise<Outcome> done = Promise.promise();
  private HttpClientRequest request;
  private HttpClientResponse response;
  private StreamTranslation stream;
  /**
   * OPEN until a stream head went to the HTTP side (STREAMING); DONE when an answer or the stream's end went out,
   * FAILED when the future failed (maybe to be retried), CANCELLED when the client left. Moved by {@link #moveTo}.
   */
  private CallState state = CallState.OPEN;
  /** Until the response head: the wait for it. */
  private final TimeoutQueue.Timeout firstByte;
  /** After the head: the silence between reads of the body. */
  private final TimeoutQueue.Timeout idle;
  /** The frames translated from the current read of Factory's stream, sent as one DATA message. */
  private Buffer pending;
  /** Factory's response headers, until the stream head that carries them goes out. */
  private Map<String, String> headHeaders;
  private long sentAt;
  /** Bytes sent to the HTTP side and not yet written to the client. */
  private final FlowWindow.Sender window = new FlowWindow.Sender();

  /**
   * What an upstream call needs of its verticle: constants, the client, and the verticle's timeout queues (one Vert.x
   * timer each for all its calls; {@code firstByte} from sending the request to the response head, {@code idle} the
   * silence between reads of a body).
   */
  record Settings(HttpClient client, FactoryEndpoint endpoint, TimeoutQueue firstByte, TimeoutQueue idle,
                  int maxEventBytes, boolean passThrough529, int heartbeatMs, RetryPolicy retry, int keyCooldownMs,
                  ProxyMetrics metrics) {
  }

  /**
   * How the exchange ended, for health and logs.
   *
   * @param failure the last failed call behind an error answer (null otherwise), for {@link FailureCause}
   */
  record Outcome(int status, String error, UpstreamFailure failure) {
    Outcome(int status, String error) {
      this(status, error, null);
    }

    Outcome because(UpstreamFailure cause) {
      return new Outcome(status, error, cause);
    }
  }

  UpstreamCall(Vertx vertx, UpstreamJob job, StreamSender out, Settings settings, Pipeline pipeline,
               ModelInfo model, Runnable streamStarted) {
    this.vertx = vertx;
    this.job = job;
    this.streamStarted = streamStarted;
    this.out = out;
    this.settings = settings;
    this.pipeline = pipeline;
    this.model = model;
    this.firstByte = settings.firstByte().timeout(() -> request.reset(0,
      new TimeoutException("no response head from Factory in time")));
    this.idle = settings.idle().timeout(() -> request.reset(0,
      new TimeoutException("no data from Factory for " + settings.idle().periodMs() + " ms (idle timeout)")));
  }

  Future<Outcome> run(String apiKey) {
    JsonObject body = job.body();
    job = job.withoutBody(); // a stream may last minutes: the request's only reference is the send below
    settings.client().request(settings.endpoint().request(job, pipeline, model, apiKey))
      .compose(req -> {
        request = req;
        if (state == CallState.CANCELLED) {
          req.reset();
          return Future.failedFuture("cancelled");
        }
        firstByte.restart(); // a new call: nothing else is armed yet
        sentAt = System.nanoTime();
        return req.send(assembles() ? pipeline.streamingRequest(body).toBuffer() : body.toBuffer());
      })
      .onSuccess(this::onResponse)
      .onFailure(this::onFailure);
    return done.future();
  }

  /**
   * The HTTP side wrote this many bytes to the client: read more from Factory if the window had closed.
   * While it is closed Factory is not the one being silent, so the idle timer rests too.
   */
  void acknowledged(int bytes) {
    if (window.acknowledged(bytes)) {
      response.resume();
      armIdle();
    }
  }

  /** The client went away: stop Factory generating (and billing) tokens. */
  void cancel() {
    moveTo(CallState.CANCELLED);
    if (request != null) {
      request.reset();
    }
    finish(new Outcome(499, "client_cancelled"));
  }

  private void onResponse(HttpClientResponse resp) {
    disarm();
    // The request's identity headers went out with its head; Vert.x keeps the map for the request's life and reads
    // only its Connection header again (none is sent): 12 entries per open stream, 3.8 MB live at 9,000 (Dec 4).
    request.headers().clear();
    settings.metrics().upstreamLatency(pipeline.route().label(), resp.statusCode(), System.nanoTime() - sentAt);
    response = resp;
    if (state == CallState.CANCELLED) {
      return;
    }
    armIdle(); // a body (error, message or stream) that stops arriving is cut after upstream.idleTimeoutMs
    if (resp.statusCode() != 200) {
      resp.body().onSuccess(body -> fail(UpstreamFailure.answered(resp.statusCode(), body.toString(), headers(resp))))
        .onFailure(this::onFailure);
    } else if (assembles() && String.valueOf(resp.getHeader("content-type")).startsWith("text/event-stream")) {
      assembleStream(resp); // otherwise Factory answered one JSON message after all, read as such below
    } else if (!job.context().stream()) {
      resp.body().onSuccess(body -> answerMessage(body, headers(resp))).onFailure(this::onFailure);
    } else {
      relayStream(resp);
    }
  }

  private boolean assembles() {
    return FactoryEndpoint.assembles(job, pipeline);
  }

  private void answerMessage(Buffer body, Map<String, String> upstreamHeaders) {
    JsonObject message;
    try {
      message = body.toJsonObject();
    } catch (DecodeException e) {
      answerProxyError(502, "Factory answered 200 with a body that is not JSON", "api_error", "bad_upstream_response");
      return;
    }
    answerMessage(message, upstreamHeaders);
  }

  private void answerMessage(JsonObject message, Map<String, String> upstreamHeaders) {
    int failedStatus = pipeline.answerErrorStatus(message);
    if (failedStatus != 0) { // OE4: a 200 whose answer is a failure is that error (and may be retried)
      fail(UpstreamFailure.answered(failedStatus, message.encode(), upstreamHeaders));
      return;
    }
    JsonObject answer = pipeline.answer(message, job.context());
    // Finished first: /health and the status page record the call (synchronously, from the outcome) before the
    // client can read its answer and ask them.
    finish(new Outcome(200, null));
    out.complete(200, SuccessHeaders.of(upstreamHeaders), answer);
  }

  /**
   * A route that always streams (Gemini, GR1) and a client that wants one answer: the whole stream is read (its
   * events parsed one by one, each within upstream.maxEventBytes) and assembled by the route. Nothing reaches the
   * client before the end, so a stream that breaks may still be retried; one that ends unfinished is a 502.
   */
  private void assembleStream(HttpClientResponse resp) {
    Map<String, String> upstreamHeaders = headers(resp);
    java.util.List<JsonObject> events = new java.util.ArrayList<>();
    boolean[] broken = {false};
    SseEventParser parser = new SseEventParser(settings.maxEventBytes(), (event, data) -> {
      if (broken[0]) {
        return;
      }
      try {
        JsonObject json = parsedObject(data);
        if (json != null) { // a [DONE] carries nothing to assemble
          events.add(json);
        }
      } catch (DecodeException e) {
        broken[0] = true;
      }
    });
    resp.handler(chunk -> {
      armIdle();
      if (broken[0]) {
        return;
      }
      try {
        parser.feed(chunk);
      } catch (SseEventParser.EventTooLargeException e) {
        broken[0] = true;
      }
    });
    resp.exceptionHandler(this::onFailure);
    resp.endHandler(v -> {
      if (state.ended()) {
        return;
      }
      if (broken[0]) {
        answerProxyError(502, "Factory sent a stream event that is not JSON or too large", "api_error",
          "bad_upstream_response");
        return;
      }
      JsonObject answer = pipeline.assembleStream(events);
      if (answer == null) {
        answerProxyError(502, "The upstream stream ended before the response was complete", "api_error",
          "stream_truncated");
        return;
      }
      answerMessage(answer, upstreamHeaders);
    });
  }

  private void relayStream(HttpClientResponse resp) {
    stream = pipeline.stream(job.context());
    headHeaders = headers(resp);
    SseEventParser parser = new SseEventParser(settings.maxEventBytes(), this::onEvent);
    resp.handler(chunk -> {
      armIdle();
      try {
        parser.feed(chunk);
        flush(); // what one read brought goes on at once, in one message (and one write to the client)
      } catch (SseEventParser.EventTooLargeException e) {
        failStream("Factory sent an event larger than upstream.maxEventBytes", "bad_upstream_response");
      }
    });
    resp.exceptionHandler(this::onFailure);
    resp.endHandler(v -> {
      if (!stream.done()) {
        emit(stream.onUpstreamEnd(), headHeaders);
      }
      endStream();
    });
  }

  private void onEvent(String event, String data) {
    if (stream.done()) {
      return;
    }
    String frames;
    try {
      // Until the head is sent, events are parsed here to catch an opening error; after it the route (or a
      // pass-through forwarding bytes) gets the data as received.
      JsonObject json = state == CallState.OPEN ? parsedObject(data) : null;
      int openingError = json == null ? 0 : pipeline.openingErrorStatus(event, json);
      if (openingError != 0) {
        // T13: an error before any output is still a normal HTTP error response (and may be retried).
        fail(UpstreamFailure.answered(openingError, data, headHeaders));
        request.reset(); // after failing: the reset's own error must not be taken for the cause
        return;
      }
      frames = json != null ? stream.onParsedEvent(event, json, data) : stream.onRawEvent(event, data);
    } catch (DecodeException e) {
      failStream("Factory sent an event that is not JSON", "bad_upstream_response");
      return;
    }
    emit(frames, headHeaders);
    if (stream.done()) {
      endStream();
    }
  }

  /** The event's data as a JSON object, or null when it is not one (e.g. {@code [DONE]}). */
  private static JsonObject parsedObject(String data) {
    String trimmed = data.strip();
    return trimmed.startsWith("{") ? new JsonObject(trimmed) : null;
  }

  private void emit(String frames, Map<String, String> upstreamHeaders) {
    if (frames.isEmpty()) {
      return;
    }
    if (state == CallState.OPEN) {
      moveTo(CallState.STREAMING);
      out.head(200, SuccessHeaders.of(upstreamHeaders));
      headHeaders = null;
      streamStarted.run();
    }
    if (pending == null) {
      pending = Buffer.buffer(frames.length() + 256);
    }
    pending.appendString(frames);
  }

  /** Sends the frames of the current read, minding the flow-control window. */
  private void flush() {
    if (pending == null) {
      return;
    }
    Buffer data = pending;
    pending = null;
    out.data(data);
    if (window.sent(data.length())) { // the client is not keeping up: let TCP push back on Factory
      response.pause();
      disarm();
    }
  }

  private void endStream() {
    if (state.ended()) {
      return;
    }
    flush();
    // Finished before the end is sent (so /health has the call when the client reads its end), and before the reset
    // below, so that the reset is not a new failure.
    finish(new Outcome(200, stream.failed() ? "stream_error" : null));
    out.end(stream.finishReason(), stream.usage(), stream.failed() ? "upstream_error" : null);
    if (stream.failed() && request != null) {
      request.reset(); // nothing more will be read: free the connection now
    }
  }

  /** A failure after the stream started ends it with an error frame (never a fake success). */
  private void failStream(String message, String code) {
    emit(pipeline.streamErrorFrame(OpenAiErrors.body(message, "api_error", null, code)), Map.of());
    flush();
    finish(new Outcome(200, code)); // as in endStream: recorded first, and the reset below is not a new failure
    out.end(stream.finishReason(), stream.usage(), code);
    request.reset();
  }

  private void onFailure(Throwable error) {
    disarm();
    if (state.ended()) { // cancelled, answered or failed already
      return;
    }
    UpstreamFailure failure = UpstreamFailure.broken(error);
    if (state == CallState.OPEN) {
      fail(failure); // nothing reached the client: the retrying call decides
      return;
    }
    LOG.warn("[{}] upstream stream broke: {}", job.requestId(), error.toString());
    boolean timeout = failure.timeout();
    failStream(timeout ? "Factory stopped sending data (idle timeout)" : "The connection to Factory broke: " + error.getMessage(),
      timeout ? "timeout" : "stream_truncated");
  }

  private void fail(UpstreamFailure failure) {
    disarm();
    moveTo(CallState.FAILED);
    done.tryFail(failure);
  }

  /** Data came: the silence between reads starts again (the first-byte wait ended with the head). */
  private void armIdle() {
    idle.restart();
  }

  private void disarm() {
    firstByte.cancel();
    idle.cancel();
  }

  private void answerProxyError(int status, String message, String type, String code) {
    finish(new Outcome(status, code)); // AE4: recorded first, then answered
    out.complete(status, Map.of(), pipeline.errorBody(status, OpenAiErrors.body(message, type, null, code)));
  }

  private void finish(Outcome outcome) {
    disarm();
    moveTo(CallState.DONE); // stays CANCELLED or FAILED when it already was
    done.tryComplete(outcome);
  }

  /** The one place the state changes; a move the table does not allow leaves it as it is. */
  private boolean moveTo(CallState next) {
    if (!state.canMoveTo(next)) {
      return false;
    }
    state = next;
    return true;
  }

  CallState state() {
    return state;
  }

  private static Map<String, String> headers(HttpClientResponse resp) {
    Map<String, String> map = new HashMap<>();
    resp.headers().forEach(e -> map.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue()));
    return map;
  }
}
