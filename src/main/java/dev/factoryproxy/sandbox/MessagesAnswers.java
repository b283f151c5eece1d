package dev.factoryproxy.sandbox;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * The sandbox's Messages route ({@code /api/llm/a/v1/messages}): an Anthropic message, or the events that stream
 * it, in the shapes of the strict test fake ({@code testing.Reply} / {@code MessageStream}): message_start, per
 * block a start, its deltas (text in two, tool input as an empty fragment then three pieces) and a stop, a ping
 * after the first start, message_delta, message_stop. Usage 25 in / 15 out, as the fake's.
 */
final class MessagesAnswers {
  static final String SIGNATURE = "sandbox-signature";
  private static final int TEXT_PIECES = 2;
  private static final int INPUT_JSON_PIECES = 3;

  private MessagesAnswers() {
  }

  static SandboxAnswer answer(JsonObject body, Directives says) {
    if (says.error() != 0) {
      return error(says.error(), "sandbox:error=" + says.error() + " asked for this error");
    }
    JsonArray content = new JsonArray();
    if (says.reasoning()) {
      content.add(new JsonObject().put("type", "thinking").put("thinking", "The sandbox thinks about: " + says.text())
        .put("signature", SIGNATURE));
    }
    JsonObject tool = says.tool() ? Directives.firstTool(body) : null;
    if (tool != null) {
      content.add(new JsonObject().put("type", "tool_use").put("id", "toolu_sandbox_1")
        .put("name", tool.getString("name")).put("input", tool.getJsonObject("arguments")));
    } else {
      content.add(new JsonObject().put("type", "text").put("text", says.tool()
        ? "sandbox:tool needs a tool in the request" : says.echo()));
    }
    JsonObject message = new JsonObject()
      .put("id", "msg_sandbox_1")
      .put("type", "message")
      .put("role", "assistant")
      .put("model", body.getString("model"))
      .put("content", content)
      .put("stop_reason", tool != null ? "tool_use" : "end_turn")
      .put("stop_sequence", null)
      .put("usage", new JsonObject().put("input_tokens", 25).put("output_tokens", 15));
    return body.getBoolean("stream", false) ? SandboxAnswer.stream(events(message)) : SandboxAnswer.json(200, message);
  }

  /** {@code /count_tokens}: a deterministic estimate, a quarter of the body's characters. */
  static SandboxAnswer countTokens(JsonObject body) {
    return SandboxAnswer.json(200, new JsonObject().put("input_tokens", Math.max(1, body.encode().length() / 4)));
  }

  /** Anthropic's error shape, with the type Anthropic gives the status. */
  static SandboxAnswer error(int status, String message) {
    String type = switch (status) {
      case 400 -> "invalid_request_error";
      case 401 -> "authentication_error";
      case 403 -> "permission_error";
      case 404 -> "not_found_error";
      case 413 -> "request_too_large";
      case 429 -> "rate_limit_error";
      case 529 -> "overloaded_error";
      default -> "api_error";
    };
    return SandboxAnswer.json(status, new JsonObject().put("type", "error")
      .put("error", new JsonObject().put("type", type).put("message", message)));
  }

  private static List<SandboxAnswer.Event> events(JsonObject message) {
    List<SandboxAnswer.Event> events = new ArrayList<>();
    JsonObject opening = message.copy().put("content", new JsonArray()).put("stop_reason", null)
      .put("usage", message.getJsonObject("usage").copy().put("output_tokens", 1));
    events.add(SandboxAnswer.Event.typed(new JsonObject().put("type", "message_start").put("message", opening)));
    JsonArray content = message.getJsonArray("content");
    for (int index = 0; index < content.size(); index++) {
      JsonObject block = content.getJsonObject(index);
      events.add(SandboxAnswer.Event.typed(block("content_block_start", index).put("content_block", opened(block))));
      if (index == 0) {
        events.add(SandboxAnswer.Event.typed(new JsonObject().put("type", "ping")));
      }
      for (JsonObject delta : deltas(block)) {
        events.add(SandboxAnswer.Event.typed(block("content_block_delta", index).put("delta", delta)));
      }
      events.add(SandboxAnswer.Event.typed(block("content_block_stop", index)));
    }
    events.add(SandboxAnswer.Event.typed(new JsonObject().put("type", "message_delta")
      .put("delta", new JsonObject().put("stop_reason", message.getString("stop_reason")).put("stop_sequence", null))
      .put("usage", new JsonObject().put("output_tokens", message.getJsonObject("usage").getValue("output_tokens")))));
    events.add(SandboxAnswer.Event.typed(new JsonObject().put("type", "message_stop")));
    return events;
  }

  private static JsonObject opened(JsonObject block) {
    return switch (block.getString("type")) {
      case "text" -> new JsonObject().put("type", "text").put("text", "");
      // the real API (and the Anthropic SDK's validation) has an empty signature here; the test fake omits it
      case "thinking" -> new JsonObject().put("type", "thinking").put("thinking", "").put("signature", "");
      default -> new JsonObject().put("type", "tool_use").put("id", block.getString("id"))
        .put("name", block.getString("name")).put("input", new JsonObject());
    };
  }

  private static List<JsonObject> deltas(JsonObject block) {
    List<JsonObject> deltas = new ArrayList<>();
    switch (block.getString("type")) {
      case "text" -> Pieces.split(block.getString("text"), TEXT_PIECES)
        .forEach(piece -> deltas.add(delta("text_delta", "text", piece)));
      case "thinking" -> {
        Pieces.split(block.getString("thinking"), TEXT_PIECES)
          .forEach(piece -> deltas.add(delta("thinking_delta", "thinking", piece)));
        deltas.add(delta("signature_delta", "signature", block.getString("signature")));
      }
      default -> {
        deltas.add(delta("input_json_delta", "partial_json", ""));
        JsonObject input = block.getJsonObject("input");
        if (!input.isEmpty()) {
          Pieces.split(input.encode(), INPUT_JSON_PIECES)
            .forEach(piece -> deltas.add(delta("input_json_delta", "partial_json", piece)));
        }
      }
    }
    return deltas;
  }

  private static JsonObject block(String type, int index) {
    return new JsonObject().put("type", type).put("index", index);
  }

  private static JsonObject delta(String type, String key, String value) {
    return new JsonObject().put("type", type).put(key, value);
  }
}
