package dev.factoryproxy.config;

import io.vertx.core.json.JsonObject;

/**
 * What the proxy knows about one upstream model: its output limit and the request quirks that
 * the translation must respect (translation.md R16, R20, R22, R27, R28).
 *
 * @param id                      model id as Factory expects it (sent upstream unchanged)
 * @param ownedBy                 shown in {@code /v1/models}
 * @param maxOutputTokens         the model's maximum output, used as the default {@code max_tokens} (R20)
 * @param adaptiveThinking        model takes {@code thinking:{type:"adaptive"}} plus {@code output_config.effort} (R28)
 * @param exclusiveSampling       model rejects {@code temperature} and {@code top_p} together (R22)
 * @param noSamplingParams        model rejects every sampling parameter (R22)
 * @param nativeStructuredOutput  opt-in: send {@code output_config.format} instead of the synthetic JSON tool (R27)
 * @param strictTools             model accepts {@code strict} on tool definitions (R16)
 * @param route                   the Factory route that serves the model (factory-upstream.md "All of Factory's
 *                                LLM routes")
 * @param provider                the {@code x-api-provider} Factory's CLI sends for it ({@code anthropic},
 *                                {@code openai}, {@code fireworks}, {@code google}, ...)
 */
public record ModelInfo(String id, String ownedBy, int maxOutputTokens, boolean adaptiveThinking,
                        boolean exclusiveSampling, boolean noSamplingParams,
                        boolean nativeStructuredOutput, boolean strictTools, Route route, String provider) {

  public ModelInfo {
    route = route == null ? Route.MESSAGES : route;
    provider = provider == null ? defaultProvider(route) : provider;
  }

  /** A Claude model on the Messages route (the table's original shape). */
  public ModelInfo(String id, String ownedBy, int maxOutputTokens, boolean adaptiveThinking,
                   boolean exclusiveSampling, boolean noSamplingParams,
                   boolean nativeStructuredOutput, boolean strictTools) {
    this(id, ownedBy, maxOutputTokens, adaptiveThinking, exclusiveSampling, noSamplingParams,
      nativeStructuredOutput, strictTools, Route.MESSAGES, "anthropic");
  }

  /** The provider Factory's CLI names for a route when the table names none. */
  public static String defaultProvider(Route route) {
    return switch (route) {
      case MESSAGES -> "anthropic";
      case RESPONSES -> "openai";
      case CHAT -> "fireworks";
      case GEMINI -> "google";
    };
  }

  /**
   * The assumptions made for a model id that is not in the configured table: the route its prefix names
   * ({@link Route#forModelId}; Messages when none does, though such an id is refused before any call) and that
   * route's provider for it.
   */
  public static ModelInfo unknown(String id, int defaultMaxOutputTokens) {
    Route byPrefix = Route.forModelId(id);
    Route route = byPrefix == null ? Route.MESSAGES : byPrefix;
    return new ModelInfo(id, defaultOwner(route), defaultMaxOutputTokens, false, false, false, false, false, route,
      Route.providerFor(id, route));
  }

  /**
   * Who {@code /v1/models} says owns a model when the table does not: the vendor behind the route's usual models.
   */
  public static String defaultOwner(Route route) {
    return switch (route) {
      case MESSAGES -> "anthropic";
      case RESPONSES -> "openai";
      case CHAT -> "fireworks";
      case GEMINI -> "google";
    };
  }

  /**
   * One entry of {@code models}: {@code route} is a route label ({@link Route#label}; default: by the id's prefix,
   * {@link Route#forModelId}, else Messages), {@code provider} the {@code x-api-provider} (default: the route's),
   * {@code ownedBy} what {@code /v1/models} shows (default: the route's usual vendor). Every failure names its path.
   */
  static ModelInfo fromJson(JsonObject json, String path) {
    String id = ConfigReader.requireString(json, "id", path);
    String label = ConfigReader.string(json, "route", path, null);
    Route byPrefix = Route.forModelId(id);
    // a configured entry without route and without a known prefix stays on Messages, as every entry was before
    Route route = label != null ? Route.fromLabel(label) : byPrefix != null ? byPrefix : Route.MESSAGES;
    if (route == null) {
      throw new ConfigException(ConfigReader.key(path, "route") + " must be one of messages, responses, chat, gemini;"
        + " got \"" + label + "\"");
    }
    String provider = ConfigReader.string(json, "provider", path, Route.providerFor(id, route));
    if (provider.isBlank()) {
      throw new ConfigException(ConfigReader.key(path, "provider") + " must not be empty");
    }
    String ownedBy = ConfigReader.string(json, "ownedBy", path, defaultOwner(route));
    return new ModelInfo(id,
      ownedBy, // V2: typed reads name the key, never a ClassCastException
      ConfigReader.positiveInt(json, "maxOutputTokens", path, 8192),
      ConfigReader.bool(json, "adaptiveThinking", path, false),
      ConfigReader.bool(json, "exclusiveSampling", path, false),
      ConfigReader.bool(json, "noSamplingParams", path, false),
      ConfigReader.bool(json, "nativeStructuredOutput", path, false),
      ConfigReader.bool(json, "strictTools", path, false),
      route, provider);
  }
}
