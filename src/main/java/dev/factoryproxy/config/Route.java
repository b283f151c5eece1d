package dev.factoryproxy.config;

import java.util.List;
import java.util.Locale;

/**
 * Factory's four LLM routes (factory-upstream.md, "All of Factory's LLM routes"); a model's route is in the model
 * table.
 */
public enum Route {
  /** Anthropic Messages: Claude, MiniMax. */
  MESSAGES("/api/llm/a/v1/messages"),
  /** OpenAI Responses: GPT, Codex, Grok. */
  RESPONSES("/api/llm/o/v1/responses"),
  /** OpenAI Chat Completions: the open "Droid Core" models (GLM, Kimi, DeepSeek, Qwen, ...). */
  CHAT("/api/llm/o/v1/chat/completions"),
  /** Google Gemini generateContent, {@code model} in the body: Gemini. */
  GEMINI("/api/llm/g/v1/generate");

  private final String path;

  Route(String path) {
    this.path = path;
  }

  /** The path under {@code upstream.apiBase} (e.g. {@code https://api.factory.ai}). */
  public String path() {
    return path;
  }

  /**
   * The name used in configuration and metrics labels: {@code messages}, {@code responses}, {@code chat},
   * {@code gemini}.
   */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Open-model families Factory serves on its Chat route ("Droid Core"), by id prefix. */
  private static final List<String> CORE_PREFIXES = List.of("glm-", "kimi-", "deepseek-", "qwen", "nemotron",
    "mistral-", "devstral-", "codestral-", "magistral-", "llama-", "gpt-oss-");

  /** What {@link #forModelId} knows, in words, for the answer to an id it does not (issue 17). */
  public static String knownFamilies() {
    return "claude-*, minimax-* (Messages route); gpt-*, o1/o3/o4*, codex*, grok-* (Responses route); "
      + String.join("*, ", CORE_PREFIXES) + "* (Chat route); gemini-* (Gemini route)";
  }

  /**
   * The route for a model id the model table does not know, by its prefix, so that models Factory adds later work
   * without a release: {@code claude-} and {@code minimax-} → Messages; the open families ({@code glm-},
   * {@code kimi-}, {@code deepseek-}, {@code qwen}, {@code gpt-oss-}, ...) → Chat; {@code gpt-}, {@code o1},
   * {@code o3}, {@code o4}, {@code codex}, {@code grok-} → Responses; {@code gemini-} → Gemini. Null when no rule
   * matches: such an id is answered 404 {@code model_not_found} before any call (issue 12).
   */
  public static Route forModelId(String id) {
    String lower = id == null ? "" : id.toLowerCase(Locale.ROOT);
    if (lower.startsWith("claude-") || lower.startsWith("minimax-")) {
      return MESSAGES;
    }
    if (CORE_PREFIXES.stream().anyMatch(lower::startsWith)) {
      return CHAT;
    }
    if (lower.startsWith("gpt-") || lower.startsWith("o1") || lower.startsWith("o3") || lower.startsWith("o4")
      || lower.startsWith("codex") || lower.startsWith("grok-")) {
      return RESPONSES;
    }
    return lower.startsWith("gemini-") ? GEMINI : null;
  }

  /**
   * The {@code x-api-provider} for a model id on a route when the table names none: Factory's CLI sends
   * {@code fireworks} for MiniMax on the Messages route and {@code xai} for Grok on the Responses route; otherwise
   * the route's usual provider ({@link dev.factoryproxy.config.ModelInfo#defaultProvider}).
   */
  public static String providerFor(String id, Route route) {
    String lower = id == null ? "" : id.toLowerCase(Locale.ROOT);
    if (route == MESSAGES && lower.startsWith("minimax-")) {
      return "fireworks";
    }
    if (route == RESPONSES && lower.startsWith("grok-")) {
      return "xai";
    }
    return ModelInfo.defaultProvider(route);
  }

  /** The route a configuration value names; null when it names none. */
  public static Route fromLabel(String label) {
    for (Route route : values()) {
      if (route.label().equals(label)) {
        return route;
      }
    }
    return null;
  }
}
