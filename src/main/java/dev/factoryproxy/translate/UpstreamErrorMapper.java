package dev.factoryproxy.translate;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;

import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Upstream error answers → OpenAI error answers (E1–E5, Factory's 402). The headers they carry come from
 * {@link SuccessHeaders} (S9, E4) and {@link RetryAfter} (E3). Header maps use lower-case names.
 */
public final class UpstreamErrorMapper {

  /** What the client gets instead of the upstream error. */
  public record MappedError(int status, JsonObject body, Map<String, String> headers) {
  }

  static final int MAX_MESSAGE_CHARS = 1024;

  private UpstreamErrorMapper() {
  }

  public static MappedError map(int status, String body, Map<String, String> upstreamHeaders, boolean passThrough529) {
    return map(status, body, upstreamHeaders, passThrough529, Clock.systemUTC());
  }

  public static MappedError map(int status, String body, Map<String, String> upstreamHeaders, boolean passThrough529,
                                Clock clock) {
    UpstreamError error = UpstreamError.parse(status, body);
    Map<String, String> headers = new LinkedHashMap<>(SuccessHeaders.of(upstreamHeaders, clock));
    headers.putAll(RetryAfter.clientHeaders(upstreamHeaders, clock));
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
}
