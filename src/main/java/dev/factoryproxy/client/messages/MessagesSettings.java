package dev.factoryproxy.client.messages;

import dev.factoryproxy.config.MessagesConfig;
import dev.factoryproxy.config.TranslationSettings;

import java.util.List;
import java.util.Map;

/**
 * What the Messages client dialect needs from configuration; the wiring builds it from the proxy's settings.
 *
 * @param droidPrompt           always the first {@code system} block sent to Factory (MP2)
 * @param allowedBetas          the {@code anthropic-beta} values Factory accepts; the rest are dropped (MP4)
 * @param promptRewrites        phrase → replacement, applied to system and message text for Factory (MP3)
 * @param dropBillingHeader     drop Claude Code's {@code x-anthropic-billing-header:} system block (MP3)
 * @param nonStreamMaxTokensCap the largest {@code max_tokens} Factory takes without streaming (MP6)
 * @param thinkingBudgets       {@code reasoning_effort} → budget, read backwards for a thinking budget (MR11)
 */
public record MessagesSettings(String droidPrompt, List<String> allowedBetas, Map<String, String> promptRewrites,
                               boolean dropBillingHeader, int nonStreamMaxTokensCap,
                               Map<String, Integer> thinkingBudgets) {

  /** The betas Factory's own CLI sends on the Messages route (factory-upstream.md, "Betas"). */
  public static final List<String> FACTORY_CLI_BETAS = MessagesConfig.DEFAULT_ALLOWED_BETAS;

  /** Claude Code's identity lines, which contradict the Droid line; the first is on Factory's 403 list. */
  public static final String CLAUDE_CODE_LINE = MessagesConfig.CLAUDE_CODE_LINE;
  public static final String AGENT_SDK_LINE = MessagesConfig.AGENT_SDK_LINE;
  /** What the identity lines become: true of the client, and no phrase Factory refuses. */
  public static final String NEUTRAL_LINE = MessagesConfig.NEUTRAL_LINE;

  public MessagesSettings {
    allowedBetas = List.copyOf(allowedBetas);
    promptRewrites = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(promptRewrites));
    thinkingBudgets = Map.copyOf(thinkingBudgets);
  }

  /**
   * From the proxy's translation settings: the Droid prompt, non-stream cap and budgets, and
   * {@code translation.messages} (betas, rewrites, billing block; its defaults when the section is absent).
   */
  public static MessagesSettings from(TranslationSettings translation) {
    MessagesConfig messages = translation.messages();
    return new MessagesSettings(translation.droidPrompt(), messages.allowedBetas(), messages.promptRewrites(),
      messages.dropBillingHeader(), translation.nonStreamMaxTokensCap(), translation.thinkingBudgets());
  }

  public static Map<String, String> defaultRewrites() {
    return MessagesConfig.defaultRewrites();
  }
}
