package dev.factoryproxy.translate;

import io.vertx.core.json.JsonObject;

/** Pieces of an OpenAI choice built the same way by the non-stream (S1–S4) and streaming (T2–T7) translations. */
final class ChoiceParts {

  private ChoiceParts() {
  }

  /** S1, T3: OpenAI ids are derived from the Anthropic message id. */
  static String completionId(String messageId) {
    return "chatcmpl-" + messageId;
  }

  /** The model upstream reports, else the one the client asked for. */
  static String model(JsonObject anthropicMessage, ResponseContext ctx) {
    String model = anthropicMessage.getString("model");
    return model != null ? model : ctx.model();
  }

  /** R27: the synthetic structured-output tool, whose input becomes message content. */
  static boolean isJsonTool(ResponseContext ctx, String upstreamToolName) {
    return ctx.jsonToolName() != null && ctx.jsonToolName().equals(upstreamToolName);
  }

  /** S3: {@code {"id","type":"function","function":{"name","arguments"}}}, name as the client knows it (R16). */
  static JsonObject toolCall(ResponseContext ctx, String id, String upstreamName, String arguments) {
    return new JsonObject()
      .put("id", id)
      .put("type", "function")
      .put("function", functionCall(ctx.clientToolName(upstreamName), arguments));
  }

  /** R14: legacy {@code function_call}, also the {@code function} part of a tool call. */
  static JsonObject functionCall(String name, String arguments) {
    return new JsonObject().put("name", name).put("arguments", arguments);
  }

  /** S3: a tool's input as arguments text; {@code {}} when upstream gave none. */
  static String arguments(JsonObject input) {
    return input == null ? "{}" : input.encode();
  }

  /** S4, T7: a replayable thinking block (R15). */
  static JsonObject thinkingBlock(String thinking, String signature) {
    return new JsonObject().put("type", "thinking").put("thinking", thinking).put("signature", signature);
  }

  /** S4, T7: redacted thinking travels only as data for replay, never as reasoning text. */
  static JsonObject redactedThinkingBlock(String data) {
    return new JsonObject().put("type", "redacted_thinking").put("data", data);
  }
}
