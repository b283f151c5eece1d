package dev.factoryproxy.config;

import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code translation.messages}: what Anthropic Messages clients (Claude Code, the Anthropic SDKs) may send on to
 * Factory. Read once with the rest of the configuration; the Messages dialect's settings are built from it.
 *
 * @param allowedBetas      the {@code anthropic-beta} values Factory accepts; every other beta is dropped (MP4)
 * @param promptRewrites    phrase → replacement in system and message text, for phrases Factory answers 403 to (MP3)
 * @param dropBillingHeader drop Claude Code's {@code x-anthropic-billing-header:} system block (MP3)
 */
public record MessagesConfig(List<String> allowedBetas, Map<String, String> promptRewrites,
                             boolean dropBillingHeader) {

  /** The betas Factory's own CLI sends on the Messages route (factory-upstream.md, "Betas"). */
  public static final List<String> DEFAULT_ALLOWED_BETAS = List.of("interleaved-thinking-2025-05-14",
    "fine-grained-tool-streaming-2025-05-14", "effort-2025-11-24", "fast-mode-2026-02-01");
  /** Claude Code's identity lines, which contradict the Droid line; the first is on Factory's 403 list. */
  public static final String CLAUDE_CODE_LINE = "You are Claude Code, Anthropic's official CLI for Claude.";
  public static final String AGENT_SDK_LINE = "You are a Claude agent, built on Anthropic's Claude Agent SDK.";
  /** What the identity lines become: true of the client, and no phrase Factory refuses. */
  public static final String NEUTRAL_LINE = "You are running inside a command-line coding agent.";

  private static final String PATH = "translation.messages";

  public MessagesConfig {
    allowedBetas = List.copyOf(allowedBetas);
    promptRewrites = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(promptRewrites));
  }

  /** The defaults: Factory's CLI betas, Claude Code's two identity lines neutralised, the billing block dropped. */
  public static MessagesConfig defaults() {
    return new MessagesConfig(DEFAULT_ALLOWED_BETAS, defaultRewrites(), true);
  }

  public static Map<String, String> defaultRewrites() {
    Map<String, String> rewrites = new LinkedHashMap<>();
    rewrites.put(CLAUDE_CODE_LINE, NEUTRAL_LINE);
    rewrites.put(AGENT_SDK_LINE, NEUTRAL_LINE);
    return rewrites;
  }

  /**
   * Reads {@code translation.messages}; a key left out keeps its default (an empty list or object is a choice:
   * no beta passes, nothing is rewritten). Betas are single tokens (the header is comma-separated); a rewrite
   * needs a non-blank phrase and a non-empty replacement (Anthropic refuses empty text blocks).
   */
  static MessagesConfig fromJson(JsonObject translation) {
    JsonObject m = ConfigReader.section(translation, "messages", "translation");
    List<String> betas = m.containsKey("allowedBetas")
      ? ConfigReader.stringList(m, "allowedBetas", PATH) : DEFAULT_ALLOWED_BETAS;
    for (String beta : betas) {
      if (!beta.matches("[A-Za-z0-9._-]+")) {
        throw new ConfigException(PATH + ".allowedBetas has \"" + beta + "\": a beta is one token such as "
          + "interleaved-thinking-2025-05-14 (letters, digits, '.', '_', '-')");
      }
    }
    Map<String, String> rewrites = m.containsKey("promptRewrites")
      ? ConfigReader.stringMap(m, "promptRewrites", PATH) : defaultRewrites();
    rewrites.forEach((phrase, replacement) -> {
      if (phrase.isBlank()) {
        throw new ConfigException(PATH + ".promptRewrites has a blank phrase");
      }
      if (replacement.isEmpty()) {
        throw new ConfigException(PATH + ".promptRewrites.\"" + phrase + "\" must not be empty: a text block "
          + "left empty is refused by the Messages API");
      }
    });
    return new MessagesConfig(betas, rewrites, ConfigReader.bool(m, "dropBillingHeader", PATH, true));
  }
}
