package dev.factoryproxy.translate;

import dev.factoryproxy.translate.ContentTranslator.Accepts;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

import static dev.factoryproxy.translate.RequestFields.index;
import static dev.factoryproxy.translate.RequestFields.invalid;
import static dev.factoryproxy.translate.RequestFields.path;

/**
 * OpenAI {@code messages} → Anthropic {@code system} and {@code messages} (R1–R15). One instance translates
 * one request: it keeps the system blocks, the conversation and the open tool calls as it walks the messages.
 */
final class MessageTranslator {
  record Result(JsonArray system, JsonArray messages) {
  }

  private static final List<String> ROLES = List.of("system", "developer", "user", "assistant", "tool", "function");
  /** Anthropic documents no length limit for tool_use ids, only their alphabet. */
  private static final int ANY_LENGTH = Integer.MAX_VALUE;

  private final String droidPrompt;
  private final ToolNames toolNames;
  private final List<JsonObject> systemBlocks = new ArrayList<>();
  private final Conversation conversation = new Conversation();
  private final ToolCallLedger ledger = new ToolCallLedger();

  MessageTranslator(String droidPrompt, ToolNames toolNames) {
    this.droidPrompt = droidPrompt;
    this.toolNames = toolNames;
  }

  Result translate(JsonArray messages) {
    if (messages.isEmpty()) {
      throw invalid("messages", "messages must contain at least one message");
    }
    for (int i = 0; i < messages.size(); i++) {
      translateMessage(RequestFields.objectAt(messages, i, "messages"), i);
    }
    ledger.requireAllAnswered();
    return conversation.isEmpty() ? systemOnly() : new Result(SystemPrompt.compose(droidPrompt, systemBlocks),
      conversation.toMessages());
  }

  private void translateMessage(JsonObject message, int i) {
    String path = index("messages", i);
    switch (role(message, path)) {
      // R1-R3: hoisted in order, wherever they appear
      case "system", "developer" -> systemBlocks.addAll(contentBlocks(message, path, Accepts.SYSTEM));
      case "user" -> addUser(message, path, i);
      case "assistant" -> addAssistant(message, path, i);
      case "tool" -> addToolResult(message, path, i);
      default -> addFunctionResult(message, path, i);
    }
  }

  private static String role(JsonObject message, String path) {
    Object role = message.getValue("role");
    if (!(role instanceof String) || !ROLES.contains(role)) {
      String rolePath = path(path, "role");
      throw invalid(rolePath, rolePath + " must be one of " + String.join(", ", ROLES));
    }
    return (String) role;
  }

  /** R4: a request with only system text sends it as the user message; the Droid prompt still leads system. */
  private Result systemOnly() {
    if (systemBlocks.isEmpty()) {
      throw invalid("messages", "messages must contain at least one user message with non-empty content");
    }
    JsonObject user = new JsonObject().put("role", "user").put("content", new JsonArray(new ArrayList<>(systemBlocks)));
    return new Result(SystemPrompt.compose(droidPrompt, List.of()), new JsonArray().add(user));
  }

  /** R5: a user message with nothing left after dropping whitespace-only text is refused. */
  private void addUser(JsonObject message, String path, int i) {
    List<JsonObject> blocks = contentBlocks(message, path, Accepts.USER);
    if (blocks.isEmpty()) {
      String contentPath = path(path, "content");
      throw invalid(contentPath, contentPath
        + " is empty: a user message needs non-whitespace text, an image or a file");
    }
    conversation.add("user", blocks, i);
  }

  /**
   * R11, R14, R15: thinking blocks first, then text, then one tool_use per call. An assistant message left with
   * no blocks (e.g. {@code content:""}) is dropped: Anthropic rejects empty messages and R5 forbids filler text.
   */
  private void addAssistant(JsonObject message, String path, int i) {
    ledger.requireAllAnswered();
    JsonArray toolCalls = RequestFields.array(message, "tool_calls", path);
    JsonObject functionCall = RequestFields.object(message, "function_call", path);
    boolean hasCalls = toolCalls != null && !toolCalls.isEmpty() || functionCall != null;
    List<JsonObject> blocks = new ArrayList<>(thinkingBlocks(message, path));
    if (message.getValue("content") != null || !hasCalls) { // null content is allowed only beside calls
      blocks.addAll(contentBlocks(message, path, Accepts.ASSISTANT));
    }
    for (int k = 0; toolCalls != null && k < toolCalls.size(); k++) {
      blocks.add(toolUse(RequestFields.objectAt(toolCalls, k, path(path, "tool_calls")),
        index(path(path, "tool_calls"), k)));
    }
    if (functionCall != null) {
      blocks.add(legacyToolUse(functionCall, path(path, "function_call"), i));
    }
    if (!blocks.isEmpty()) {
      conversation.add("assistant", blocks, i);
    }
  }

  /** R12: a tool message answers one open call; its id gets the same rewrite as the call's (R11). */
  private void addToolResult(JsonObject message, String path, int i) {
    String id = Identifiers.safe(RequestFields.requiredString(message, "tool_call_id", path), ANY_LENGTH);
    ledger.answered(id, path(path, "tool_call_id"));
    conversation.addToolResult(toolResult(id, message, path), i);
  }

  /** R14: a {@code role:"function"} message answers the preceding assistant's function_call. */
  private void addFunctionResult(JsonObject message, String path, int i) {
    RequestFields.requiredString(message, "name", path); // validated only: tool_result blocks carry no name
    conversation.addToolResult(toolResult(ledger.answerLegacy(path), message, path), i);
  }

  /** R12: string content stays a string; parts become text/image blocks; nothing left → no {@code content}. */
  private static JsonObject toolResult(String id, JsonObject message, String path) {
    JsonObject block = new JsonObject().put("type", "tool_result").put("tool_use_id", id);
    Object content = message.getValue("content");
    if (content instanceof String) {
      return ((String) content).isBlank() ? block : block.put("content", content);
    }
    List<JsonObject> blocks = contentBlocks(message, path, Accepts.TOOL);
    return blocks.isEmpty() ? block : block.put("content", new JsonArray(new ArrayList<>(blocks)));
  }

  /** {@code content} is required here (null is allowed only on an assistant message with calls). */
  private static List<JsonObject> contentBlocks(JsonObject message, String path, Accepts accepts) {
    String contentPath = path(path, "content");
    Object content = message.getValue("content");
    if (content == null) {
      throw invalid(contentPath, contentPath + " is required" + (accepts == Accepts.ASSISTANT
        ? " unless the message has tool_calls or a function_call" : ""));
    }
    return ContentTranslator.blocks(content, contentPath, accepts);
  }

  private JsonObject toolUse(JsonObject call, String path) {
    String id = Identifiers.safe(RequestFields.requiredString(call, "id", path), ANY_LENGTH);
    String type = RequestFields.string(call, "type", path);
    if (type != null && !type.equals("function")) {
      throw invalid(path(path, "type"), path(path, "type") + " must be \"function\"");
    }
    ledger.callMade(id, path);
    return toolUseBlock(id, RequestFields.requiredObject(call, "function", path), path(path, "function"));
  }

  /** R14: legacy calls get an id derived from their message's position, stable as the conversation grows. */
  private JsonObject legacyToolUse(JsonObject functionCall, String path, int i) {
    String id = "call_function_" + i;
    ledger.legacyCallMade(id, path);
    return toolUseBlock(id, functionCall, path);
  }

  private JsonObject toolUseBlock(String id, JsonObject function, String functionPath) {
    String name = RequestFields.requiredString(function, "name", functionPath);
    String argumentsPath = path(functionPath, "arguments");
    JsonObject input = parseArguments(RequestFields.text(function, "arguments", functionPath), argumentsPath);
    return new JsonObject().put("type", "tool_use").put("id", id).put("name", toolNames.upstream(name))
      .put("input", input);
  }

  /** R11: {@code ""} means no arguments; anything else must be a JSON object. Never dropped silently. */
  private static JsonObject parseArguments(String arguments, String path) {
    if (arguments.isBlank()) {
      return new JsonObject();
    }
    Object parsed;
    try {
      parsed = Json.decodeValue(arguments);
    } catch (DecodeException e) {
      parsed = null;
    }
    if (!(parsed instanceof JsonObject)) {
      throw invalid(path, path + " must be a JSON object encoded as a string");
    }
    return (JsonObject) parsed;
  }

  /**
   * R30: a Responses reasoning item (its encrypted content behind this prefix, route.responses ReasoningItems) is
   * no Anthropic signature: Claude would answer 400 "Invalid signature in thinking block".
   */
  static final String OPENAI_REASONING_PREFIX = "openai-reasoning:";

  /**
   * R30: blocks another route signed (a model switched mid-conversation): the Responses route's
   * {@code openai-reasoning:} signatures and the Gemini route's call signatures (GS4: they carry
   * {@code tool_call_id}) are dropped, never sent to Claude.
   */
  private static boolean fromAnotherRoute(JsonObject item, String signature) {
    return signature.startsWith(OPENAI_REASONING_PREFIX) || item.containsKey("tool_call_id");
  }

  /** R15: signed thinking and redacted thinking are replayed; unsigned reasoning text never is (R30 filters). */
  private static List<JsonObject> thinkingBlocks(JsonObject message, String path) {
    String listPath = path(path, "thinking_blocks");
    JsonArray items = RequestFields.array(message, "thinking_blocks", path);
    List<JsonObject> blocks = new ArrayList<>();
    for (int k = 0; items != null && k < items.size(); k++) {
      JsonObject item = RequestFields.objectAt(items, k, listPath);
      String itemPath = index(listPath, k);
      String type = RequestFields.requiredString(item, "type", itemPath);
      if (type.equals("redacted_thinking")) {
        String data = RequestFields.requiredString(item, "data", itemPath);
        blocks.add(new JsonObject().put("type", type).put("data", data));
      } else if (type.equals("thinking")) {
        String thinking = RequestFields.text(item, "thinking", itemPath);
        String signature = RequestFields.string(item, "signature", itemPath);
        if (signature != null && !signature.isEmpty() && !fromAnotherRoute(item, signature)) {
          blocks.add(new JsonObject().put("type", type).put("thinking", thinking).put("signature", signature));
        }
      } else {
        String typePath = path(itemPath, "type");
        throw invalid(typePath, typePath + " must be \"thinking\" or \"redacted_thinking\"");
      }
    }
    return blocks;
  }
}
