package dev.factoryproxy.route.gemini;

import dev.factoryproxy.config.TranslationSettings;
import dev.factoryproxy.translate.RequestFields;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static dev.factoryproxy.translate.RequestFields.index;
import static dev.factoryproxy.translate.RequestFields.invalid;
import static dev.factoryproxy.translate.RequestFields.path;

/**
 * Hub {@code messages} → Gemini {@code systemInstruction} and {@code contents} (GR2–GR8). One instance per request:
 * it remembers each tool call's name, so that a tool message's {@code functionResponse} names its function.
 */
final class GeminiContents {
  /**
   * The value Google documents for replaying a function call whose signature was lost (e.g. a client that drops
   * {@code thinking_blocks}): it skips the signature check instead of failing the turn.
   */
  static final String SKIP_SIGNATURE = "skip_thought_signature_validator";
  private static final List<String> ROLES = List.of("system", "developer", "user", "assistant", "tool");
  private static final Set<String> MEDIA_TYPES = Set.of("image/png", "image/jpeg", "image/webp", "image/heic",
    "image/heif", "image/gif", "application/pdf");

  record Result(JsonObject systemInstruction, JsonArray contents) {
  }

  private final String droidPrompt;
  private final List<String> systemTexts = new ArrayList<>();
  private final JsonArray contents = new JsonArray();
  private final Map<String, String> callNames = new HashMap<>();
  private final Set<String> openCalls = new LinkedHashSet<>();

  GeminiContents(String droidPrompt) {
    this.droidPrompt = droidPrompt;
  }

  Result translate(JsonArray messages) {
    if (messages.isEmpty()) {
      throw invalid("messages", "messages must contain at least one message");
    }
    for (int i = 0; i < messages.size(); i++) {
      message(RequestFields.objectAt(messages, i, "messages"), index("messages", i));
    }
    requireAnswered();
    if (contents.isEmpty()) { // GR8: only system text: it is the user's turn, the Droid prompt still leads
      if (systemTexts.isEmpty()) {
        throw invalid("messages", "messages must contain at least one user message with non-empty content");
      }
      JsonArray parts = new JsonArray();
      systemTexts.forEach(t -> parts.add(text(t)));
      systemTexts.clear();
      contents.add(new JsonObject().put("role", "user").put("parts", parts));
    }
    return new Result(systemInstruction(), contents);
  }

  /** GR2: the Droid prompt is the first part unless the client's first system text begins with its prefix. */
  private JsonObject systemInstruction() {
    JsonArray parts = new JsonArray();
    if (systemTexts.isEmpty() || !systemTexts.get(0).startsWith(TranslationSettings.DROID_PROMPT_PREFIX)) {
      parts.add(text(droidPrompt));
    }
    systemTexts.forEach(t -> parts.add(text(t)));
    return new JsonObject().put("parts", parts);
  }

  private void message(JsonObject message, String path) {
    Object role = message.getValue("role");
    if (!(role instanceof String) || !ROLES.contains(role)) {
      throw invalid(path(path, "role"), path(path, "role") + " must be one of " + String.join(", ", ROLES));
    }
    switch ((String) role) {
      case "system", "developer" -> systemTexts.add(plainText(message.getValue("content"), path(path, "content")));
      case "user" -> user(message, path);
      case "assistant" -> assistant(message, path);
      default -> toolResult(message, path);
    }
  }

  /** GR4: text, images and PDFs as inline data; URLs are never fetched, so only data URLs are taken. */
  private void user(JsonObject message, String path) {
    requireAnswered();
    String contentPath = path(path, "content");
    Object content = message.getValue("content");
    JsonArray parts = new JsonArray();
    if (content instanceof String s) {
      if (!s.isBlank()) {
        parts.add(text(s));
      }
    } else if (content instanceof JsonArray list) {
      for (int k = 0; k < list.size(); k++) {
        JsonObject part = userPart(RequestFields.objectAt(list, k, contentPath), index(contentPath, k));
        if (part != null) {
          parts.add(part);
        }
      }
    } else {
      throw invalid(contentPath, contentPath + " must be a string or an array of content parts");
    }
    if (parts.isEmpty()) {
      throw invalid(contentPath, contentPath + " is empty: a user message needs non-whitespace text or an image");
    }
    append("user", parts);
  }

  private static JsonObject userPart(JsonObject part, String path) {
    String type = RequestFields.requiredString(part, "type", path);
    switch (type) {
      case "text" -> {
        String t = RequestFields.text(part, "text", path);
        return t.isBlank() ? null : text(t);
      }
      case "image_url" -> {
        if (part.getValue("image_url") instanceof String url) {
          return inlineData(url, path(path, "image_url"));
        }
        JsonObject image = RequestFields.requiredObject(part, "image_url", path);
        String urlPath = path(path(path, "image_url"), "url");
        return inlineData(RequestFields.requiredString(image, "url", path(path, "image_url")), urlPath);
      }
      case "file" -> {
        JsonObject file = RequestFields.requiredObject(part, "file", path);
        String dataPath = path(path(path, "file"), "file_data");
        String data = RequestFields.string(file, "file_data", path(path, "file"));
        if (data == null) {
          throw invalid(dataPath, dataPath + " is required: files are sent inline (file_id is not supported)");
        }
        return data.startsWith("data:") ? inlineData(data, dataPath) : new JsonObject().put("inlineData",
          new JsonObject().put("mimeType", "application/pdf").put("data", data));
      }
      default -> throw invalid(path, path + " is a \"" + type + "\" part; supported are text, image_url and file");
    }
  }

  /** {@code data:<media type>;base64,<data>} → {@code inlineData}. */
  private static JsonObject inlineData(String url, String path) {
    if (!url.startsWith("data:")) {
      throw invalid(path, path + " must be a base64 data URL: this model's route takes images inline and the proxy"
        + " does not fetch URLs");
    }
    int comma = url.indexOf(',');
    String header = comma < 0 ? "" : url.substring(5, comma);
    String data = comma < 0 ? "" : url.substring(comma + 1);
    String mediaType = header.split(";", 2)[0].trim().toLowerCase(Locale.ROOT).replace("image/jpg", "image/jpeg");
    if (!header.endsWith(";base64") || data.isEmpty()) {
      throw invalid(path, path + " must be a base64 data URL (data:<media type>;base64,<data>)");
    }
    if (!MEDIA_TYPES.contains(mediaType)) {
      throw invalid(path, path + " has media type \"" + mediaType + "\"; supported are " + String.join(", ",
        new java.util.TreeSet<>(MEDIA_TYPES)));
    }
    return new JsonObject().put("inlineData", new JsonObject().put("mimeType", mediaType).put("data", data));
  }

  /**
   * GR5, GR6: text, then one {@code functionCall} per tool call; signatures from {@code thinking_blocks} go back on
   * the part they came with (a call's by its {@code tool_call_id}, others on the first text part); a turn whose
   * first call has no signature gets {@link #SKIP_SIGNATURE}. Reasoning text is never replayed.
   */
  private void assistant(JsonObject message, String path) {
    requireAnswered();
    JsonArray parts = new JsonArray();
    Object content = message.getValue("content");
    JsonArray calls = RequestFields.array(message, "tool_calls", path);
    if (content == null && (calls == null || calls.isEmpty())) {
      throw invalid(path(path, "content"), path(path, "content") + " is required unless the message has tool_calls");
    }
    if (content != null) {
      String t = plainText(content, path(path, "content"));
      if (!t.isBlank()) {
        parts.add(text(t));
      }
    }
    Map<String, JsonObject> callParts = new HashMap<>();
    JsonObject firstCall = null;
    for (int k = 0; calls != null && k < calls.size(); k++) {
      String callPath = index(path(path, "tool_calls"), k);
      JsonObject call = RequestFields.objectAt(calls, k, path(path, "tool_calls"));
      String id = RequestFields.requiredString(call, "id", callPath);
      JsonObject function = RequestFields.requiredObject(call, "function", callPath);
      String name = RequestFields.requiredString(function, "name", path(callPath, "function"));
      JsonObject args = arguments(RequestFields.text(function, "arguments", path(callPath, "function")),
        path(path(callPath, "function"), "arguments"));
      if (!openCalls.add(id)) {
        throw invalid(path(callPath, "id"), path(callPath, "id") + " repeats the id of another tool call");
      }
      callNames.put(id, name);
      JsonObject part = new JsonObject().put("functionCall", new JsonObject().put("name", name).put("args", args));
      callParts.put(id, part);
      firstCall = firstCall == null ? part : firstCall;
      parts.add(part);
    }
    placeSignatures(message, path, parts, callParts);
    if (firstCall != null && firstCall.getValue("thoughtSignature") == null) {
      firstCall.put("thoughtSignature", SKIP_SIGNATURE);
    }
    if (!parts.isEmpty()) {
      append("model", parts);
    }
  }

  private static void placeSignatures(JsonObject message, String path, JsonArray parts,
                                      Map<String, JsonObject> callParts) {
    JsonArray blocks = RequestFields.array(message, "thinking_blocks", path);
    String listPath = path(path, "thinking_blocks");
    for (int k = 0; blocks != null && k < blocks.size(); k++) {
      JsonObject block = RequestFields.objectAt(blocks, k, listPath);
      String signature = RequestFields.string(block, "signature", index(listPath, k));
      if (signature == null || signature.isEmpty()) {
        continue;
      }
      String callId = RequestFields.string(block, "tool_call_id", index(listPath, k));
      JsonObject target = callId != null ? callParts.get(callId) : firstWithout(parts, "text");
      if (target == null) {
        target = firstWithout(parts, "functionCall");
      }
      if (target != null && target.getValue("thoughtSignature") == null) {
        target.put("thoughtSignature", signature);
      }
    }
  }

  private static JsonObject firstWithout(JsonArray parts, String kind) {
    for (Object p : parts) {
      JsonObject part = (JsonObject) p;
      if (part.containsKey(kind) && part.getValue("thoughtSignature") == null) {
        return part;
      }
    }
    return null;
  }

  /** GR7: a tool message → a {@code functionResponse} named after its call, the content as {@code result}. */
  private void toolResult(JsonObject message, String path) {
    String id = RequestFields.requiredString(message, "tool_call_id", path);
    if (!openCalls.remove(id)) {
      throw invalid(path(path, "tool_call_id"), path(path, "tool_call_id")
        + " does not match any unanswered tool call of the preceding assistant message");
    }
    Object content = message.getValue("content");
    String result = content == null ? "" : plainText(content, path(path, "content"));
    append("user", new JsonArray().add(new JsonObject().put("functionResponse", new JsonObject()
      .put("name", callNames.get(id)).put("response", new JsonObject().put("result", result)))));
  }

  private void requireAnswered() {
    if (!openCalls.isEmpty()) {
      throw invalid("messages", "the tool call " + openCalls.iterator().next() + " has no answer: every tool call"
        + " needs a tool message with its tool_call_id before the next user or assistant message");
    }
  }

  /** GR3: consecutive turns of one role become one content, parts in order (tool results first, then the user's). */
  private void append(String role, JsonArray parts) {
    JsonObject last = contents.isEmpty() ? null : contents.getJsonObject(contents.size() - 1);
    if (last != null && role.equals(last.getString("role"))) {
      parts.forEach(last.getJsonArray("parts")::add);
    } else {
      contents.add(new JsonObject().put("role", role).put("parts", parts));
    }
  }

  private static String plainText(Object content, String path) {
    if (content instanceof String s) {
      return s;
    }
    if (!(content instanceof JsonArray parts)) {
      throw invalid(path, path + " must be a string or an array of text parts");
    }
    StringBuilder out = new StringBuilder();
    for (int k = 0; k < parts.size(); k++) {
      JsonObject part = RequestFields.objectAt(parts, k, path);
      String type = RequestFields.requiredString(part, "type", index(path, k));
      if (!type.equals("text") && !type.equals("refusal")) {
        throw invalid(index(path, k), index(path, k) + " must be a text part here");
      }
      out.append(k == 0 ? "" : "\n").append(RequestFields.text(part, type, index(path, k)));
    }
    return out.toString();
  }

  private static JsonObject arguments(String arguments, String path) {
    if (arguments.isBlank()) {
      return new JsonObject();
    }
    try {
      if (Json.decodeValue(arguments) instanceof JsonObject args) {
        return args;
      }
    } catch (DecodeException notJson) {
      // refused below
    }
    throw invalid(path, path + " must be a JSON object encoded as a string");
  }

  static JsonObject text(String text) {
    return new JsonObject().put("text", text);
  }
}
