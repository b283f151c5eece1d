package dev.factoryproxy.client.messages;

import dev.factoryproxy.translate.RequestFields;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.factoryproxy.translate.RequestFields.index;
import static dev.factoryproxy.translate.RequestFields.invalid;
import static dev.factoryproxy.translate.RequestFields.path;

/**
 * An Anthropic Messages request → the hub's chat-completions request (MR1-MR14), for models on other routes.
 * Validates as the Messages API does, naming the field; the input is never modified.
 */
final class MessagesRequestReader {
  /** MR13: the Messages API's top-level fields; anything else is "Extra inputs are not permitted". */
  private static final Set<String> KNOWN = Set.of("model", "messages", "system", "max_tokens", "metadata",
    "stop_sequences", "stream", "temperature", "top_k", "top_p", "tools", "tool_choice", "thinking",
    "output_config", "service_tier", "container", "mcp_servers", "context_management");
  /** MR13: fields only Anthropic's own servers act on; accepted, left out, named in a warning. */
  private static final List<String> CLAUDE_ONLY = List.of("top_k", "service_tier", "container", "mcp_servers",
    "context_management");

  private final Map<String, Integer> budgets;
  private final List<String> warnings = new ArrayList<>();

  MessagesRequestReader(Map<String, Integer> budgets) {
    this.budgets = budgets;
  }

  List<String> warnings() {
    return List.copyOf(warnings);
  }

  JsonObject read(JsonObject request) {
    if (request == null) {
      throw invalid(null, "The request body must be a JSON object");
    }
    for (String key : request.fieldNames()) {
      if (!KNOWN.contains(key)) {
        throw invalid(key, key + ": Extra inputs are not permitted");
      }
    }
    JsonObject hub = new JsonObject().put("model", RequestFields.requiredString(request, "model", ""));
    Integer maxTokens = RequestFields.positiveInt(request, "max_tokens", "");
    if (maxTokens == null) {
      throw invalid("max_tokens", "max_tokens: Field required");
    }
    JsonArray messages = new JsonArray();
    systemMessage(request.getValue("system"), messages);
    JsonArray clientMessages = RequestFields.requiredArray(request, "messages", "");
    if (clientMessages.isEmpty()) {
      throw invalid("messages", "messages: at least one message is required");
    }
    for (int i = 0; i < clientMessages.size(); i++) {
      message(RequestFields.objectAt(clientMessages, i, "messages"), index("messages", i), messages);
    }
    hub.put("messages", messages).put("max_tokens", maxTokens);
    tools(request, hub);
    sampling(request, hub);
    reasoning(request, hub, maxTokens);
    user(request, hub);
    if (RequestFields.isTrue(request, "stream", "")) {
      hub.put("stream", true).put("stream_options", new JsonObject().put("include_usage", true)); // MR12
    }
    CLAUDE_ONLY.stream().filter(key -> request.getValue(key) != null)
      .forEach(key -> warnings.add(key + " ignored: only Claude models take it"));
    return hub;
  }

  /** MR3: the system prompt (string or text blocks) → one system message; blocks keep their cache_control. */
  private static void systemMessage(Object system, JsonArray messages) {
    if (system == null) {
      return;
    }
    if (system instanceof String text) {
      if (!text.isBlank()) {
        messages.add(new JsonObject().put("role", "system").put("content", text));
      }
      return;
    }
    if (!(system instanceof JsonArray blocks)) {
      throw invalid("system", "system: Input should be a valid string or a list of text blocks");
    }
    JsonArray parts = new JsonArray();
    for (int i = 0; i < blocks.size(); i++) {
      String blockPath = index("system", i);
      JsonObject block = RequestFields.objectAt(blocks, i, "system");
      if (!"text".equals(RequestFields.requiredString(block, "type", blockPath))) {
        throw invalid(path(blockPath, "type"), path(blockPath, "type") + ": Input should be 'text'");
      }
      String text = RequestFields.text(block, "text", blockPath);
      if (!text.isBlank()) {
        parts.add(textPart(text, block));
      }
    }
    if (!parts.isEmpty()) {
      messages.add(new JsonObject().put("role", "system").put("content", parts));
    }
  }

  private void message(JsonObject message, String path, JsonArray out) {
    String role = RequestFields.requiredString(message, "role", path);
    Object content = message.getValue("content");
    if (content == null) {
      throw invalid(path(path, "content"), path(path, "content") + ": Field required");
    }
    JsonArray blocks = content instanceof String text
      ? new JsonArray().add(new JsonObject().put("type", "text").put("text", text))
      : RequestFields.requiredArray(message, "content", path);
    switch (role) {
      case "user" -> userMessage(blocks, path(path, "content"), out);
      case "assistant" -> assistantMessage(blocks, path(path, "content"), out);
      default -> throw invalid(path(path, "role"), path(path, "role") + ": Input should be 'user' or 'assistant'");
    }
  }

  /** MR4, MR6: tool results first, as {@code tool} messages in order; the user's other blocks after them. */
  private static void userMessage(JsonArray blocks, String path, JsonArray out) {
    JsonArray parts = new JsonArray();
    boolean results = false;
    for (int k = 0; k < blocks.size(); k++) {
      String blockPath = index(path, k);
      JsonObject block = RequestFields.objectAt(blocks, k, path);
      String type = RequestFields.requiredString(block, "type", blockPath);
      if (type.equals("tool_result")) {
        results = true;
        out.add(toolMessage(block, blockPath));
      } else {
        JsonObject part = ContentParts.userPart(block, type, blockPath);
        if (part != null) {
          parts.add(part);
        }
      }
    }
    if (!parts.isEmpty()) {
      out.add(new JsonObject().put("role", "user").put("content", parts));
    } else if (!results) {
      throw invalid(path, path + ": all messages must have non-empty content except for the optional final "
        + "assistant message"); // Anthropic's own words; no placeholder text is invented (R5)
    }
  }

  /**
   * MR6: a tool_result → {@code {"role":"tool","tool_call_id","content"}}; text-only content as one string, images
   * as parts; {@code is_error} has no chat field, so the text says it.
   */
  private static JsonObject toolMessage(JsonObject block, String path) {
    String id = RequestFields.requiredString(block, "tool_use_id", path);
    boolean error = RequestFields.isTrue(block, "is_error", path);
    Object content = block.getValue("content");
    JsonArray parts = new JsonArray();
    if (content instanceof String text) {
      parts.add(new JsonObject().put("type", "text").put("text", text));
    } else if (content != null) {
      JsonArray items = RequestFields.requiredArray(block, "content", path);
      for (int k = 0; k < items.size(); k++) {
        String itemPath = index(path(path, "content"), k);
        JsonObject item = RequestFields.objectAt(items, k, path(path, "content"));
        JsonObject part = ContentParts.userPart(item, RequestFields.requiredString(item, "type", itemPath), itemPath);
        if (part != null) {
          parts.add(part);
        }
      }
    }
    boolean textOnly = parts.stream().allMatch(p -> "text".equals(((JsonObject) p).getValue("type")));
    Object hubContent;
    if (textOnly) {
      List<String> texts = new ArrayList<>();
      parts.forEach(p -> texts.add(((JsonObject) p).getString("text")));
      hubContent = (error ? "Error: " : "") + String.join("\n", texts);
    } else {
      if (error) {
        parts.getList().add(0, new JsonObject().put("type", "text").put("text", "Error:"));
      }
      hubContent = parts;
    }
    return new JsonObject().put("role", "tool").put("tool_call_id", id).put("content", hubContent);
  }

  /** MR5: text joined in order, tool_use → tool_calls, thinking → thinking_blocks and reasoning_content. */
  private static void assistantMessage(JsonArray blocks, String path, JsonArray out) {
    StringBuilder text = new StringBuilder();
    JsonArray toolCalls = new JsonArray();
    JsonArray thinkingBlocks = new JsonArray();
    List<String> reasoning = new ArrayList<>();
    for (int k = 0; k < blocks.size(); k++) {
      String blockPath = index(path, k);
      JsonObject block = RequestFields.objectAt(blocks, k, path);
      switch (RequestFields.requiredString(block, "type", blockPath)) {
        case "text" -> text.append(RequestFields.text(block, "text", blockPath));
        case "tool_use" -> toolCalls.add(new JsonObject()
          .put("id", RequestFields.requiredString(block, "id", blockPath))
          .put("type", "function")
          .put("function", new JsonObject()
            .put("name", RequestFields.requiredString(block, "name", blockPath))
            .put("arguments", RequestFields.requiredObject(block, "input", blockPath).encode())));
        case "thinking" -> {
          String thinking = RequestFields.text(block, "thinking", blockPath);
          String signature = RequestFields.string(block, "signature", blockPath);
          if (!thinking.isEmpty()) {
            reasoning.add(thinking);
          }
          thinkingBlocks.add(new JsonObject().put("type", "thinking").put("thinking", thinking)
            .put("signature", signature == null ? "" : signature));
        }
        case "redacted_thinking" -> thinkingBlocks.add(new JsonObject().put("type", "redacted_thinking")
          .put("data", RequestFields.requiredString(block, "data", blockPath)));
        default -> throw ContentParts.unsupported(blockPath, block.getString("type"));
      }
    }
    JsonObject message = new JsonObject().put("role", "assistant")
      .put("content", text.length() > 0 ? text.toString() : toolCalls.isEmpty() ? "" : null);
    if (!toolCalls.isEmpty()) {
      message.put("tool_calls", toolCalls);
    }
    if (!reasoning.isEmpty()) {
      message.put("reasoning_content", String.join("\n", reasoning));
    }
    if (!thinkingBlocks.isEmpty()) {
      message.put("thinking_blocks", thinkingBlocks);
    }
    out.add(message);
  }

  /** MR8, MR9: custom tools → functions; tool_choice and disable_parallel_tool_use → their chat forms. */
  private static void tools(JsonObject request, JsonObject hub) {
    JsonArray tools = RequestFields.array(request, "tools", "");
    JsonArray functions = new JsonArray();
    for (int i = 0; tools != null && i < tools.size(); i++) {
      String toolPath = index("tools", i);
      JsonObject tool = RequestFields.objectAt(tools, i, "tools");
      String type = RequestFields.string(tool, "type", toolPath);
      if (type != null && !type.equals("custom")) {
        throw invalid(path(toolPath, "type"), path(toolPath, "type") + ": the server tool '" + type
          + "' runs only on Claude models; send it to a Claude model or leave it out");
      }
      JsonObject function = new JsonObject().put("name", RequestFields.requiredString(tool, "name", toolPath));
      String description = RequestFields.string(tool, "description", toolPath);
      if (description != null) {
        function.put("description", description);
      }
      function.put("parameters", RequestFields.requiredObject(tool, "input_schema", toolPath).copy());
      functions.add(new JsonObject().put("type", "function").put("function", function));
    }
    if (!functions.isEmpty()) {
      hub.put("tools", functions);
    }
    JsonObject choice = RequestFields.object(request, "tool_choice", "");
    if (choice == null) {
      return;
    }
    String type = RequestFields.requiredString(choice, "type", "tool_choice");
    switch (type) {
      case "auto" -> hub.put("tool_choice", "auto");
      case "any" -> hub.put("tool_choice", "required");
      case "none" -> hub.put("tool_choice", "none");
      case "tool" -> hub.put("tool_choice", new JsonObject().put("type", "function")
        .put("function", new JsonObject().put("name", RequestFields.requiredString(choice, "name", "tool_choice"))));
      default -> throw invalid("tool_choice.type", "tool_choice.type: Input should be 'auto', 'any', 'tool' or 'none'");
    }
    if (RequestFields.isTrue(choice, "disable_parallel_tool_use", "tool_choice") && !type.equals("none")) {
      hub.put("parallel_tool_calls", false);
    }
  }

  /** MR10: temperature and top_p as sent; stop_sequences → stop. */
  private static void sampling(JsonObject request, JsonObject hub) {
    Number temperature = RequestFields.number(request, "temperature", 0, 1);
    if (temperature != null) {
      hub.put("temperature", temperature);
    }
    Number topP = RequestFields.number(request, "top_p", 0, 1);
    if (topP != null) {
      hub.put("top_p", topP);
    }
    JsonArray stops = RequestFields.array(request, "stop_sequences", "");
    if (stops == null) {
      return;
    }
    JsonArray stop = new JsonArray();
    for (int i = 0; i < stops.size(); i++) {
      if (!(stops.getValue(i) instanceof String s)) {
        throw invalid(index("stop_sequences", i), index("stop_sequences", i) + ": Input should be a valid string");
      }
      stop.add(s);
    }
    if (!stop.isEmpty()) {
      hub.put("stop", stop);
    }
  }

  /**
   * MR11: {@code thinking} → {@code reasoning_effort}. A budget maps to the smallest configured level that
   * covers it (Claude Code's 31999 → high); adaptive thinking takes {@code output_config.effort}, high by default.
   */
  private void reasoning(JsonObject request, JsonObject hub, int maxTokens) {
    JsonObject thinking = RequestFields.object(request, "thinking", "");
    JsonObject outputConfig = RequestFields.object(request, "output_config", "");
    String effort = outputConfig == null ? null : RequestFields.string(outputConfig, "effort", "output_config");
    if (thinking == null) {
      if (effort != null) {
        hub.put("reasoning_effort", hubEffort(effort));
      }
      return;
    }
    switch (RequestFields.requiredString(thinking, "type", "thinking")) {
      case "enabled" -> {
        Integer budget = RequestFields.positiveInt(thinking, "budget_tokens", "thinking");
        if (budget == null || budget < 1024 || budget >= maxTokens) {
          throw invalid("thinking.budget_tokens", "thinking.budget_tokens must be at least 1024 and below max_tokens");
        }
        hub.put("reasoning_effort", effortForBudget(budget));
      }
      case "adaptive" -> hub.put("reasoning_effort", effort == null ? "high" : hubEffort(effort));
      case "disabled" -> hub.put("reasoning_effort", "none");
      default -> throw invalid("thinking.type", "thinking.type: Input should be 'enabled', 'disabled' or 'adaptive'");
    }
  }

  private String effortForBudget(int budget) {
    if (budget <= budgets.getOrDefault("low", 1024)) {
      return "low";
    }
    return budget <= budgets.getOrDefault("medium", 2048) ? "medium" : "high";
  }

  /** Anthropic's efforts (low, medium, high, max) in the hub's scale, which ends at high. */
  private static String hubEffort(String effort) {
    return switch (effort) {
      case "low", "medium", "high" -> effort;
      case "max", "xhigh" -> "high";
      default -> throw invalid("output_config.effort", "output_config.effort: Input should be 'low', 'medium', "
        + "'high' or 'max'");
    };
  }

  /** MR12: {@code metadata.user_id} → {@code user}; the route applies its own privacy rules. */
  private static void user(JsonObject request, JsonObject hub) {
    JsonObject metadata = RequestFields.object(request, "metadata", "");
    String userId = metadata == null ? null : RequestFields.string(metadata, "user_id", "metadata");
    if (userId != null && !userId.isBlank()) {
      hub.put("user", userId);
    }
  }

  static JsonObject textPart(String text, JsonObject block) {
    JsonObject part = new JsonObject().put("type", "text").put("text", text);
    if (block.getValue("cache_control") instanceof JsonObject cache) {
      part.put("cache_control", cache.copy());
    }
    return part;
  }
}
