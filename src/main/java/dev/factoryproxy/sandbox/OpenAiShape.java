package dev.factoryproxy.sandbox;

import io.vertx.core.json.JsonObject;

/** OpenAI's error body ({@code {"error":{"message","type","param","code"}}}), for the Responses and Chat routes. */
final class OpenAiShape {
  private OpenAiShape() {
  }

  static JsonObject error(int status, String message) {
    String type = switch (status) {
      case 400, 404, 413 -> "invalid_request_error";
      case 401 -> "authentication_error";
      case 403 -> "permission_error";
      case 429 -> "rate_limit_error";
      default -> "server_error";
    };
    return new JsonObject().put("error", new JsonObject().put("message", message).put("type", type).putNull("param")
      .putNull("code"));
  }
}
