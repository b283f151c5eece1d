package dev.factoryproxy.client.messages;

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
  public static final List<String> FACTORY_CLI_BETAS = List.of("interleaved-thinking-2025-05-14",
    "fine-grained-tool-streaming-2025-05-14", "effort-2025-11-24", "fast-mode-2026-02-01");

  /** Claude Code's identity lines, which contradict the Droid line; the first is on Factory's 403 list. */
  public static final String CLAUDE_CODE_LINE = "You are Claude Code, Anthropic's official CLI for Claude.";
  public static final String AGENT_SDK_LINE = "You are a Claude agent, built on Anthropic's Claude Agent SDK.";
  /** What the identity lines become: true of the client, and no phrase Factory refuses. */
  public static final String NEUTRAL_LINE = "You are running inside a command-line coding agent.";

  public MessagesSettings {
    allowedBetas = List.copyOf(allowedBetas);
    promptRewrites = Map.copyOf(promptRewrites);
    thinkingBudgets = Map.copyOf(thinkingBudgets);
  }

  /** The defaults with the proxy's translation settings (Droid prompt, non-stream cap, budgets). */
  public static MessagesSettings from(TranslationSettings translation) {
    return new MessagesSettings(translation.droidPrompt(), FACTORY_CLI_BETAS, defaultRewrites(), true,
      translation.nonStreamMaxTokensCap(), translation.thinkingBudgets());
  }

  public static Map<String, String> defaultRewrites() {
    return Map.of(CLAUDE_CODE_LINE, NEUTRAL_LINE, AGENT_SDK_LINE, NEUTRAL_LINE);
  }
}
