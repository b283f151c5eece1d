package dev.factoryproxy.translate;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

import static dev.factoryproxy.translate.RequestFields.index;
import static dev.factoryproxy.translate.RequestFields.invalid;
import static dev.factoryproxy.translate.RequestFields.path;

/** A message's {@code content} (string or part array) → Anthropic content blocks (R2, R5–R8, R12). */
final class ContentTranslator {

  /** The part types each kind of message accepts. */
  enum Accepts {
    /** R2: system and developer messages take text only. */
    SYSTEM("system/developer", List.of("text")),
    USER("user", List.of("text", "image_url", "file")),
    /** An earlier refusal is something the assistant said, so it is replayed as text. */
    ASSISTANT("assistant", List.of("text", "refusal")),
    /** R12: tool results hold text and images. */
    TOOL("tool", List.of("text", "image_url"));

    private final String roles;
    private final List<String> partTypes;

    Accepts(String roles, List<String> partTypes) {
      this.roles = roles;
      this.partTypes = partTypes;
    }
  }

  private ContentTranslator() {
  }

  /** The blocks for one message's content; whitespace-only text is dropped (R5), so the list may be empty. */
  static List<JsonObject> blocks(Object content, String path, Accepts accepts) {
    if (content instanceof String) {
      return ((String) content).isBlank() ? List.of() : List.of(textBlock((String) content));
    }
    if (!(content instanceof JsonArray)) {
      throw invalid(path, path + " must be a string or an array of content parts");
    }
    JsonArray parts = (JsonArray) content;
    List<JsonObject> blocks = new ArrayList<>();
    for (int i = 0; i < parts.size(); i++) {
      JsonObject block = partBlock(RequestFields.objectAt(parts, i, path), index(path, i), accepts);
      if (block != null) {
        blocks.add(block);
      }
    }
    return blocks;
  }

  static JsonObject textBlock(String text) {
    return new JsonObject().put("type", "text").put("text", text);
  }

  /** One part's block, or null for whitespace-only text (R5). {@code cache_control} passes through. */
  private static JsonObject partBlock(JsonObject part, String path, Accepts accepts) {
    String type = RequestFields.requiredString(part, "type", path);
    if (!accepts.partTypes.contains(type)) {
      throw invalid(path, path + " is a \"" + type + "\" part, which " + accepts.roles
        + " messages cannot contain here; supported part types are " + String.join(", ", accepts.partTypes));
    }
    JsonObject block = switch (type) {
      case "text", "refusal" -> {
        String text = RequestFields.text(part, type, path);
        yield text.isBlank() ? null : textBlock(text);
      }
      case "image_url" -> imageBlock(part, path);
      default -> fileBlock(RequestFields.requiredObject(part, "file", path), path);
    };
    JsonObject cacheControl = RequestFields.object(part, "cache_control", path);
    return block == null || cacheControl == null ? block : block.put("cache_control", cacheControl.copy());
  }

  /** {@code image_url} is {@code {"url":…}}; a bare URL string is accepted too, as some clients send it. */
  private static JsonObject imageBlock(JsonObject part, String partPath) {
    String imagePath = path(partPath, "image_url");
    if (part.getValue("image_url") instanceof String url) {
      return MediaBlocks.fromImageUrl(url, imagePath);
    }
    JsonObject imageUrl = RequestFields.requiredObject(part, "image_url", partPath);
    return MediaBlocks.fromImageUrl(RequestFields.requiredString(imageUrl, "url", imagePath), path(imagePath, "url"));
  }

  /** R8: inline {@code file_data} only; a {@code file_id} refers to OpenAI's file store, which Anthropic cannot see. */
  private static JsonObject fileBlock(JsonObject file, String partPath) {
    String filePath = path(partPath, "file");
    String fileData = RequestFields.string(file, "file_data", filePath);
    if (fileData == null && file.getValue("file_id") != null) {
      throw invalid(partPath, partPath + " refers to a file_id, which is not supported;"
        + " send the file inline as file_data");
    }
    if (fileData == null) {
      throw invalid(path(filePath, "file_data"), path(filePath, "file_data") + " is required");
    }
    RequestFields.string(file, "filename", filePath); // validated only: Anthropic's document block has no file name
    return MediaBlocks.fromFileData(fileData, path(filePath, "file_data"));
  }
}
