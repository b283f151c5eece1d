package dev.factoryproxy.route.responses;

import dev.factoryproxy.translate.OpenAiErrors;
import io.vertx.core.json.JsonObject;

/**
 * A finished Responses object's {@code status} → the Chat finish reason (OS5) or, for {@code failed}, the
 * OpenAI error it stands for (OE4): shared by the complete answer and the stream.
 */
final class Outcome {
  private Outcome() {
  }

  /**
   * OS5: completed → {@code tool_calls} when a function was called, else {@code stop}; incomplete for
   * {@code max_output_tokens} → {@code length}, for {@code content_filter} → {@code content_filter}.
   */
  static String finishReason(JsonObject response, boolean calledFunction) {
    if ("incomplete".equals(response.getValue("status"))) {
      String reason = nativeReason(response);
      return "content_filter".equals(reason) ? "content_filter" : "length";
    }
    return calledFunction ? "tool_calls" : "stop";
  }

  /** The raw reason kept as {@code native_finish_reason}: the status, or the incomplete reason. */
  static String nativeReason(JsonObject response) {
    Object details = response.getValue("incomplete_details");
    if (details instanceof JsonObject d && d.getValue("reason") instanceof String reason) {
      return reason;
    }
    return response.getString("status", "completed");
  }

  static boolean failed(JsonObject response) {
    return "failed".equals(response.getValue("status")) || "cancelled".equals(response.getValue("status"));
  }

  /** OE4: a failed response's {@code error} ({@code code}, {@code message}) → an OpenAI error body. */
  static JsonObject errorBody(JsonObject response) {
    Object value = response.getValue("error");
    JsonObject error = value instanceof JsonObject e ? e : new JsonObject();
    return errorBody(error.getString("code"), error.getString("message"), null);
  }

  /** OE4: an error {@code code} → OpenAI's {@code type} for it. */
  static JsonObject errorBody(String code, String message, String param) {
    String text = message == null || message.isEmpty() ? "The model failed to produce a response" : message;
    return OpenAiErrors.body(text, typeFor(code), param, code == null ? "upstream_failed" : code);
  }

  static String typeFor(String code) {
    return switch (code == null ? "" : code) {
      case "rate_limit_exceeded" -> "rate_limit_error";
      case "insufficient_quota" -> "insufficient_quota";
      case "invalid_prompt", "context_length_exceeded", "invalid_request_error", "invalid_image",
           "invalid_image_format", "image_too_large", "vector_store_timeout" -> "invalid_request_error";
      default -> "server_error";
    };
  }

  /** OT9: the HTTP status an error code stands for, when it arrives before any output. */
  static int statusFor(String code) {
    return switch (code == null ? "" : code) {
      case "rate_limit_exceeded", "insufficient_quota" -> 429;
      case "invalid_prompt", "context_length_exceeded", "invalid_request_error", "invalid_image",
           "invalid_image_format", "image_too_large" -> 400;
      case "server_is_overloaded", "overloaded" -> 503;
      default -> 500;
    };
  }
}
