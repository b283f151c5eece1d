package dev.factoryproxy.client.responses;

import io.vertx.core.json.JsonObject;

/** Responses API frames: {@code event: <type>} plus the JSON data, which repeats the type (XT1). */
final class ResponsesSse {
  private ResponsesSse() {
  }

  static String frame(JsonObject data) {
    return "event: " + data.getString("type") + "\ndata: " + data.encode() + "\n\n";
  }

  /** A {@code response.failed} event: what Codex and the OpenAI SDKs read when a stream breaks (XT9, XP11, XE2). */
  static JsonObject failedEvent(JsonObject response, JsonObject openAiError, long sequenceNumber) {
    JsonObject error = openAiError == null ? null : openAiError.getJsonObject("error");
    String code = error == null ? null : error.getString("code");
    String type = error == null ? null : error.getString("type");
    String message = error == null ? null : error.getString("message");
    JsonObject failed = response.copy()
      .put("status", "failed")
      .put("error", new JsonObject()
        .put("code", code != null ? code : type != null ? type : "server_error")
        .put("message", message != null ? message : "The upstream stream failed"));
    return new JsonObject().put("type", "response.failed").put("sequence_number", sequenceNumber)
      .put("response", failed);
  }
}
