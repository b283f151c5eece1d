package dev.factoryproxy.translate;

import dev.factoryproxy.config.ModelCatalog;
import dev.factoryproxy.config.ModelInfo;
import dev.factoryproxy.config.TranslationSettings;

import java.util.List;
import java.util.Map;

/** A small, fixed configuration for translation tests. */
public final class TestSettings {
  public static final String DROID_PROMPT = TranslationSettings.DROID_PROMPT_PREFIX + " You help with software tasks.";
  public static final String SONNET = "claude-sonnet-4-5-20250929";
  public static final String OPUS = "claude-opus-4-6";
  public static final String HAIKU = "claude-haiku-4-5-20251001";
  /** Test-only models, one per quirk that the three real ones do not cover. */
  public static final String NATIVE_JSON = "test-native-json";
  public static final String STRICT_TOOLS = "test-strict-tools";
  public static final String NO_SAMPLING = "test-no-sampling";
  public static final int UNKNOWN_MODEL_MAX_TOKENS = 8192;
  public static final int NON_STREAM_CAP = 21333;

  private TestSettings() {
  }

  public static TranslationSettings defaults() {
    List<ModelInfo> models = List.of(
      // id, ownedBy, maxOutputTokens, adaptiveThinking, exclusiveSampling, noSamplingParams,
      // nativeStructuredOutput, strictTools
      new ModelInfo(SONNET, "anthropic", 64000, false, true, false, false, false),
      new ModelInfo(OPUS, "anthropic", 128000, true, false, false, false, false),
      new ModelInfo(HAIKU, "anthropic", 64000, false, false, false, false, false),
      new ModelInfo(NATIVE_JSON, "anthropic", 64000, false, false, false, true, false),
      new ModelInfo(STRICT_TOOLS, "anthropic", 64000, false, false, false, false, true),
      new ModelInfo(NO_SAMPLING, "anthropic", 64000, false, false, true, false, false));
    ModelCatalog catalog = new ModelCatalog(models, Map.of("sonnet", SONNET), UNKNOWN_MODEL_MAX_TOKENS);
    Map<String, Integer> budgets = Map.of("minimal", 1024, "low", 1024, "medium", 2048, "high", 4096);
    return new TranslationSettings(DROID_PROMPT, NON_STREAM_CAP, budgets, catalog);
  }
}
