package dev.factoryproxy.upstream;

import dev.factoryproxy.bus.Bus;
import dev.factoryproxy.bus.StreamSender;
import dev.factoryproxy.bus.UpstreamJob;
import dev.factoryproxy.translate.OpenAiErrors;
import dev.factoryproxy.translate.ResponseTranslator;
import dev.factoryproxy.translate.StreamTranslator;
import dev.factoryproxy.translate.UpstreamErrorMapper;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
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
 */
final class UpstreamCall {
  private static final Logger LOG = LoggerFactory.getLogger(UpstreamCall.class);

  private final Vertx vertx;
  private final UpstreamJob job;
  private final StreamSender out;
  private final Settings settings;
  private final Promise<Outcome> done = Promise.promise();
  private HttpClientRequest request;
  private HttpClientResponse response;
  private StreamTranslator stream;
  private boolean headSent;
  private boolean cancelled;
  private long firstByteTimer = -1;
  private long heartbeatTimer = -1;
  private int missedHeartbeats;
  private int unackedBytes;
  private boolean windowClosed;

  /** Per-verticle constants an upstream call needs. */
  record Settings(HttpClient client, FactoryEndpoint endpoint, int firstByteTimeoutMs, int idleTimeoutMs,
                  int maxEventBytes, boolean passThrough529, int heartbeatMs) {
  }

  /** How the call ended, for health and logs. */
  record Outcome(int status, String error) {
  }

  UpstreamCall(Vertx vertx, UpstreamJob job, StreamSender out, Settings settings) {
    this.vertx = vertx;
    this.job = job;
    this.out = out;
    this.settings = settings;
  }

  Future<Outcome> run(String apiKey) {
    heartbeatTimer = vertx.setPeriodic(settings.heartbeatMs(), id -> heartbeat());
    settings.client().request(settings.endpoint().request(job, apiKey, settings.idleTimeoutMs()))
      .compose(req -> {
        request = req;
        if (cancelled) {
          req.reset();
          return Future.failedFuture("cancelled");
        }
        firstByteTimer = vertx.setTimer(settings.firstByteTimeoutMs(), id -> req.reset(0, new TimeoutException("no response head from Factory in time")));
        return req.send(job.body().toBuffer());
      })
      .onSuccess(this::onResponse)
      .onFailure(this::onFailure);
    return done.future();
  }

  /** The HTTP side wrote this many bytes to the client: read more from Factory if the window had closed. */
  void acknowledged(int bytes) {
    unackedBytes -= bytes;
    if (windowClosed && unackedBytes < Bus.FLOW_WINDOW_BYTES) {
      windowClosed = false;
      response.resume();
    }
  }

  /**
   * Liveness both ways: the HTTP side learns this call is alive; this call learns whether the client still is.
   * A client that is gone, or an HTTP node that cannot be reached (it died), cancels the call.
   */
  private void heartbeat() {
    out.heartbeat(settings.heartbeatMs() * 2L).onComplete(result -> {
      if (result.succeeded()) {
        missedHeartbeats = 0;
        if (!result.result()) {
          cancel();
        }
      } else if (result.cause() instanceof ReplyException e && e.failureType() == ReplyFailure.NO_HANDLERS
        || ++missedHeartbeats >= 2) {
        LOG.warn("[{}] the HTTP side is unreachable ({}): cancelling the call", job.requestId(), result.cause().getMessage());
        cancel();
      }
    });
  }

  /** The client went away: stop Factory generating (and billing) tokens. */
  void cancel() {
    cancelled = true;
    if (request != null) {
      request.reset();
    }
    finish(new Outcome(499, "client_cancelled"));
  }

  private void onResponse(HttpClientResponse resp) {
    vertx.cancelTimer(firstByteTimer);
    response = resp;
    if (cancelled) {
      return;
    }
    if (resp.statusCode() != 200) {
      resp.body().onSuccess(body -> answerError(resp.statusCode(), body.toString(), headers(resp))).onFailure(this::onFailure);
    } else if (!job.context().stream()) {
      resp.body().onSuccess(body -> answerMessage(body, headers(resp))).onFailure(this::onFailure);
    } else {
      relayStream(resp);
    }
  }

  private void answerError(int status, String body, Map<String, String> upstreamHeaders) {
    UpstreamErrorMapper.MappedError mapped = UpstreamErrorMapper.map(status, body, upstreamHeaders, settings.passThrough529());
    out.complete(mapped.status(), mapped.headers(), mapped.body());
    finish(new Outcome(status, errorType(mapped.body())));
  }

  private void answerMessage(Buffer body, Map<String, String> upstreamHeaders) {
    JsonObject message;
    try {
      message = body.toJsonObject();
    } catch (DecodeException e) {
      answerProxyError(502, "Factory answered 200 with a body that is not JSON", "api_error", "bad_upstream_response");
      return;
    }
    out.complete(200, UpstreamErrorMapper.successHeaders(upstreamHeaders),
      ResponseTranslator.toChatCompletion(message, job.context()));
    finish(new Outcome(200, null));
  }

  private void relayStream(HttpClientResponse resp) {
    stream = new StreamTranslator(job.context());
    Map<String, String> upstreamHeaders = headers(resp);
    SseEventParser parser = new SseEventParser(settings.maxEventBytes(), (event, data) -> onEvent(event, data, upstreamHeaders));
    resp.handler(chunk -> {
      try {
        parser.feed(chunk);
      } catch (SseEventParser.EventTooLargeException e) {
        failStream("Factory sent an event larger than upstream.maxEventBytes", "bad_upstream_response");
      }
    });
    resp.exceptionHandler(this::onFailure);
    resp.endHandler(v -> {
      if (!stream.done()) {
        emit(stream.onUpstreamEnd(), upstreamHeaders);
      }
      endStream();
    });
  }

  private void onEvent(String event, String data, Map<String, String> upstreamHeaders) {
    if (stream.done()) {
      return;
    }
    JsonObject json;
    try {
      json = new JsonObject(data);
    } catch (DecodeException e) {
      failStream("Factory sent an event that is not JSON", "bad_upstream_response");
      return;
    }
    if (!headSent && "error".equals(event != null ? event : json.getString("type"))) {
      // T13: an error before any output is still a normal HTTP error response.
      JsonObject error = json.getJsonObject("error", new JsonObject());
      answerError(UpstreamErrorMapper.statusForType(error.getString("type")), data, upstreamHeaders);
      request.reset();
      return;
    }
    emit(stream.onEvent(event, json), upstreamHeaders);
    if (stream.done()) {
      endStream();
    }
  }

  private void emit(String frames, Map<String, String> upstreamHeaders) {
    if (frames.isEmpty()) {
      return;
    }
    if (!headSent) {
      headSent = true;
      out.head(200, UpstreamErrorMapper.successHeaders(upstreamHeaders));
    }
    Buffer data = Buffer.buffer(frames);
    out.data(data);
    unackedBytes += data.length();
    if (!windowClosed && unackedBytes >= Bus.FLOW_WINDOW_BYTES && response != null) {
      windowClosed = true; // the client is not keeping up: let TCP push back on Factory
      response.pause();
    }
  }

  private void endStream() {
    if (done.future().isComplete()) {
      return;
    }
    out.end(stream.finishReason(), stream.usage(), stream.failed() ? "upstream_error" : null);
    if (stream.failed() && request != null) {
      request.reset(); // nothing more will be read: free the connection now
    }
    finish(new Outcome(200, stream.failed() ? "stream_error" : null));
  }

  /** A failure after the stream started ends it with an error frame (never a fake success). */
  private void failStream(String message, String code) {
    emit(OpenAiErrors.streamFrame(OpenAiErrors.body(message, "api_error", null, code)), Map.of());
    out.end(stream.finishReason(), stream.usage(), code);
    request.reset();
    finish(new Outcome(200, code));
  }

  private void onFailure(Throwable error) {
    vertx.cancelTimer(firstByteTimer);
    if (cancelled || done.future().isComplete()) {
      return;
    }
    boolean timeout = error instanceof TimeoutException || error instanceof io.netty.handler.timeout.TimeoutException
      || String.valueOf(error.getMessage()).toLowerCase(Locale.ROOT).contains("timeout");
    LOG.warn("[{}] upstream call failed: {}", job.requestId(), error.toString());
    if (headSent) {
      failStream(timeout ? "Factory stopped sending data (idle timeout)" : "The connection to Factory broke: " + error.getMessage(),
        timeout ? "timeout" : "stream_truncated");
    } else if (timeout) {
      answerProxyError(504, "Factory did not answer in time", "timeout_error", "timeout");
    } else {
      answerProxyError(502, "Could not reach Factory: " + error.getMessage(), "api_error", "upstream_unreachable");
    }
  }

  private void answerProxyError(int status, String message, String type, String code) {
    out.complete(status, Map.of(), OpenAiErrors.body(message, type, null, code));
    finish(new Outcome(status, code));
  }

  private void finish(Outcome outcome) {
    vertx.cancelTimer(firstByteTimer);
    vertx.cancelTimer(heartbeatTimer);
    done.tryComplete(outcome);
  }

  private static String errorType(JsonObject body) {
    JsonObject error = body.getJsonObject("error");
    return error == null ? null : error.getString("type");
  }

  private static Map<String, String> headers(HttpClientResponse resp) {
    Map<String, String> map = new HashMap<>();
    resp.headers().forEach(e -> map.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue()));
    return map;
  }
}
