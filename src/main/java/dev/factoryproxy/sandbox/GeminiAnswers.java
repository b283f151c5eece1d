package dev.factoryproxy.sandbox;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * The sandbox's Gemini route ({@code /api/llm/g/v1/generate}): always an SSE stream of GenerateContentResponse
 * chunks (the route streams whatever the request asks), in the shapes of the strict test fake
 * ({@code testing.FakeGeminiRoute}): text in two chunks then a signature-only part with STOP and usage, or a
 * thought and a signed functionCall. Usage 21 in / 4 out / 5 thoughts, as the fake's.
 */
final class GeminiAnswers {
  static final String SIGNATURE = "sandbox-gemini-signature";

  private GeminiAnswers() {
  }

  static SandboxAnswer answer(JsonObject body, Directives says) {
    if (says.error() != 0) {
      return error(says.error(), "sandbox:error=" + says.error() + " asked for this error");
    }
    List<JsonObject> chunks = new ArrayList<>();
    if (says.reasoning()) {
      chunks.add(chunk(part("The sandbox thinks about: " + says.text()).put("thought", true), null, null));
    }
    JsonObject tool = says.tool() ? Directives.firstTool(body) : null;
    if (tool != null) {
      chunks.add(chunk(new JsonObject().put("functionCall", new JsonObject().put("name", tool.getString("name"))
        .put("args", tool.getJsonObject("arguments"))).put("thoughtSignature", SIGNATURE), "STOP", usage()));
    } else {
      String text = says.tool() ? "sandbox:tool needs a tool in the request" : says.echo();
      int half = text.length() / 2;
      chunks.add(chunk(part(text.substring(0, half)), null, null));
      chunks.add(chunk(part(text.substring(half)), null, null));
      chunks.add(chunk(part("").put("thoughtSignature", SIGNATURE), "STOP", usage()));
    }
    return SandboxAnswer.stream(chunks.stream().map(SandboxAnswer.Event::data).toList());
  }

  /** Google's error shape, {@code {"error":{"code","message","status"}}}. */
  static SandboxAnswer error(int status, String message) {
    String name = switch (status) {
      case 400 -> "INVALID_ARGUMENT";
      case 401 -> "UNAUTHENTICATED";
      case 403 -> "PERMISSION_DENIED";
      case 404 -> "NOT_FOUND";
      case 429 -> "RESOURCE_EXHAUSTED";
      case 503 -> "UNAVAILABLE";
      default -> "INTERNAL";
    };
    return SandboxAnswer.json(status, new JsonObject().put("error", new JsonObject().put("code", status)
      .put("message", message).put("status", name)));
  }

  private static JsonObject part(String text) {
    return new JsonObject().put("text", text);
  }

  private static JsonObject chunk(JsonObject part, String finishReason, JsonObject usage) {
    JsonObject candidate = new JsonObject().put("content", new JsonObject().put("role", "model")
      .put("parts", new JsonArray().add(part))).put("index", 0);
    if (finishReason != null) {
      candidate.put("finishReason", finishReason);
    }
    JsonObject chunk = new JsonObject().put("candidates", new JsonArray().add(candidate))
      .put("responseId", "resp-sandbox-1").put("modelVersion", "sandbox");
    return usage == null ? chunk : chunk.put("usageMetadata", usage);
  }

  private static JsonObject usage() {
    return new JsonObject().put("promptTokenCount", 21).put("candidatesTokenCount", 4).put("thoughtsTokenCount", 5)
      .put("totalTokenCount", 30);
  }
}
