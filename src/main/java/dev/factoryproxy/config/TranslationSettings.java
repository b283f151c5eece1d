package dev.factoryproxy.config;

import io.vertx.core.json.JsonObject;

import java.util.Map;

/**
 * Everything the pure translation needs from configuration.
 *
 * @param droidPrompt            always the first {@code system} block (Factory's system-prompt gate)
 * @param nonStreamMaxTokensCap  cap for the default {@code max_tokens} of non-stream requests (R20)
 * @param thinkingBudgets        {@code reasoning_effort} → {@code budget_tokens} (R28): minimal, low, medium, high
 * @param models                 per-model limits and quirks
 * @param messages               what Anthropic Messages clients may send on to Factory ({@code translation.messages})
 */
public record TranslationSettings(String droidPrompt, int nonStreamMaxTokensCap,
                                  Map<String, Integer> thinkingBudgets, ModelCatalog models,
                                  MessagesConfig messages) {

  public static final String DROID_PROMPT_PREFIX = "You are Droid, an AI software engineering agent built by Factory.";

  /** Without a {@code translation.messages} section: its defaults. */
  public TranslationSettings(String droidPrompt, int nonStreamMaxTokensCap, Map<String, Integer> thinkingBudgets,
                             ModelCatalog models) {
    this(droidPrompt, nonStreamMaxTokensCap, thinkingBudgets, models, MessagesConfig.defaults());
  }

  static TranslationSettings fromJson(JsonObject root) {
    JsonObject t = ConfigReader.section(root, "translation", "");
    String droid = ConfigReader.string(t, "droidPrompt", "translation", DROID_PROMPT_PREFIX);
    if (!droid.startsWith(DROID_PROMPT_PREFIX)) {
      throw new ConfigException("translation.droidPrompt must begin with \"" + DROID_PROMPT_PREFIX
        + "\" or Factory answers 403");
    }
    int defaultMax = ConfigReader.positiveInt(t, "defaultMaxOutputTokens", "translation", 8192);
    int cap = ConfigReader.positiveInt(t, "nonStreamMaxTokensCap", "translation", 21333);
    JsonObject budgets = ConfigReader.section(t, "thinkingBudgets", "translation");
    Map<String, Integer> b = Map.of(
      "minimal", budget(budgets, "minimal", 1024),
      "low", budget(budgets, "low", 1024),
      "medium", budget(budgets, "medium", 2048),
      "high", budget(budgets, "high", 4096));
    return new TranslationSettings(droid, cap, b, ModelCatalog.fromJson(root, defaultMax),
      MessagesConfig.fromJson(t));
  }

  private static int budget(JsonObject budgets, String level, int fallback) {
    return ConfigReader.intInRange(budgets, level, "translation.thinkingBudgets", fallback, 1024, 1_000_000);
  }
}
