package dev.factoryproxy.testing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static dev.factoryproxy.testing.Inputs.object;
import static dev.factoryproxy.testing.Inputs.required;
import static dev.factoryproxy.testing.Inputs.requiredString;
import static dev.factoryproxy.testing.Rejection.requireValid;

/** The shape of each content block type the Messages API accepts in a request (R5-R8, R11, R12, R15). */
final class BlockRules {
  static final Pattern TOOL_USE_ID = Pattern.compile("^[a-zA-Z0-9_-]+$");
  private static final List<String> BLOCK_TYPES =
    List.of("text", "image", "document", "tool_use", "tool_result", "thinking", "redacted_thinking");
  private static final List<String> TOOL_RESULT_BLOCK_TYPES = List.of("text", "image", "document");
  private static final List<String> IMAGE_MEDIA_TYPES = List.of("image/jpeg", "image/png", "image/gif", "image/webp");
  private static final List<String> DOCUMENT_MEDIA_TYPES = List.of("application/pdf");

  private BlockRules() {
  }

  /** A message's content as blocks: a string is one text block, an empty string none. */
  static List<JsonObject> content(Object content, String path) {
    if (content instanceof String text) {
      if (text.isEmpty()) {
        return List.of();
      }
      checkText(text, path);
      return List.of(new JsonObject().put("type", "text").put("text", text));
    }
    return blocks(Inputs.array(content, path), path, BLOCK_TYPES);
  }

  /** Empty or whitespace-only text is a 400 (R5). */
  static void checkText(String text, String path) {
    requireValid(!text.isEmpty(), path + ": text content blocks must be non-empty");
    requireValid(!text.isBlank(), path + ": text content blocks must contain non-whitespace text");
  }

  private static List<JsonObject> blocks(JsonArray array, String path, List<String> allowedTypes) {
    List<JsonObject> blocks = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      blocks.add(block(array.getValue(i), path + "." + i, allowedTypes));
    }
    return blocks;
  }

  private static JsonObject block(Object value, String path, List<String> allowedTypes) {
    JsonObject block = object(value, path);
    String type = requiredString(block, "type", path);
    requireValid(allowedTypes.contains(type), path + ".type: Input tag '" + type
      + "' found using 'type' does not match any of the expected tags: '" + String.join("', '", allowedTypes) + "'");
    switch (type) {
      case "text" -> checkText(requiredString(block, "text", path), path + ".text");
      case "image" -> checkSource(block, path, IMAGE_MEDIA_TYPES);
      case "document" -> checkSource(block, path, DOCUMENT_MEDIA_TYPES);
      case "tool_use" -> checkToolUse(block, path);
      case "tool_result" -> checkToolResult(block, path);
      case "thinking" -> {
        requiredString(block, "thinking", path);
        requiredString(block, "signature", path);
      }
      default -> requiredString(block, "data", path); // redacted_thinking
    }
    return block;
  }

  private static void checkSource(JsonObject block, String path, List<String> mediaTypes) {
    String sourcePath = path + ".source";
    JsonObject source = object(required(block, "source", sourcePath), sourcePath);
    String type = Inputs.oneOf(requiredString(source, "type", sourcePath), List.of("base64", "url"), sourcePath + ".type");
    if (type.equals("url")) {
      requiredString(source, "url", sourcePath);
      return;
    }
    Inputs.oneOf(requiredString(source, "media_type", sourcePath), mediaTypes, sourcePath + ".media_type");
    requireValid(!requiredString(source, "data", sourcePath).isEmpty(), sourcePath + ".data: base64 data must be non-empty");
  }

  private static void checkToolUse(JsonObject block, String path) {
    checkToolUseId(requiredString(block, "id", path), path + ".id");
    requiredString(block, "name", path);
    object(required(block, "input", path + ".input"), path + ".input");
  }

  /** A tool result's content is a string or text/image/document blocks; absent content is fine (R12). */
  private static void checkToolResult(JsonObject block, String path) {
    checkToolUseId(requiredString(block, "tool_use_id", path), path + ".tool_use_id");
    Object content = block.getValue("content");
    if (content != null && !(content instanceof String)) {
      blocks(Inputs.array(content, path + ".content"), path + ".content", TOOL_RESULT_BLOCK_TYPES);
    }
    if (block.getValue("is_error") != null) {
      Inputs.bool(block.getValue("is_error"), path + ".is_error");
    }
  }

  private static void checkToolUseId(String id, String path) {
    requireValid(TOOL_USE_ID.matcher(id).matches(), path + ": String should match pattern '" + TOOL_USE_ID + "'");
  }
}
