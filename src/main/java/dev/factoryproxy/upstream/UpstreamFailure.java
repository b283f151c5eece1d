package dev.factoryproxy.upstream;

import dev.factoryproxy.dialect.Pipeline;
import dev.factoryproxy.translate.OpenAiErrors;
import dev.factoryproxy.translate.RetryAfter;
import dev.factoryproxy.translate.UpstreamErrorMapper;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * A call to Factory that failed before anything reached the client, so it may still be retried: an error answer
 * (or an error event opening a stream, T13), or a broken connection. Travels as the failure of the call's future.
 */
final class UpstreamFailure extends Exception {
  /** What a retry could change. */
  enum Kind {
    /** 401/402/403: the key is refused; another key may work. */
    KEY_REFUSED,
    /** 429: the key is rate-limited; another key, or the same one later, may work. */
    RATE_LIMITED,
    /** Connection errors, timeouts, 529 and 5xx: the same call may work a little later. */
    TRANSIENT,
    /** Anything else (400, 404, 413, ...): the request itself is wrong. */
    FINAL
  }

  private final int status;
  private final String body;
  private final Map<String, String> headers;

  private UpstreamFailure(int status, String body, Map<String, String> headers, Throwable cause) {
    super(cause == null ? "HTTP " + status : cause.toString(), cause, false, false); // no stack: it is an answer
    this.status = status;
    this.body = body;
    this.headers = headers;
  }

  /** Factory answered with an error status (or an error event standing for one). */
  static UpstreamFailure answered(int status, String body, Map<String, String> headers) {
    return new UpstreamFailure(status, body, headers, null);
  }

  /** No answer: the connection failed or timed out. */
  static UpstreamFailure broken(Throwable cause) {
    return new UpstreamFailure(0, null, Map.of(), cause);
  }

  int status() {
    return status;
  }

  /** Factory's error body (null for a broken connection), for {@link FailureCause}. */
  String body() {
    return body;
  }

  Kind kind() {
    return switch (status) {
      case 401, 402, 403 -> Kind.KEY_REFUSED;
      case 429 -> Kind.RATE_LIMITED;
      default -> status == 0 || status >= 500 ? Kind.TRANSIENT : Kind.FINAL;
    };
  }

  boolean timeout() {
    Throwable cause = getCause();
    return cause instanceof TimeoutException || cause instanceof io.netty.handler.timeout.TimeoutException
      || cause != null && String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT).contains("timeout");
  }

  /** What Factory asked us to wait ({@code retry-after-ms}, else {@code retry-after}), or -1 when it did not say. */
  long retryAfterMs() {
    return RetryAfter.waitMs(headers);
  }

  /** K3: how long until the quota a 402 names resets (its {@code detail} says so), or -1. */
  long quotaResetMs() {
    if (status != 402 || body == null) {
      return -1;
    }
    try {
      Object detail = new io.vertx.core.json.JsonObject(body).getValue("detail");
      return detail instanceof String text ? QuotaReset.fromDetail(text) : -1;
    } catch (RuntimeException notJson) {
      return QuotaReset.fromDetail(body);
    }
  }

  /** A short label for metrics and logs: the status, or "timeout" / "connection". */
  String reason() {
    if (status != 0) {
      return Integer.toString(status);
    }
    return timeout() ? "timeout" : "connection";
  }

  /** The answer the client gets when this failure is the last word (E1-E5 for upstream errors). */
  UpstreamErrorMapper.MappedError toClientError(Pipeline pipeline, boolean passThrough529) {
    if (status != 0) {
      return pipeline.error(status, body, headers, passThrough529);
    }
    if (timeout()) {
      return new UpstreamErrorMapper.MappedError(504, pipeline.errorBody(504,
        OpenAiErrors.body("Factory did not answer in time", "timeout_error", null, "timeout")), Map.of());
    }
    return new UpstreamErrorMapper.MappedError(502, pipeline.errorBody(502, OpenAiErrors.body(
      "Could not reach Factory: " + getCause().getMessage(), "api_error", null, "upstream_unreachable")), Map.of());
  }
}
