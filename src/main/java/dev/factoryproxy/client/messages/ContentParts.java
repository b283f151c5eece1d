package dev.factoryproxy.client.messages;

import dev.factoryproxy.translate.InvalidRequestException;
import dev.factoryproxy.translate.RequestFields;
import io.vertx.core.json.JsonObject;

import java.util.List;

import static dev.factoryproxy.translate.RequestFields.invalid;
import static dev.factoryproxy.translate.RequestFields.path;

/** Anthropic user content blocks → chat content parts (MR4). */
final class ContentParts {
  private static final List<String> IMAGE_TYPES = List.of("image/jpeg", "image/png", "image/gif", "image/webp");

  private ContentParts() {
  }

  /** One block → a chat part; null for text with nothing but whitespace (chat routes refuse it too). */
  static JsonObject userPart(JsonObject block, String type, String path) {
    return switch (type) {
      case "text" -> {
        String text = RequestFields.text(block, "text", path);
        yield text.isBlank() ? null : MessagesRequestReader.textPart(text, block);
      }
      case "image" -> image(RequestFields.requiredObject(block, "source", path), path(path, "source"));
      case "document" -> document(RequestFields.requiredObject(block, "source", path), path(path, "source"));
      default -> throw unsupported(path, type);
    };
  }

  static InvalidRequestException unsupported(String path, String type) {
    return invalid(path(path, "type"), path(path, "type") + ": the content block type '" + type
      + "' is not supported for this model");
  }

  /** base64 → a data URL; a URL as it is (never fetched by the proxy). */
  private static JsonObject image(JsonObject source, String path) {
    String type = RequestFields.requiredString(source, "type", path);
    String url;
    if (type.equals("base64")) {
      String mediaType = RequestFields.requiredString(source, "media_type", path);
      if (!IMAGE_TYPES.contains(mediaType)) {
        throw invalid(path(path, "media_type"), path(path, "media_type")
          + ": Input should be 'image/jpeg', 'image/png', 'image/gif' or 'image/webp'");
      }
      url = "data:" + mediaType + ";base64," + RequestFields.requiredString(source, "data", path);
    } else if (type.equals("url")) {
      url = RequestFields.requiredString(source, "url", path);
    } else {
      throw invalid(path(path, "type"), path(path, "type") + ": Input should be 'base64' or 'url'");
    }
    return new JsonObject().put("type", "image_url").put("image_url", new JsonObject().put("url", url));
  }

  /** A base64 PDF → a chat {@code file} part; plain-text documents → text. URL documents have no chat form. */
  private static JsonObject document(JsonObject source, String path) {
    String type = RequestFields.requiredString(source, "type", path);
    return switch (type) {
      case "base64" -> {
        String mediaType = RequestFields.requiredString(source, "media_type", path);
        if (!mediaType.equals("application/pdf")) {
          throw invalid(path(path, "media_type"), path(path, "media_type") + ": Input should be 'application/pdf'");
        }
        String data = "data:application/pdf;base64," + RequestFields.requiredString(source, "data", path);
        yield new JsonObject().put("type", "file").put("file", new JsonObject().put("file_data", data));
      }
      case "text" -> new JsonObject().put("type", "text").put("text", RequestFields.text(source, "data", path));
      default -> throw invalid(path(path, "type"), path(path, "type") + ": the document source type '" + type
        + "' is not supported for this model; send the document as base64");
    };
  }
}
