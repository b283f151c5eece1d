package dev.factoryproxy.route.chat;

import dev.factoryproxy.config.ModelInfo;
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
import java.util.Map;
import java.util.Set;

import static dev.factoryproxy.translate.RequestFields.index;
import static dev.factoryproxy.translate.RequestFields.invalid;
import static dev.factoryproxy.translate.RequestFields.path;

/**
 * A hub request adapted for Factory's Chat route (docs/route-chat.md CR1–CR14): the same wire format, so the body is
 * rebuilt from the fields the route takes, with Factory's and the open models' adjustments. Pure; the input is never
 * modified.
 */
final class CoreChatRequest {
  /** CR12: {@code reasoning_effort} values the open models' servers take. */
  static final List<String> EFFORTS = List.of("none", "minimal", "low", "medium", "high");
  private static final List<String> ROLES = List.of("system", "developer", "user", "assistant", "tool");
  private static final List<String> USER_PARTS = List.of("text", "image_url");

  /** The adapted body, the tool names declared (for CS4/CT5 repairs) and warnings. */
  record Adapted(JsonObject body, List<String> toolNames, List<String> warnings) {
  }

  private final String droidPrompt;
  private final List<String> warnings = new ArrayList<>();
  /** Tool call id → function name, from the assistant messages so far (CR5). */
  private final Map<String, String> callNames = new HashMap<>();
  /** Ids of the latest assistant message's calls not yet answered (CR6). */
  private final Set<String> openCalls = new LinkedHashSet<>();

  CoreChatRequest(String droidPrompt) {
    this.droidPrompt = droidPrompt;
  }

  Adapted adapt(JsonObject request, ModelInfo model) {
    JsonObject body = new JsonObject().put("model", model.id()); // CR1: the table's id, as Factory names it
    body.put("messages", messages(RequestFields.requiredArray(request, "messages", "")));
    JsonArray tools = tools(RequestFields.array(request, "tools", ""));
    List<String> names = new ArrayList<>();
    if (tools != null) {
      tools.forEach(t -> names.add(((JsonObject) t).getJsonObject("function").getString("name")));
      body.put("tools", tools);
      Object choice = toolChoice(request.getValue("tool_choice"), names);
      if (choice != null) {
        body.put("tool_choice", choice);
      }
      Boolean parallel = RequestFields.bool(request, "parallel_tool_calls", "");
      if (parallel != null) {
        body.put("parallel_tool_calls", parallel);
      }
    } else {
      requireNoForcedChoice(request.getValue("tool_choice"));
    }
    rejectLegacyFunctions(request);
    body.put("max_tokens", maxTokens(request, model)); // CR9
    sampling(request, body);
    String effort = effort(request);
    if (effort != null) {
      body.put("reasoning_effort", effort);
    }
    JsonObject format = responseFormat(request);
    if (format != null) {
      body.put("response_format", format);
    }
    if (RequestFields.isTrue(request, "stream", "")) {
      // CR13: usage is always asked for, for logs and metrics; the client's include_usage only shapes our output
      body.put("stream", true).put("stream_options", new JsonObject().put("include_usage", true));
      RequestFields.object(request, "stream_options", "");
    }
    return new Adapted(body, List.copyOf(names), List.copyOf(warnings));
  }

  // ---- messages ----

  private JsonArray messages(JsonArray messages) {
    if (messages.isEmpty()) {
      throw invalid("messages", "messages must contain at least one message");
    }
    JsonArray out = new JsonArray();
    boolean needsDroid = true;
    for (int i = 0; i < messages.size(); i++) {
      String path = index("messages", i);
      JsonObject message = RequestFields.objectAt(messages, i, "messages");
      JsonObject adapted = message(message, path);
      if (i == 0 && "system".equals(adapted.getString("role"))
        && adapted.getValue("content") instanceof String s && s.startsWith(TranslationSettings.DROID_PROMPT_PREFIX)) {
        needsDroid = false;
      }
      out.add(adapted);
    }
    requireAnswered();
    if (needsDroid) { // CR2: the Droid prompt leads, as its own system message
      out.getList().add(0, new JsonObject().put("role", "system").put("content", droidPrompt));
    }
    return out;
  }

  private JsonObject message(JsonObject message, String path) {
    Object role = message.getValue("role");
    if (!(role instanceof String) || !ROLES.contains(role)) {
      throw invalid(path(path, "role"), path(path, "role") + " must be one of " + String.join(", ", ROLES));
    }
    return switch ((String) role) {
      // CR3: developer is OpenAI's newer name for system; the open models' chat templates know only system
      case "system", "developer" -> new JsonObject().put("role", "system").put("content", systemText(message, path));
      case "user" -> user(message, path);
      case "assistant" -> assistant(message, path);
      default -> toolResult(message, path);
    };
  }

  /** System text as one string: the Droid gate reads the first system message's text. */
  private static String systemText(JsonObject message, String path) {
    Object content = message.getValue("content");
    String contentPath = path(path, "content");
    if (content instanceof String s) {
      return s;
    }
    if (!(content instanceof JsonArray parts)) {
      throw invalid(contentPath, contentPath + " must be a string or an array of text parts");
    }
    StringBuilder text = new StringBuilder();
    for (int k = 0; k < parts.size(); k++) {
      JsonObject part = RequestFields.objectAt(parts, k, contentPath);
      String partPath = index(contentPath, k);
      if (!"text".equals(part.getValue("type"))) {
        throw invalid(partPath, partPath + " must be a text part: system messages take text only");
      }
      text.append(k == 0 ? "" : "\n").append(RequestFields.text(part, "text", partPath));
    }
    return text.toString();
  }

  private JsonObject user(JsonObject message, String path) {
    requireAnswered();
    Object content = message.getValue("content");
    String contentPath = path(path, "content");
    if (content instanceof String s) {
      if (s.isBlank()) {
        throw invalid(contentPath, contentPath + " is empty: a user message needs non-whitespace text or an image");
      }
      return new JsonObject().put("role", "user").put("content", s);
    }
    if (!(content instanceof JsonArray parts) || parts.isEmpty()) {
      throw invalid(contentPath, contentPath + " must be a string or a non-empty array of content parts");
    }
    return new JsonObject().put("role", "user").put("content", userParts(parts, contentPath));
  }

  /** CR4: text and image parts only; image URLs pass unchanged (data and http(s) URLs). */
  private static JsonArray userParts(JsonArray parts, String contentPath) {
    JsonArray out = new JsonArray();
    for (int k = 0; k < parts.size(); k++) {
      JsonObject part = RequestFields.objectAt(parts, k, contentPath);
      String partPath = index(contentPath, k);
      String type = RequestFields.requiredString(part, "type", partPath);
      if (!USER_PARTS.contains(type)) {
        throw invalid(partPath, partPath + " is a \"" + type + "\" part; the Chat route's models take text and"
          + " image_url parts");
      }
      if (type.equals("text")) {
        out.add(new JsonObject().put("type", "text").put("text", RequestFields.text(part, "text", partPath)));
      } else {
        out.add(new JsonObject().put("type", "image_url").put("image_url",
          new JsonObject().put("url", imageUrl(part, partPath))));
      }
    }
    return out;
  }

  private static String imageUrl(JsonObject part, String partPath) {
    if (part.getValue("image_url") instanceof String url) {
      return url;
    }
    JsonObject image = RequestFields.requiredObject(part, "image_url", partPath);
    String urlPath = path(partPath, "image_url");
    String url = RequestFields.requiredString(image, "url", urlPath);
    if (!url.startsWith("data:") && !url.startsWith("https://") && !url.startsWith("http://")) {
      throw invalid(path(urlPath, "url"), path(urlPath, "url") + " must be an http(s) URL or a base64 data URL");
    }
    return url;
  }

  /**
   * CR5: an assistant turn with tool calls carries {@code content: ""} (not null) and keeps its
   * {@code reasoning_content}; arguments must be JSON objects ({@code ""} → {@code "{}"}). {@code thinking_blocks}
   * and other hub extensions are not sent.
   */
  private JsonObject assistant(JsonObject message, String path) {
    requireAnswered();
    JsonArray calls = RequestFields.array(message, "tool_calls", path);
    boolean hasCalls = calls != null && !calls.isEmpty();
    JsonObject out = new JsonObject().put("role", "assistant");
    Object content = message.getValue("content");
    if (content == null && !hasCalls) {
      throw invalid(path(path, "content"), path(path, "content") + " is required unless the message has tool_calls");
    }
    out.put("content", content == null ? "" : assistantText(content, path(path, "content")));
    String reasoning = RequestFields.string(message, "reasoning_content", path);
    if (reasoning != null) {
      out.put("reasoning_content", reasoning);
    }
    if (hasCalls) {
      JsonArray outCalls = new JsonArray();
      for (int k = 0; k < calls.size(); k++) {
        outCalls.add(toolCall(RequestFields.objectAt(calls, k, path(path, "tool_calls")),
          index(path(path, "tool_calls"), k)));
      }
      out.put("tool_calls", outCalls);
    }
    return out;
  }

  private static String assistantText(Object content, String contentPath) {
    if (content instanceof String s) {
      return s;
    }
    if (!(content instanceof JsonArray parts)) {
      throw invalid(contentPath, contentPath + " must be a string or an array of text parts");
    }
    StringBuilder text = new StringBuilder();
    for (int k = 0; k < parts.size(); k++) {
      JsonObject part = RequestFields.objectAt(parts, k, contentPath);
      String partPath = index(contentPath, k);
      String type = RequestFields.requiredString(part, "type", partPath);
      if (!type.equals("text") && !type.equals("refusal")) {
        throw invalid(partPath, partPath + " must be a text or refusal part");
      }
      text.append(RequestFields.text(part, type, partPath));
    }
    return text.toString();
  }

  private JsonObject toolCall(JsonObject call, String path) {
    String id = RequestFields.requiredString(call, "id", path);
    String type = RequestFields.string(call, "type", path);
    if (type != null && !type.equals("function")) {
      throw invalid(path(path, "type"), path(path, "type") + " must be \"function\"");
    }
    JsonObject function = RequestFields.requiredObject(call, "function", path);
    String functionPath = path(path, "function");
    String name = RequestFields.requiredString(function, "name", functionPath);
    String arguments = arguments(RequestFields.text(function, "arguments", functionPath),
      path(functionPath, "arguments"));
    if (!openCalls.add(id)) {
      throw invalid(path(path, "id"), path(path, "id") + " repeats the id of another tool call in the same message");
    }
    callNames.put(id, name);
    return new JsonObject().put("id", id).put("type", "function")
      .put("function", new JsonObject().put("name", name).put("arguments", arguments));
  }

  private static String arguments(String arguments, String path) {
    if (arguments.isBlank()) {
      return "{}";
    }
    try {
      if (Json.decodeValue(arguments) instanceof JsonObject) {
        return arguments;
      }
    } catch (DecodeException notJson) {
      // refused below
    }
    throw invalid(path, path + " must be a JSON object encoded as a string");
  }

  /** CR6: a tool message answers a call of the preceding assistant message and carries that call's name (Kimi). */
  private JsonObject toolResult(JsonObject message, String path) {
    String id = RequestFields.requiredString(message, "tool_call_id", path);
    if (!openCalls.remove(id)) {
      throw invalid(path(path, "tool_call_id"), path(path, "tool_call_id")
        + " does not match any unanswered tool call of the preceding assistant message");
    }
    Object content = message.getValue("content");
    String text = content instanceof String s ? s
      : content == null ? "" : assistantText(content, path(path, "content"));
    return new JsonObject().put("role", "tool").put("tool_call_id", id).put("name", callNames.get(id))
      .put("content", text);
  }

  /** CR6: every call is answered before the next user or assistant turn (the models' servers reject open calls). */
  private void requireAnswered() {
    if (!openCalls.isEmpty()) {
      String id = openCalls.iterator().next();
      throw invalid("messages", "the tool call " + id + " has no answer: every tool call needs a tool message"
        + " with its tool_call_id before the next user or assistant message");
    }
  }

  // ---- tools ----

  /** CR7: function tools only, unique names; a missing schema becomes an empty object one; {@code strict} dropped. */
  private JsonArray tools(JsonArray tools) {
    if (tools == null || tools.isEmpty()) {
      return null;
    }
    JsonArray out = new JsonArray();
    Set<String> names = new LinkedHashSet<>();
    for (int i = 0; i < tools.size(); i++) {
      String path = index("tools", i);
      JsonObject tool = RequestFields.objectAt(tools, i, "tools");
      if (!"function".equals(tool.getValue("type"))) {
        throw invalid(path(path, "type"), path(path, "type") + " must be \"function\"; other tool types are not"
          + " supported");
      }
      JsonObject function = RequestFields.requiredObject(tool, "function", path);
      String functionPath = path(path, "function");
      String name = RequestFields.requiredString(function, "name", functionPath);
      if (!names.add(name)) {
        throw invalid(path(functionPath, "name"), path(functionPath, "name") + " repeats the tool name \"" + name
          + "\"");
      }
      JsonObject outFunction = new JsonObject().put("name", name);
      String description = RequestFields.string(function, "description", functionPath);
      if (description != null) {
        outFunction.put("description", description);
      }
      JsonObject parameters = RequestFields.object(function, "parameters", functionPath);
      outFunction.put("parameters", parameters == null
        ? new JsonObject().put("type", "object").put("properties", new JsonObject())
        : withoutSchemaKeyword(parameters));
      if (function.getValue("strict") != null) {
        warnings.add(functionPath + ".strict was dropped: the Chat route's models do not take strict tools");
      }
      out.add(new JsonObject().put("type", "function").put("function", outFunction));
    }
    return out;
  }

  /** CR7: {@code $schema} is metadata that some of the models' servers refuse; everything else is kept. */
  private static JsonObject withoutSchemaKeyword(JsonObject schema) {
    JsonObject copy = schema.copy();
    copy.remove("$schema");
    return copy;
  }

  /** CR8: auto, none, required or a declared function, passed as OpenAI spells them. */
  private static Object toolChoice(Object choice, List<String> names) {
    if (choice == null) {
      return null;
    }
    if (choice instanceof String s && List.of("auto", "none", "required").contains(s)) {
      return s;
    }
    if (choice instanceof JsonObject named && "function".equals(named.getValue("type"))) {
      JsonObject function = RequestFields.requiredObject(named, "function", "tool_choice");
      String name = RequestFields.requiredString(function, "name", "tool_choice.function");
      if (!names.contains(name)) {
        throw invalid("tool_choice.function.name", "tool_choice.function.name names \"" + name
          + "\", which is not among the declared tools");
      }
      return new JsonObject().put("type", "function").put("function", new JsonObject().put("name", name));
    }
    throw invalid("tool_choice", "tool_choice must be \"auto\", \"none\", \"required\" or"
      + " {\"type\":\"function\",\"function\":{\"name\":…}}");
  }

  private static void requireNoForcedChoice(Object choice) {
    if (choice == null || "auto".equals(choice) || "none".equals(choice)) {
      return;
    }
    throw invalid("tool_choice", "tool_choice forces a tool call, but the request declares no tools");
  }

  private static void rejectLegacyFunctions(JsonObject request) {
    for (String legacy : List.of("functions", "function_call")) {
      if (request.getValue(legacy) != null) {
        throw invalid(legacy, legacy + " is not supported on this model's route; send tools and tool_choice");
      }
    }
  }

  // ---- limits and sampling ----

  /** CR9: max_completion_tokens wins over max_tokens; without either, the model's output limit. */
  private static int maxTokens(JsonObject request, ModelInfo model) {
    Integer completion = RequestFields.positiveInt(request, "max_completion_tokens", "");
    Integer max = RequestFields.positiveInt(request, "max_tokens", "");
    return completion != null ? completion : max != null ? max : model.maxOutputTokens();
  }

  /**
   * CR10: temperature 0–2, top_p 0–1 (dropped when temperature is set, as the route wants), stop strings,
   * penalties and seed; n must be 1. CR11: other OpenAI fields are not forwarded.
   */
  private void sampling(JsonObject request, JsonObject body) {
    Integer n = RequestFields.positiveInt(request, "n", "");
    if (n != null && n > 1) {
      throw invalid("n", "n must be 1: this endpoint returns a single choice per request");
    }
    Number temperature = RequestFields.number(request, "temperature", 0, 2);
    Number topP = RequestFields.number(request, "top_p", 0, 1);
    if (temperature != null) {
      body.put("temperature", temperature);
    }
    if (topP != null && temperature != null) {
      warnings.add("top_p was dropped: the Chat route takes temperature or top_p, not both");
    } else if (topP != null) {
      body.put("top_p", topP);
    }
    for (String penalty : List.of("presence_penalty", "frequency_penalty")) {
      Number value = RequestFields.number(request, penalty, -2, 2);
      if (value != null) {
        body.put(penalty, value);
      }
    }
    Number seed = RequestFields.number(request, "seed", Long.MIN_VALUE, Long.MAX_VALUE);
    if (seed != null) {
      body.put("seed", seed);
    }
    JsonArray stop = stop(request.getValue("stop"));
    if (stop != null) {
      body.put("stop", stop);
    }
  }

  private static JsonArray stop(Object stop) {
    if (stop == null) {
      return null;
    }
    JsonArray items = stop instanceof String s ? new JsonArray().add(s) : stop instanceof JsonArray a ? a : null;
    if (items == null) {
      throw invalid("stop", "stop must be a string or an array of strings");
    }
    JsonArray kept = new JsonArray();
    for (int i = 0; i < items.size(); i++) {
      if (!(items.getValue(i) instanceof String s)) {
        throw invalid(index("stop", i), index("stop", i) + " must be a string");
      }
      if (!s.isEmpty()) {
        kept.add(s);
      }
    }
    return kept.isEmpty() ? null : kept;
  }

  /** CR12: none, minimal, low, medium or high; {@code minimal} is sent as {@code low}, the lowest the models know. */
  private static String effort(JsonObject request) {
    String effort = RequestFields.string(request, "reasoning_effort", "");
    if (effort == null) {
      return null;
    }
    if (!EFFORTS.contains(effort)) {
      throw invalid("reasoning_effort", "reasoning_effort must be one of " + String.join(", ", EFFORTS));
    }
    return effort.equals("minimal") ? "low" : effort;
  }

  /** CR14: text, json_object and json_schema (which must name a schema) pass as OpenAI spells them. */
  private static JsonObject responseFormat(JsonObject request) {
    JsonObject format = RequestFields.object(request, "response_format", "");
    if (format == null) {
      return null;
    }
    String type = RequestFields.requiredString(format, "type", "response_format");
    switch (type) {
      case "text" -> {
        return null;
      }
      case "json_object" -> {
        return new JsonObject().put("type", type);
      }
      case "json_schema" -> {
        JsonObject schema = RequestFields.requiredObject(format, "json_schema", "response_format");
        RequestFields.requiredString(schema, "name", "response_format.json_schema");
        RequestFields.requiredObject(schema, "schema", "response_format.json_schema");
        return format.copy();
      }
      default -> throw invalid("response_format.type",
        "response_format.type must be \"text\", \"json_object\" or \"json_schema\"");
    }
  }
}
