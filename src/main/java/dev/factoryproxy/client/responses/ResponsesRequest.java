package dev.factoryproxy.client.responses;

import dev.factoryproxy.dialect.ClientDialect.HubRequest;
import dev.factoryproxy.translate.RequestFields;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** A Responses request → the hub's chat request (XR1–XR14). One instance per request. */
final class ResponsesRequest {
  /** Hub tool name of a namespaced function: {@code <namespace>__<name>} (XR9). */
  static final String NAMESPACE_SEPARATOR = "__";

  /** Accepted and not needed by the hub: storage, caching and client bookkeeping (XR13). */
  private static final Set<String> IGNORED = Set.of("store", "include", "prompt_cache_key", "client_metadata",
    "truncation", "service_tier", "safety_identifier", "stream_options", "top_logprobs", "prompt_cache_retention");
  private static final Set<String> KNOWN = Set.of("model", "input", "instructions", "stream", "tools", "tool_choice",
    "parallel_tool_calls", "text", "reasoning", "max_output_tokens", "temperature", "top_p", "metadata", "user",
    "previous_response_id", "conversation", "background", "prompt", "max_tool_calls");

  private final JsonObject request;
  private final List<String> warnings = new ArrayList<>();
  private final JsonArray messages = new JsonArray();
  /** Hub tool name → {namespace, name} for namespaced functions. */
  private final JsonObject namespaced = new JsonObject();
  private JsonObject assistant;
  private JsonArray pendingThinking = new JsonArray();

  ResponsesRequest(JsonObject request) {
    this.request = request;
  }

  HubRequest toHub() {
    String model = RequestFields.requiredString(request, "model", "");
    GptPassThrough.refuseStoredOnly(request);
    JsonObject chat = new JsonObject().put("model", model);
    String instructions = RequestFields.string(request, "instructions", "");
    if (instructions != null && !instructions.isBlank()) {
      messages.add(new JsonObject().put("role", "system").put("content", instructions)); // XR1
    }
    input();
    chat.put("messages", messages);
    tools(chat);
    sampling(chat);
    textFormat(chat);
    boolean stream = RequestFields.isTrue(request, "stream", "");
    if (stream) {
      chat.put("stream", true).put("stream_options", new JsonObject().put("include_usage", true)); // XT: usage
    }
    for (String field : request.fieldNames()) {
      if (!KNOWN.contains(field) && !IGNORED.contains(field)) {
        warnings.add(field + " is not supported by the proxy's Responses translation and was ignored");
      }
    }
    return new HubRequest(chat, context(model, stream), List.copyOf(warnings));
  }

  private JsonObject context(String model, boolean stream) {
    JsonObject echo = new JsonObject()
      .put("instructions", request.getValue("instructions"))
      .put("max_output_tokens", request.getValue("max_output_tokens"))
      .put("metadata", request.getValue("metadata", new JsonObject()))
      .put("parallel_tool_calls", request.getValue("parallel_tool_calls", true))
      .put("previous_response_id", request.getValue("previous_response_id"))
      .put("reasoning", request.getValue("reasoning", new JsonObject().putNull("effort").putNull("summary")))
      .put("store", request.getValue("store", true))
      .put("temperature", request.getValue("temperature", 1.0))
      .put("text", request.getValue("text", new JsonObject().put("format", new JsonObject().put("type", "text"))))
      .put("tool_choice", request.getValue("tool_choice", "auto"))
      .put("tools", request.getValue("tools", new JsonArray()))
      .put("top_p", request.getValue("top_p", 1.0))
      .put("truncation", request.getValue("truncation", "disabled"))
      .put("user", request.getValue("user"));
    return new JsonObject().put("client", ResponsesClient.NAME).put("model", model).put("stream", stream)
      .put("namespaced", namespaced).put("echo", echo);
  }

  // ---- input (XR2–XR8) ----

  private void input() {
    Object input = request.getValue("input");
    if (input instanceof String text) {
      messages.add(new JsonObject().put("role", "user").put("content", text)); // XR2
      return;
    }
    if (!(input instanceof JsonArray items)) {
      throw RequestFields.invalid("input", "input is required and must be a string or an array of items");
    }
    for (int i = 0; i < items.size(); i++) {
      String path = RequestFields.index("input", i);
      JsonObject item = RequestFields.objectAt(items, i, "input");
      String type = RequestFields.string(item, "type", path);
      if (type == null && item.getValue("role") != null) {
        type = "message"; // EasyInputMessage: {role, content} without a type
      }
      switch (type == null ? "" : type) {
        case "message" -> message(item, path);
        case "function_call" -> functionCall(item, path);
        case "function_call_output" -> functionCallOutput(item, path);
        case "reasoning" -> reasoning(item, path);
        case "item_reference" -> throw RequestFields.invalid(path, path + " is an item_reference; the proxy keeps "
          + "no items by id: send the item itself (or use previous_response_id)");
        default -> throw RequestFields.invalid(path + ".type", path + ".type " + (type == null ? "is required"
          : "'" + type + "' is not supported for this model (only GPT models on Factory's Responses route take it)"));
      }
    }
    if (!pendingThinking.isEmpty()) {
      warnings.add("reasoning items at the end of input without a following assistant turn were dropped");
    }
  }

  private void message(JsonObject item, String path) {
    String role = RequestFields.requiredString(item, "role", path);
    Object content = item.getValue("content");
    switch (role) {
      case "system", "developer" -> {
        assistant = null;
        messages.add(new JsonObject().put("role", role).put("content", text(content, path, role))); // XR3
      }
      case "user" -> {
        assistant = null;
        messages.add(new JsonObject().put("role", "user").put("content", userContent(content, path)));
      }
      case "assistant" -> {
        JsonObject turn = assistantTurn();
        String text = text(content, path, role);
        String before = turn.getString("content");
        turn.put("content", before == null || before.isEmpty() ? text : before + text);
      }
      default -> throw RequestFields.invalid(path + ".role", path + ".role must be user, assistant, system or "
        + "developer");
    }
  }

  /** XR6: consecutive assistant items (reasoning, text, function calls) form one assistant turn. */
  private JsonObject assistantTurn() {
    if (assistant == null) {
      assistant = new JsonObject().put("role", "assistant").put("content", "");
      messages.add(assistant);
    }
    if (!pendingThinking.isEmpty()) {
      JsonArray blocks = assistant.getJsonArray("thinking_blocks", new JsonArray());
      pendingThinking.forEach(blocks::add);
      assistant.put("thinking_blocks", blocks);
      pendingThinking = new JsonArray();
    }
    return assistant;
  }

  /** Text of a system, developer or assistant message: a string or text parts, joined in order. */
  private static String text(Object content, String path, String role) {
    if (content instanceof String s) {
      return s;
    }
    if (!(content instanceof JsonArray parts)) {
      throw RequestFields.invalid(path + ".content", path + ".content must be a string or an array of parts");
    }
    StringBuilder text = new StringBuilder();
    for (int k = 0; k < parts.size(); k++) {
      String partPath = RequestFields.index(path + ".content", k);
      JsonObject part = RequestFields.objectAt(parts, k, path + ".content");
      String type = RequestFields.requiredString(part, "type", partPath);
      switch (type) {
        case "input_text", "output_text", "text" -> text.append(RequestFields.text(part, "text", partPath));
        case "refusal" -> text.append(RequestFields.text(part, "refusal", partPath));
        default -> throw RequestFields.invalid(partPath + ".type", partPath + ".type '" + type
          + "' is not allowed in a " + role + " message (text only)");
      }
    }
    return text.toString();
  }

  /** XR4: user content; {@code input_image} by URL or data URL becomes an {@code image_url} part. */
  private static Object userContent(Object content, String path) {
    if (content instanceof String s) {
      return s;
    }
    if (!(content instanceof JsonArray parts)) {
      throw RequestFields.invalid(path + ".content", path + ".content must be a string or an array of parts");
    }
    return contentParts(parts, path + ".content");
  }

  private static JsonArray contentParts(JsonArray parts, String path) {
    JsonArray out = new JsonArray();
    for (int k = 0; k < parts.size(); k++) {
      String partPath = RequestFields.index(path, k);
      JsonObject part = RequestFields.objectAt(parts, k, path);
      String type = RequestFields.requiredString(part, "type", partPath);
      switch (type) {
        case "input_text", "output_text", "text" ->
          out.add(new JsonObject().put("type", "text").put("text", RequestFields.text(part, "text", partPath)));
        case "input_image" -> {
          if (part.getValue("file_id") != null) {
            throw RequestFields.invalid(partPath + ".file_id", partPath + ".file_id is not supported: the proxy has "
              + "no file storage; send image_url (a URL or a data URL)");
          }
          JsonObject image = new JsonObject().put("url", RequestFields.requiredString(part, "image_url", partPath));
          if (part.getValue("detail") instanceof String detail) {
            image.put("detail", detail);
          }
          out.add(new JsonObject().put("type", "image_url").put("image_url", image));
        }
        case "input_file" -> {
          String data = RequestFields.string(part, "file_data", partPath);
          if (data == null) {
            throw RequestFields.invalid(partPath, partPath + ": only input_file with file_data is supported");
          }
          JsonObject file = new JsonObject().put("file_data", data);
          if (part.getValue("filename") instanceof String name) {
            file.put("filename", name);
          }
          out.add(new JsonObject().put("type", "file").put("file", file));
        }
        default -> throw RequestFields.invalid(partPath + ".type", partPath + ".type '" + type + "' is not supported");
      }
    }
    return out;
  }

  /** XR5: a {@code function_call} item → a tool call on the current assistant turn; namespaces rejoin (XR9). */
  private void functionCall(JsonObject item, String path) {
    String callId = RequestFields.requiredString(item, "call_id", path);
    String name = RequestFields.requiredString(item, "name", path);
    String namespace = RequestFields.string(item, "namespace", path);
    String arguments = RequestFields.text(item, "arguments", path);
    String hubName = namespace == null ? name : namespace + NAMESPACE_SEPARATOR + name;
    JsonObject turn = assistantTurn();
    JsonArray calls = turn.getJsonArray("tool_calls", new JsonArray());
    calls.add(new JsonObject().put("id", callId).put("type", "function")
      .put("function", new JsonObject().put("name", hubName).put("arguments", arguments)));
    turn.put("tool_calls", calls);
  }

  /** XR5: {@code function_call_output} → a {@code tool} message; part arrays become content parts. */
  private void functionCallOutput(JsonObject item, String path) {
    String callId = RequestFields.requiredString(item, "call_id", path);
    Object output = item.getValue("output");
    Object content;
    if (output instanceof String s) {
      content = s;
    } else if (output instanceof JsonArray parts) {
      content = contentParts(parts, path + ".output");
    } else {
      throw RequestFields.invalid(path + ".output", path + ".output is required and must be a string or an array");
    }
    assistant = null;
    messages.add(new JsonObject().put("role", "tool").put("tool_call_id", callId).put("content", content));
  }

  /**
   * XR7: a reasoning item joins the next assistant turn as a thinking block when its {@code encrypted_content} is
   * one the proxy issued (a Claude signature); anything else is dropped with a warning, as unsigned reasoning
   * text is never replayed.
   */
  private void reasoning(JsonObject item, String path) {
    String text = ReasoningItems.summaryText(RequestFields.array(item, "summary", path));
    JsonObject block = ReasoningItems.thinkingBlock(RequestFields.string(item, "encrypted_content", path), text);
    if (block == null) {
      warnings.add(path + ": reasoning item not issued by this proxy dropped (it cannot be replayed to this model)");
      return;
    }
    if (assistant != null && assistant.getValue("tool_calls") == null && assistant.getString("content").isEmpty()) {
      JsonArray blocks = assistant.getJsonArray("thinking_blocks", new JsonArray());
      assistant.put("thinking_blocks", blocks.add(block));
      return;
    }
    assistant = null;
    pendingThinking.add(block);
  }

  // ---- tools (XR8–XR10) ----

  private void tools(JsonObject chat) {
    JsonArray tools = RequestFields.array(request, "tools", "");
    JsonArray hubTools = new JsonArray();
    for (int i = 0; tools != null && i < tools.size(); i++) {
      String path = RequestFields.index("tools", i);
      JsonObject tool = RequestFields.objectAt(tools, i, "tools");
      String type = RequestFields.requiredString(tool, "type", path);
      if ("function".equals(type)) {
        hubTools.add(function(tool, path, null));
      } else if ("namespace".equals(type)) {
        String namespace = RequestFields.requiredString(tool, "name", path);
        JsonArray inner = RequestFields.requiredArray(tool, "tools", path);
        for (int k = 0; k < inner.size(); k++) {
          String innerPath = RequestFields.index(path + ".tools", k);
          JsonObject fn = RequestFields.objectAt(inner, k, path + ".tools");
          if (!"function".equals(RequestFields.requiredString(fn, "type", innerPath))) {
            throw RequestFields.invalid(innerPath + ".type", innerPath + ".type must be function");
          }
          hubTools.add(function(fn, innerPath, namespace));
        }
      } else if (GptPassThrough.HOSTED_TOOL_TYPES.contains(type)) {
        warnings.add(path + ": hosted tool " + type + " dropped (only GPT models run OpenAI's hosted tools)");
      } else {
        throw RequestFields.invalid(path + ".type", path + ".type '" + type + "' is not supported for this model "
          + "(function and namespace tools are; custom and built-in tools need a GPT model)");
      }
    }
    if (!hubTools.isEmpty()) {
      chat.put("tools", hubTools);
    }
    toolChoice(chat, !hubTools.isEmpty());
    Boolean parallel = RequestFields.bool(request, "parallel_tool_calls", "");
    if (parallel != null && !hubTools.isEmpty()) {
      chat.put("parallel_tool_calls", parallel);
    }
  }

  /** XR8: the flat Responses function → the nested chat function, schema unchanged. */
  private JsonObject function(JsonObject tool, String path, String namespace) {
    String name = RequestFields.requiredString(tool, "name", path);
    String hubName = namespace == null ? name : namespace + NAMESPACE_SEPARATOR + name;
    if (namespace != null) {
      namespaced.put(hubName, new JsonObject().put("namespace", namespace).put("name", name));
    }
    JsonObject fn = new JsonObject().put("name", hubName);
    String description = RequestFields.string(tool, "description", path);
    if (description != null) {
      fn.put("description", description);
    }
    JsonObject parameters = RequestFields.object(tool, "parameters", path);
    fn.put("parameters", parameters != null ? parameters : new JsonObject().put("type", "object")
      .put("properties", new JsonObject()));
    Boolean strict = RequestFields.bool(tool, "strict", path);
    if (Boolean.TRUE.equals(strict)) {
      fn.put("strict", true);
    }
    return new JsonObject().put("type", "function").put("function", fn);
  }

  /** XR10: {@code auto}/{@code none}/{@code required} as is; {@code {type:function,name}} → the chat form. */
  private void toolChoice(JsonObject chat, boolean hasTools) {
    Object choice = request.getValue("tool_choice");
    if (choice == null) {
      return;
    }
    if (choice instanceof String s) {
      if (!Set.of("auto", "none", "required").contains(s)) {
        throw RequestFields.invalid("tool_choice", "tool_choice must be auto, none, required or an object");
      }
      if (hasTools) {
        chat.put("tool_choice", s);
      }
      return;
    }
    if (!(choice instanceof JsonObject object)) {
      throw RequestFields.invalid("tool_choice", "tool_choice must be a string or an object");
    }
    String type = RequestFields.requiredString(object, "type", "tool_choice");
    if (!"function".equals(type)) {
      throw RequestFields.invalid("tool_choice.type", "tool_choice.type '" + type + "' is not supported for this "
        + "model (function is)");
    }
    String name = RequestFields.requiredString(object, "name", "tool_choice");
    chat.put("tool_choice", new JsonObject().put("type", "function").put("function", new JsonObject()
      .put("name", name)));
  }

  // ---- sampling, limits, reasoning, structured output (XR11, XR12) ----

  private void sampling(JsonObject chat) {
    Integer max = RequestFields.positiveInt(request, "max_output_tokens", "");
    if (max != null) {
      chat.put("max_completion_tokens", max);
    }
    copyNumber(chat, "temperature", 0, 2);
    copyNumber(chat, "top_p", 0, 1);
    String user = RequestFields.string(request, "user", "");
    String safety = RequestFields.string(request, "safety_identifier", "");
    if (user != null || safety != null) {
      chat.put("user", user != null ? user : safety);
    }
    JsonObject reasoning = RequestFields.object(request, "reasoning", "");
    String effort = reasoning == null ? null : RequestFields.string(reasoning, "effort", "reasoning");
    if (effort != null) {
      switch (effort) {
        case "none" -> {
        }
        case "minimal", "low", "medium", "high" -> chat.put("reasoning_effort", effort);
        case "xhigh" -> chat.put("reasoning_effort", "high");
        default -> throw RequestFields.invalid("reasoning.effort",
          "reasoning.effort must be none, minimal, low, medium, high or xhigh");
      }
    }
  }

  private void copyNumber(JsonObject chat, String key, double min, double max) {
    Number value = RequestFields.number(request, key, min, max);
    if (value != null) {
      chat.put(key, value);
    }
  }

  /** XR12: {@code text.format} → {@code response_format}; the flat json_schema form gets its chat nesting. */
  private void textFormat(JsonObject chat) {
    JsonObject text = RequestFields.object(request, "text", "");
    JsonObject format = text == null ? null : RequestFields.object(text, "format", "text");
    if (text != null && text.getValue("verbosity") != null) {
      warnings.add("text.verbosity is ignored for this model");
    }
    if (format == null) {
      return;
    }
    String type = RequestFields.requiredString(format, "type", "text.format");
    switch (type) {
      case "text" -> {
      }
      case "json_object" -> chat.put("response_format", new JsonObject().put("type", "json_object"));
      case "json_schema" -> {
        JsonObject schema = new JsonObject()
          .put("name", RequestFields.requiredString(format, "name", "text.format"))
          .put("schema", RequestFields.requiredObject(format, "schema", "text.format"));
        if (format.getValue("description") instanceof String d) {
          schema.put("description", d);
        }
        Boolean strict = RequestFields.bool(format, "strict", "text.format");
        if (strict != null) {
          schema.put("strict", strict);
        }
        chat.put("response_format", new JsonObject().put("type", "json_schema").put("json_schema", schema));
      }
      default -> throw RequestFields.invalid("text.format.type", "text.format.type must be text, json_object or "
        + "json_schema");
    }
  }
}
