package dev.factoryproxy.translate;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Upstream error answers → OpenAI error answers (E1–E5, Factory's 402), and the headers every answer carries
 * (S9, E3, E4). Header maps use lower-case names.
 */
public final class UpstreamErrorMapper {

  /** What the client gets instead of the upstream error. */
  public record MappedError(int status, JsonObject body, Map<String, String> headers) {
  }

  static final int MAX_MESSAGE_CHARS = 1024;
  private static final String ANTHROPIC_RATELIMIT = "anthropic-ratelimit-";

  private UpstreamErrorMapper() {
  }

  public static MappedError map(int status, String body, Map<String, String> upstreamHeaders, boolean passThrough529) {
    return map(status, body, upstreamHeaders, passThrough529, Clock.systemUTC());
  }

  public static MappedError map(int status, String body, Map<String, String> upstreamHeaders, boolean passThrough529,
                                Clock clock) {
    UpstreamError error = UpstreamError.parse(status, body);
    Map<String, String> headers = new LinkedHashMap<>(successHeaders(upstreamHeaders, clock));
    addRetryHeaders(upstreamHeaders, headers, clock);
    int clientStatus = clientStatus(status, passThrough529);
    if (status == 529 && clientStatus == 503) {
      headers.put("x-upstream-status", "529");
    }
    JsonObject json = OpenAiErrors.body(error.message(), error.type(), null, codeFor(error.type(), status, error.message()));
    return new MappedError(clientStatus, json, Collections.unmodifiableMap(headers));
  }

  /**
   * The E2 {@code code} column, for HTTP errors and mid-stream error frames alike (T12). The Anthropic type decides;
   * when it has no code (e.g. a non-JSON body typed {@code api_error}), the status's usual type is asked instead,
   * so that Cloudflare's HTML 413 still says {@code request_too_large}.
   *
   * @param status the upstream HTTP status; 200 for a mid-stream {@code error} event
   */
  public static String codeFor(String anthropicErrorType, int status, String message) {
    String code = codeForType(anthropicErrorType, message);
    return code != null ? code : codeForType(typeForStatus(status), message);
  }

  private static String codeForType(String type, String message) {
    if (type == null) {
      return null;
    }
    String text = message == null ? "" : message;
    return switch (type) {
      case "invalid_request_error" -> text.contains("prompt is too long") ? "context_length_exceeded" : null;
      case "authentication_error" -> "invalid_api_key";
      case "billing_error", "insufficient_quota" -> "insufficient_quota";
      case "not_found_error" -> text.startsWith("model:") ? "model_not_found" : null;
      case "request_too_large" -> "request_too_large";
      case "rate_limit_error" -> "rate_limit_exceeded";
      case "timeout_error" -> "timeout";
      case "overloaded_error" -> "overloaded";
      default -> null; // permission_error, conflict_error, api_error, unknown
    };
  }

  /**
   * The HTTP status an Anthropic error type stands for: used when the error arrives as the first event of a
   * 200 stream, before anything was sent, so the client still gets a normal HTTP error (T13).
   */
  public static int statusForType(String type) {
    return switch (type == null ? "" : type) {
      case "invalid_request_error" -> 400;
      case "authentication_error" -> 401;
      case "billing_error", "insufficient_quota" -> 402;
      case "permission_error" -> 403;
      case "not_found_error" -> 404;
      case "conflict_error" -> 409;
      case "request_too_large" -> 413;
      case "rate_limit_error" -> 429;
      case "timeout_error" -> 504;
      case "overloaded_error" -> 529;
      default -> 500;
    };
  }

  /** The Anthropic error type a status stands for, used when a JSON body names none. */
  static String typeForStatus(int status) {
    return switch (status) {
      case 400 -> "invalid_request_error";
      case 401 -> "authentication_error";
      case 402 -> "insufficient_quota"; // Factory's quota answer (factory-upstream.md)
      case 403 -> "permission_error";
      case 404 -> "not_found_error";
      case 409 -> "conflict_error";
      case 413 -> "request_too_large";
      case 429 -> "rate_limit_error";
      case 504 -> "timeout_error";
      case 529 -> "overloaded_error";
      default -> "api_error";
    };
  }

  private static int clientStatus(int status, boolean passThrough529) {
    if (status < 400) {
      return 502; // E5: an error never goes out as a success
    }
    // E2: 529 is not a status the OpenAI SDKs know; 503 keeps their retry behaviour
    return status == 529 && !passThrough529 ? 503 : status;
  }

  /** The error's type and message, from whichever body shape upstream sent. */
  private record UpstreamError(String type, String message) {

    static UpstreamError parse(int status, String body) {
      JsonObject json = jsonObjectOrNull(body);
      if (json == null) {
        return new UpstreamError("api_error", truncate(body)); // E2: non-JSON, e.g. Cloudflare's HTML
      }
      if (json.getValue("error") instanceof JsonObject anthropic) { // E1: {"type":"error","error":{type,message}}
        String type = anthropic.getValue("type") instanceof String t ? t : typeForStatus(status);
        return new UpstreamError(type, messageOr(anthropic.getValue("message"), body));
      }
      // Factory's 402 {"detail":..,"title":"Payment Required"}, other {"detail"}, {"message"} or {"error":"..."}
      Object text = firstPresent(json, "detail", "message", "error");
      return text == null
        ? new UpstreamError("api_error", truncate(body))
        : new UpstreamError(typeForStatus(status), messageOr(text, body));
    }

    private static JsonObject jsonObjectOrNull(String body) {
      if (body == null || body.isBlank()) {
        return null;
      }
      try {
        return new JsonObject(body);
      } catch (DecodeException notAnObject) { // also arrays and bare values
        return null;
      }
    }

    private static Object firstPresent(JsonObject json, String... fields) {
      for (String field : fields) {
        if (json.getValue(field) != null) {
          return json.getValue(field);
        }
      }
      return null;
    }

    /** A string as is; a structured value (FastAPI's detail list) as its JSON text. */
    private static String messageOr(Object value, String body) {
      if (value instanceof String s) {
        return s;
      }
      return value == null ? truncate(body) : truncate(Json.encode(value));
    }
  }

  static String truncate(String body) {
    if (body == null || body.isEmpty()) {
      return "Upstream error without a body";
    }
    if (body.length() <= MAX_MESSAGE_CHARS) {
      return body;
    }
    int end = Character.isHighSurrogate(body.charAt(MAX_MESSAGE_CHARS - 1)) ? MAX_MESSAGE_CHARS - 1 : MAX_MESSAGE_CHARS;
    return body.substring(0, end);
  }

  // ---- headers ----

  public static Map<String, String> successHeaders(Map<String, String> upstreamHeaders) {
    return successHeaders(upstreamHeaders, Clock.systemUTC());
  }

  /**
   * S9: {@code request-id}, also as {@code x-request-id} (read by the OpenAI SDKs). E4: the original
   * {@code anthropic-ratelimit-*} headers plus their OpenAI names, reset times as Go-style durations.
   */
  public static Map<String, String> successHeaders(Map<String, String> upstreamHeaders, Clock clock) {
    Map<String, String> out = new LinkedHashMap<>();
    String requestId = upstreamHeaders.get("request-id");
    if (requestId != null) {
      out.put("request-id", requestId);
      out.put("x-request-id", requestId);
    }
    upstreamHeaders.forEach((name, value) -> {
      if (name.startsWith(ANTHROPIC_RATELIMIT)) {
        out.put(name, value);
      }
    });
    addRateLimits(upstreamHeaders, out, "requests", ANTHROPIC_RATELIMIT + "requests-", clock);
    String tokens = hasAny(upstreamHeaders, ANTHROPIC_RATELIMIT + "tokens-")
      ? ANTHROPIC_RATELIMIT + "tokens-"
      : ANTHROPIC_RATELIMIT + "input-tokens-";
    addRateLimits(upstreamHeaders, out, "tokens", tokens, clock);
    return out;
  }

  private static boolean hasAny(Map<String, String> headers, String prefix) {
    return headers.containsKey(prefix + "limit") || headers.containsKey(prefix + "remaining")
      || headers.containsKey(prefix + "reset");
  }

  private static void addRateLimits(Map<String, String> in, Map<String, String> out, String kind, String source,
                                    Clock clock) {
    copy(in, source + "limit", out, "x-ratelimit-limit-" + kind);
    copy(in, source + "remaining", out, "x-ratelimit-remaining-" + kind);
    String reset = in.get(source + "reset");
    Instant resetAt = reset == null ? null : parseRfc3339(reset);
    if (resetAt != null) {
      out.put("x-ratelimit-reset-" + kind, goDuration(Duration.between(clock.instant(), resetAt)));
    }
  }

  private static void copy(Map<String, String> in, String from, Map<String, String> out, String to) {
    String value = in.get(from);
    if (value != null) {
      out.put(to, value);
    }
  }

  /** E3: the OpenAI SDKs follow these; a spend-cap 429 without retry-after stays without. */
  private static void addRetryHeaders(Map<String, String> in, Map<String, String> out, Clock clock) {
    copy(in, "x-should-retry", out, "x-should-retry");
    String retryAfter = in.get("retry-after");
    if (retryAfter == null) {
      return;
    }
    out.put("retry-after", retryAfter);
    Long millis = retryAfterMillis(retryAfter.trim(), clock);
    if (millis != null) {
      out.put("retry-after-ms", Long.toString(millis));
    }
  }

  /** A {@code retry-after} value (seconds or an HTTP date) in milliseconds from now; null when it is neither. */
  public static Long retryAfterMillis(String retryAfter) {
    return retryAfterMillis(retryAfter.trim(), Clock.systemUTC());
  }

  /** Seconds (possibly fractional) or an HTTP date; null when neither. */
  static Long retryAfterMillis(String retryAfter, Clock clock) {
    try {
      return Math.max(0L, Math.round(Double.parseDouble(retryAfter) * 1000));
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at = ZonedDateTime.parse(retryAfter, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        return Math.max(0L, Duration.between(clock.instant(), at).toMillis());
      } catch (DateTimeParseException notADate) {
        return null;
      }
    }
  }

  private static Instant parseRfc3339(String value) {
    try {
      return OffsetDateTime.parse(value.trim()).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /**
   * Go's {@code time.Duration} text as OpenAI sends it ({@code "6m0s"}, {@code "1s"}, {@code "1h2m3s"}), rounded up
   * to whole seconds so that a client never retries early; past times give {@code "0s"}.
   */
  static String goDuration(Duration duration) {
    long millis = Math.max(0L, duration.toMillis());
    long seconds = (millis + 999) / 1000;
    long h = seconds / 3600;
    long m = seconds % 3600 / 60;
    long s = seconds % 60;
    if (h > 0) {
      return h + "h" + m + "m" + s + "s";
    }
    return m > 0 ? m + "m" + s + "s" : s + "s";
  }
}
