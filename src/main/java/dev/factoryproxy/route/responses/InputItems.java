package dev.factoryproxy.route.responses;

import dev.factoryproxy.translate.RequestFields;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static dev.factoryproxy.translate.RequestFields.index;
import static dev.factoryproxy.translate.RequestFields.invalid;
import static dev.factoryproxy.translate.RequestFields.path;

/**
 * Chat {@code messages} → Responses {@code instructions} and {@code input} items (OR2–OR7). Item ids are never
 * sent: with {@code store:false} Factory answers 404 to server-side ids (factory-upstream.md).
 */
final class InputItems {
  /** Between the Droid prompt and each client system text in {@code instructions}. */
  static final String INSTRUCTION_SEPARATOR = "\n\n";

  record Result(String instructions, JsonArray input) {
  }

  private final String droidPrompt;
  private final List<String> instructionTexts = new ArrayList<>();
  private final JsonArray input = new JsonArray();
  /** Calls made so far and not yet answered, by call id (OR7). */
  private final Set<String> openCalls = new LinkedHashSet<>();
  private final Set<String> answeredCalls = new LinkedHashSet<>();
  private final List<String> callPaths = new ArrayList<>();
  private final List<String> callIds = new ArrayList<>();

  InputItems(String droidPrompt) {
    this.droidPrompt = droidPrompt;
  }

  Result translate(JsonArray messages) {
    if (messages.isEmpty()) {
      throw invalid("messages", "messages must contain at least one message");
    }
    for (int i = 0; i < messages.size(); i++) {
      String at = index("messages", i);
      JsonObject message = RequestFields.objectAt(messages, i, "messages");
      String role = RequestFields.requiredString(message, "role", at);
      switch (role) {
        case "system", "developer" -> systemText(message, at);
        case "user" -> user(message, at);
        case "assistant" -> assistant(message, at);
        case "tool" -> tool(message, at);
        case "function" -> throw invalid(path(at, "role"), "role \"function\" (the legacy functions API) is not"
          + " supported for this model; use tools and tool messages");
        default -> throw invalid(path(at, "role"), path(at, "role") + " must be system, developer, user, assistant"
          + " or tool");
      }
    }
    for (int k = 0; k < callIds.size(); k++) {
      if (!answeredCalls.contains(callIds.get(k))) {
        throw invalid(callPaths.get(k), "tool call " + callIds.get(k) + " has no tool message answering it");
      }
    }
    if (input.isEmpty()) {
      // OR2: Responses needs at least one input item; system text alone goes to instructions
      throw invalid("messages", "messages must contain at least one user, assistant or tool message");
    }
    return new Result(instructions(), input);
  }

  /** OR2: the Droid prompt first (Factory's gate), then every system/developer text in order. */
  private String instructions() {
    StringBuilder text = new StringBuilder(droidPrompt);
    instructionTexts.forEach(t -> text.append(INSTRUCTION_SEPARATOR).append(t));
    return text.toString();
  }

  private void systemText(JsonObject message, String at) {
    for (String text : texts(message, at)) {
      if (!text.isBlank()) {
        instructionTexts.add(text);
      }
    }
  }

  /** String content or text parts only (system, developer and tool content). */
  private static List<String> texts(JsonObject message, String at) {
    Object content = message.getValue("content");
    String contentPath = path(at, "content");
    if (content instanceof String s) {
      return List.of(s);
    }
    if (!(content instanceof JsonArray parts)) {
      throw invalid(contentPath, contentPath + " is required and must be a string or an array of text parts");
    }
    List<String> texts = new ArrayList<>();
    for (int k = 0; k < parts.size(); k++) {
      String partPath = index(contentPath, k);
      JsonObject part = RequestFields.objectAt(parts, k, contentPath);
      if (!"text".equals(part.getValue("type"))) {
        throw invalid(path(partPath, "type"), path(partPath, "type") + " must be \"text\" in this message");
      }
      texts.add(RequestFields.text(part, "text", partPath));
    }
    return texts;
  }

  /** OR3: text, images and files → input_text, input_image, input_file parts. */
  private void user(JsonObject message, String at) {
    Object content = message.getValue("content");
    String contentPath = path(at, "content");
    JsonArray parts = new JsonArray();
    if (content instanceof String s) {
      addText(parts, "input_text", s);
    } else if (content instanceof JsonArray array) {
      for (int k = 0; k < array.size(); k++) {
        userPart(parts, RequestFields.objectAt(array, k, contentPath), index(contentPath, k));
      }
    } else {
      throw invalid(contentPath, contentPath + " is required and must be a string or an array of content parts");
    }
    if (parts.isEmpty()) {
      throw invalid(contentPath, contentPath + " must contain non-whitespace text, an image or a file");
    }
    input.add(message("user", parts));
  }

  private static void userPart(JsonArray parts, JsonObject part, String at) {
    String type = RequestFields.requiredString(part, "type", at);
    switch (type) {
      case "text" -> addText(parts, "input_text", RequestFields.text(part, "text", at));
      case "image_url" -> parts.add(image(part, at));
      case "file" -> parts.add(file(RequestFields.requiredObject(part, "file", at), path(at, "file")));
      default -> throw invalid(path(at, "type"), "unsupported content type \"" + type + "\" for this model"
        + " (text, image_url and file are)");
    }
  }

  private static JsonObject image(JsonObject part, String at) {
    String imagePath = path(at, "image_url");
    Object value = part.getValue("image_url");
    JsonObject imageUrl = value instanceof String s ? new JsonObject().put("url", s)
      : RequestFields.requiredObject(part, "image_url", at);
    String url = RequestFields.requiredString(imageUrl, "url", imagePath);
    if (!url.startsWith("data:image/") && !url.startsWith("https://") && !url.startsWith("http://")) {
      throw invalid(path(imagePath, "url"), path(imagePath, "url") + " must be an http(s) URL or a data:image/ URL");
    }
    String detail = RequestFields.string(imageUrl, "detail", imagePath);
    if (detail != null && !List.of("auto", "low", "high").contains(detail)) {
      throw invalid(path(imagePath, "detail"), path(imagePath, "detail") + " must be auto, low or high");
    }
    return new JsonObject().put("type", "input_image").put("image_url", url)
      .put("detail", detail == null ? "auto" : detail);
  }

  /** OR3: inline files only; a file_id names a file stored at OpenAI, which Factory's store-less route cannot see. */
  private static JsonObject file(JsonObject file, String at) {
    if (file.getValue("file_id") != null) {
      throw invalid(path(at, "file_id"), path(at, "file_id") + " is not supported; send the file as file_data");
    }
    JsonObject out = new JsonObject().put("type", "input_file")
      .put("file_data", RequestFields.requiredString(file, "file_data", at));
    String filename = RequestFields.string(file, "filename", at);
    return out.put("filename", filename == null ? "file" : filename);
  }

  /** OR4, OR5: reasoning items first, then the text as an output message, then one function_call per call. */
  private void assistant(JsonObject message, String at) {
    JsonArray thinking = RequestFields.array(message, "thinking_blocks", at);
    if (thinking != null) {
      for (int k = 0; k < thinking.size(); k++) {
        JsonObject item = ReasoningItems.inputItem(RequestFields.objectAt(thinking, k, path(at, "thinking_blocks")));
        if (item != null) {
          input.add(item); // OR5: blocks from other routes (Anthropic signatures) cannot be replayed here: dropped
        }
      }
    }
    JsonArray parts = assistantParts(message, at);
    if (!parts.isEmpty()) {
      input.add(message("assistant", parts));
    }
    JsonArray calls = RequestFields.array(message, "tool_calls", at);
    if (calls != null) {
      for (int k = 0; k < calls.size(); k++) {
        input.add(functionCall(RequestFields.objectAt(calls, k, path(at, "tool_calls")),
          index(path(at, "tool_calls"), k)));
      }
    }
    if (message.getValue("function_call") != null) {
      throw invalid(path(at, "function_call"), "function_call (the legacy functions API) is not supported for this"
        + " model; use tool_calls");
    }
  }

  /** OR4: text → output_text; Chat's assistant {@code refusal} parts → refusal parts. */
  private static JsonArray assistantParts(JsonObject message, String at) {
    JsonArray parts = new JsonArray();
    Object content = message.getValue("content");
    String contentPath = path(at, "content");
    if (content instanceof String s) {
      addText(parts, "output_text", s);
    } else if (content instanceof JsonArray array) {
      for (int k = 0; k < array.size(); k++) {
        String partPath = index(contentPath, k);
        JsonObject part = RequestFields.objectAt(array, k, contentPath);
        String type = RequestFields.requiredString(part, "type", partPath);
        if (type.equals("text")) {
          addText(parts, "output_text", RequestFields.text(part, "text", partPath));
        } else if (type.equals("refusal")) {
          parts.add(new JsonObject().put("type", "refusal")
            .put("refusal", RequestFields.requiredString(part, "refusal", partPath)));
        } else {
          throw invalid(path(partPath, "type"), path(partPath, "type") + " must be \"text\" or \"refusal\"");
        }
      }
    } else if (content != null) {
      throw invalid(contentPath, contentPath + " must be a string, an array of parts or null");
    }
    return parts;
  }

  private JsonObject functionCall(JsonObject call, String at) {
    String id = RequestFields.requiredString(call, "id", at);
    String type = RequestFields.string(call, "type", at);
    if (type != null && !"function".equals(type)) {
      throw invalid(path(at, "type"), path(at, "type") + " must be \"function\"");
    }
    JsonObject function = RequestFields.requiredObject(call, "function", at);
    String functionPath = path(at, "function");
    String name = RequestFields.requiredString(function, "name", functionPath);
    String arguments = RequestFields.string(function, "arguments", functionPath);
    if (!callIds.contains(id)) {
      callIds.add(id);
      callPaths.add(path(at, "id"));
    }
    openCalls.add(id);
    return new JsonObject().put("type", "function_call").put("call_id", id).put("name", name)
      .put("arguments", arguments == null || arguments.isEmpty() ? "{}" : arguments);
  }

  /** OR6: a tool result → function_call_output for a call made earlier (OR7). */
  private void tool(JsonObject message, String at) {
    String id = RequestFields.requiredString(message, "tool_call_id", at);
    if (!openCalls.contains(id)) {
      throw invalid(path(at, "tool_call_id"), path(at, "tool_call_id") + " \"" + id
        + "\" answers no tool call of an earlier assistant message");
    }
    answeredCalls.add(id);
    input.add(new JsonObject().put("type", "function_call_output").put("call_id", id)
      .put("output", String.join("", texts(message, at))));
  }

  /** OR3/OR4: whitespace-only text adds nothing and is dropped. */
  private static void addText(JsonArray parts, String type, String text) {
    if (!text.isBlank()) {
      parts.add(new JsonObject().put("type", type).put("text", text));
    }
  }

  private static JsonObject message(String role, JsonArray content) {
    return new JsonObject().put("type", "message").put("role", role).put("content", content);
  }
}
