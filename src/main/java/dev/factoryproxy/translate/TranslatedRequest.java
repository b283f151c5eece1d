package dev.factoryproxy.translate;

import java.util.List;
import java.util.Map;

import io.vertx.core.json.JsonObject;

/**
 * The result of translating one OpenAI chat-completions request.
 *
 * @param body           the Anthropic Messages request body, ready to send
 * @param context        what the response translation needs
 * @param upstreamHeaders extra headers for the upstream call (e.g. {@code anthropic-beta} when thinking is on)
 * @param warnings       human-readable notes returned to the client as {@code x-proxy-warning} (R15, R21)
 */
public record TranslatedRequest(JsonObject body, ResponseContext context,
                                Map<String, String> upstreamHeaders, List<String> warnings) {
}
