package dev.factoryproxy.testing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Set;

import static dev.factoryproxy.testing.Inputs.array;
import static dev.factoryproxy.testing.Inputs.bool;
import static dev.factoryproxy.testing.Inputs.integer;
import static dev.factoryproxy.testing.Inputs.required;
import static dev.factoryproxy.testing.Inputs.requiredString;
import static dev.factoryproxy.testing.Inputs.string;
import static dev.factoryproxy.testing.Rejection.requireValid;

/**
 * The Messages API's rules for a whole request body, plus Factory's Droid system-prompt gate
 * (factory-upstream.md). Messages, tools and sampling have their own rule classes.
 */
final class BodyRules {
  static final String DROID_IDENTITY = "You are Droid, an AI software engineering agent built by Factory.";
  /** A phrase Factory answers 403 to in a system prompt. */
  static final String CLAUDE_CODE_IDENTITY = "You are Claude Code, Anthropic's official CLI for Claude.";
  /** Above this, Anthropic requires streaming (R20). */
  static final long MAX_NON_STREAM_TOKENS = 21_333;

  private static final Set<String> MESSAGES_API_KEYS = Set.of("model", "messages", "system", "max_tokens",
    "metadata", "stop_sequences", "stream", "temperature", "top_k", "top_p", "tools", "tool_choice", "thinking",
    "output_config", "service_tier", "container", "mcp_servers", "context_management");

  private BodyRules() {
  }

  static void check(JsonObject body) {
    checkDroidGate(body.getValue("system"));
    Inputs.onlyKeys(body, MESSAGES_API_KEYS, "");
    String model = requiredString(body, "model", "");
    long maxTokens = checkMaxTokens(body);
    checkSystemBlocks(body.getValue("system"));
    boolean thinking = SamplingRules.check(body, model, maxTokens);
    MessageRules.check(required(body, "messages", "messages"), thinking);
    ToolRules.check(body, thinking);
    checkStopSequences(body.getValue("stop_sequences"));
  }

  /** The count route: the Droid gate, only {@code allowed} fields, a model and messages. */
  static void checkCountable(JsonObject body, Set<String> allowed) {
    checkDroidGate(body.getValue("system"));
    Inputs.onlyKeys(body, allowed, "");
    requiredString(body, "model", "");
    required(body, "messages", "messages");
  }

  /**
   * Factory answers 403 unless the first system text begins with the Droid identity, and to system text that
   * names another agent's identity (Claude Code's own opening line is on its list, factory-upstream.md).
   */
  private static void checkDroidGate(Object system) {
    String firstText = firstSystemText(system);
    if (firstText == null || !firstText.startsWith(DROID_IDENTITY)) {
      throw Rejection.forbidden("Access denied: this endpoint only serves Factory Droid requests");
    }
    if (system instanceof JsonArray blocks) {
      for (Object block : blocks) {
        if (block instanceof JsonObject b && b.getValue("text") instanceof String text
          && text.contains(CLAUDE_CODE_IDENTITY)) {
          throw Rejection.forbidden("Access denied: this endpoint only serves Factory Droid requests");
        }
      }
    }
  }

  private static String firstSystemText(Object system) {
    if (system instanceof String text) {
      return text;
    }
    if (system instanceof JsonArray blocks && !blocks.isEmpty() && blocks.getValue(0) instanceof JsonObject first
      && first.getValue("text") instanceof String text) {
      return text;
    }
    return null;
  }

  private static long checkMaxTokens(JsonObject body) {
    long maxTokens = integer(required(body, "max_tokens", "max_tokens"), "max_tokens");
    requireValid(maxTokens >= 1, "max_tokens: Input should be greater than or equal to 1");
    boolean stream = body.getValue("stream") != null && bool(body.getValue("stream"), "stream");
    requireValid(stream || maxTokens <= MAX_NON_STREAM_TOKENS,
      "max_tokens: streaming is required when max_tokens is greater than " + MAX_NON_STREAM_TOKENS);
    return maxTokens;
  }

  private static void checkSystemBlocks(Object system) {
    if (system instanceof String text) {
      BlockRules.checkText(text, "system");
      return;
    }
    JsonArray blocks = array(system, "system");
    for (int i = 0; i < blocks.size(); i++) {
      String path = "system." + i;
      JsonObject block = Inputs.object(blocks.getValue(i), path);
      Inputs.oneOf(requiredString(block, "type", path), List.of("text"), path + ".type");
      BlockRules.checkText(requiredString(block, "text", path), path + ".text");
    }
  }

  /** Whitespace-only stop sequences are a 400 (R23, LiteLLM #3286). */
  private static void checkStopSequences(Object value) {
    if (value == null) {
      return;
    }
    JsonArray sequences = array(value, "stop_sequences");
    for (int i = 0; i < sequences.size(); i++) {
      String sequence = string(sequences.getValue(i), "stop_sequences." + i);
      requireValid(!sequence.isBlank(), "stop_sequences: each stop sequence must contain non-whitespace");
    }
  }
}
