package dev.factoryproxy.config;

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

  /**
   * The route for a model id the model table does not know, by its prefix, so that models Factory adds later work
   * without a release: {@code claude-} → Messages; {@code gpt-}, {@code o1}, {@code o3}, {@code o4}, {@code codex}
   * → Responses; {@code gemini-} → Gemini; anything else → Chat (the open models).
   */
  public static Route forModelId(String id) {
    String lower = id == null ? "" : id.toLowerCase(Locale.ROOT);
    if (lower.startsWith("claude-")) {
      return MESSAGES;
    }
    if (lower.startsWith("gpt-") || lower.startsWith("o1") || lower.startsWith("o3") || lower.startsWith("o4")
      || lower.startsWith("codex")) {
      return RESPONSES;
    }
    return lower.startsWith("gemini-") ? GEMINI : CHAT;
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
