package dev.factoryproxy.translate;

import io.vertx.core.json.JsonObject;

import java.util.Locale;
import java.util.Map;

/** Image and document blocks from OpenAI {@code image_url} and {@code file} parts (R6–R8). URLs are never fetched. */
final class MediaBlocks {
  /** Media types Anthropic accepts, and the block type each becomes; {@code image/jpg} is a common misspelling. */
  private static final Map<String, String> BLOCK_TYPES = Map.of(
    "image/jpeg", "image", "image/jpg", "image", "image/png", "image", "image/gif", "image", "image/webp", "image",
    "application/pdf", "document");
  private static final String DEFAULT_FILE_MEDIA_TYPE = "application/pdf";

  private MediaBlocks() {
  }

  /** R6/R7: a base64 data URL becomes an image (or PDF document) block; an http(s) URL a url image source. */
  static JsonObject fromImageUrl(String url, String path) {
    if (url.startsWith("data:")) {
      return fromDataUrl(url, path);
    }
    String lower = url.toLowerCase(Locale.ROOT);
    if (lower.startsWith("https://") || lower.startsWith("http://")) {
      return new JsonObject().put("type", "image").put("source", new JsonObject().put("type", "url").put("url", url));
    }
    throw RequestFields.invalid(path, path + " must be an http(s) URL or a base64 data URL");
  }

  /** R8: {@code file_data} is a data URL, or raw base64 taken to be a PDF. */
  static JsonObject fromFileData(String fileData, String path) {
    if (fileData.startsWith("data:")) {
      return fromDataUrl(fileData, path);
    }
    if (fileData.isBlank()) {
      throw RequestFields.invalid(path, path + " must not be empty");
    }
    return base64Block("document", DEFAULT_FILE_MEDIA_TYPE, fileData);
  }

  /** {@code data:<media type>[;params];base64,<data>}. */
  private static JsonObject fromDataUrl(String url, String path) {
    int comma = url.indexOf(',');
    String header = comma < 0 ? "" : url.substring("data:".length(), comma);
    String data = comma < 0 ? "" : url.substring(comma + 1);
    if (!header.endsWith(";base64") || data.isEmpty()) {
      throw RequestFields.invalid(path, path + " must be a base64 data URL (data:<media type>;base64,<data>)");
    }
    String mediaType = header.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    String blockType = BLOCK_TYPES.get(mediaType);
    if (blockType == null) {
      throw RequestFields.invalid(path, path + " has media type \"" + mediaType
        + "\"; supported are image/jpeg, image/png, image/gif, image/webp and application/pdf");
    }
    return base64Block(blockType, mediaType.equals("image/jpg") ? "image/jpeg" : mediaType, data);
  }

  private static JsonObject base64Block(String blockType, String mediaType, String data) {
    return new JsonObject().put("type", blockType).put("source",
      new JsonObject().put("type", "base64").put("media_type", mediaType).put("data", data));
  }
}
