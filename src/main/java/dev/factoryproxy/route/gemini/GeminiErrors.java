package dev.factoryproxy.route.gemini;

import dev.factoryproxy.translate.OpenAiErrors;
import dev.factoryproxy.translate.UpstreamErrorMapper;
import dev.factoryproxy.translate.UpstreamErrorMapper.MappedError;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Map;

/** Google error bodies ({@code {"error":{"code","message","status"}}}) → OpenAI-shaped errors (GE1–GE4). */
final class GeminiErrors {
  private GeminiErrors() {
  }

  /** GE1, GE2: status and headers as on every route; type and code from Google's status name. */
  static MappedError map(int status, String body, Map<String, String> headers, boolean passThrough529) {
    MappedError shared = UpstreamErrorMapper.map(status, body, headers, passThrough529);
    JsonObject error = googleError(body);
    if (error == null) {
      return shared; // GE3: Factory's 402 detail, HTML and other shapes
    }
    return new MappedError(shared.status(), openAi(error), shared.headers());
  }

  /** GT7: an error chunk mid-stream → the T12 error body. */
  static JsonObject streamError(JsonObject data) {
    return data.getValue("error") instanceof JsonObject error ? openAi(error)
      : OpenAiErrors.body(String.valueOf(data.getValue("error")), "api_error", null, null);
  }

  /** GE4: an error chunk before any answer stands for its HTTP status. */
  static int openingStatus(JsonObject data) {
    if (data == null || !(data.getValue("error") instanceof JsonObject error)) {
      return data != null && data.getValue("error") != null ? 500 : 0;
    }
    if (error.getValue("code") instanceof Number n && n.intValue() >= 400 && n.intValue() < 600) {
      return n.intValue();
    }
    return statusFor(error.getString("status"));
  }

  private static JsonObject openAi(JsonObject error) {
    String status = error.getValue("status") instanceof String s ? s : "";
    String message = error.getValue("message") instanceof String m ? m : "Upstream error";
    String type = switch (status) {
      case "INVALID_ARGUMENT", "FAILED_PRECONDITION", "OUT_OF_RANGE" -> "invalid_request_error";
      case "UNAUTHENTICATED" -> "authentication_error";
      case "PERMISSION_DENIED" -> "permission_error";
      case "NOT_FOUND" -> "not_found_error";
      case "RESOURCE_EXHAUSTED" -> "rate_limit_error";
      case "DEADLINE_EXCEEDED" -> "timeout_error";
      case "UNAVAILABLE" -> "overloaded_error";
      default -> "api_error";
    };
    String code = switch (type) {
      case "invalid_request_error" -> message.contains("exceeds the maximum number of tokens")
        ? "context_length_exceeded" : null;
      case "not_found_error" -> message.toLowerCase(java.util.Locale.ROOT).contains("model") ? "model_not_found" : null;
      default -> UpstreamErrorMapper.codeFor(type, 200, message);
    };
    return OpenAiErrors.body(message, type, null, code);
  }

  private static int statusFor(String status) {
    return switch (status == null ? "" : status) {
      case "INVALID_ARGUMENT", "FAILED_PRECONDITION", "OUT_OF_RANGE" -> 400;
      case "UNAUTHENTICATED" -> 401;
      case "PERMISSION_DENIED" -> 403;
      case "NOT_FOUND" -> 404;
      case "RESOURCE_EXHAUSTED" -> 429;
      case "UNAVAILABLE" -> 503;
      case "DEADLINE_EXCEEDED" -> 504;
      default -> 500;
    };
  }

  /** {@code {"error":{…status…}}}, or the same inside a one-element array (Google's stream errors). */
  private static JsonObject googleError(String body) {
    if (body == null || body.isBlank()) {
      return null;
    }
    try {
      Object json = Json.decodeValue(body);
      if (json instanceof JsonArray array && !array.isEmpty()) {
        json = array.getValue(0);
      }
      if (json instanceof JsonObject object && object.getValue("error") instanceof JsonObject error
        && (error.getValue("status") instanceof String || error.getValue("code") instanceof Number)) {
        return error;
      }
    } catch (DecodeException notJson) {
      return null;
    }
    return null;
  }
}
