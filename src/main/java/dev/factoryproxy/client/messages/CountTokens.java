package dev.factoryproxy.client.messages;

import dev.factoryproxy.config.Route;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * {@code POST /v1/messages/count_tokens} (MC1-MC3). Claude Code's context management breaks without an answer
 * (LiteLLM #13252), so when Factory's count route refuses, the proxy answers an estimate and says so.
 */
public final class CountTokens {
  /** Factory's count route, beside its Messages route (factory-upstream.md). */
  public static final String FACTORY_PATH = Route.MESSAGES.path() + "/count_tokens";
  /** The client endpoint (Claude Code adds {@code ?beta=true}). */
  public static final String PATH = MessagesClient.PATH + "/count_tokens";
  /** What the count route adds to the Messages route's URL ({@code upstream.url}). */
  public static final String UPSTREAM_SUFFIX = "/count_tokens";
  /** The warning that goes with an estimate ({@code x-proxy-warning}). */
  public static final String ESTIMATE_WARNING =
    "input_tokens is the proxy's estimate: Factory's count_tokens route did not answer";
  /** The warning with an estimate for a model on another route, which has no count route. */
  public static final String NO_COUNT_ROUTE_WARNING =
    "input_tokens is the proxy's estimate: Factory counts tokens for Claude models only";
  /** The fields Anthropic's count_tokens takes; the rest of a Messages body (max_tokens, stream...) it rejects. */
  private static final Set<String> COUNTABLE = Set.of("model", "messages", "system", "tools", "tool_choice",
    "thinking", "context_management", "mcp_servers", "output_config");
  /** Characters per token for the estimate: on the low side, so the count errs high (LiteLLM #37102 understated). */
  private static final int CHARS_PER_TOKEN = 3;
  /** What one image or document is counted as: Anthropic's figure for a ~1.15 megapixel image. */
  private static final int MEDIA_TOKENS = 1600;

  private CountTokens() {
  }

  /** MC1: the client's body with only the fields count_tokens takes. */
  static JsonObject countableBody(JsonObject request) {
    JsonObject body = new JsonObject();
    request.forEach(field -> {
      if (COUNTABLE.contains(field.getKey())) {
        body.put(field.getKey(), field.getValue() instanceof JsonObject o ? o.copy()
          : field.getValue() instanceof JsonArray a ? a.copy() : field.getValue());
      }
    });
    return body;
  }

  /** MC2: Factory's answer, cut to the one field the API documents. */
  public static JsonObject answer(JsonObject factoryAnswer) {
    Object tokens = factoryAnswer == null ? null : factoryAnswer.getValue("input_tokens");
    if (!(tokens instanceof Number n)) {
      throw new IllegalArgumentException("count_tokens answer without input_tokens");
    }
    return new JsonObject().put("input_tokens", n.longValue());
  }

  /**
   * MC3 for a model without a count route: the request checked as count_tokens checks it (a 400 naming the
   * field), then estimated.
   */
  public static JsonObject estimateChecked(JsonObject request) {
    if (request == null) {
      throw dev.factoryproxy.translate.RequestFields.invalid(null, "The request body must be a JSON object");
    }
    JsonObject body = countableBody(request);
    ClaudePassThrough.requireConversation(body);
    return estimate(body);
  }

  /**
   * MC3: an estimate from the text the model would read (system, messages, tool definitions): a token per three
   * UTF-8 bytes, rounded up, plus a fixed count per image or document instead of its base64 data.
   */
  public static JsonObject estimate(JsonObject request) {
    long[] bytesAndMedia = new long[2];
    measure(request.getValue("system"), bytesAndMedia);
    measure(request.getValue("messages"), bytesAndMedia);
    measure(request.getValue("tools"), bytesAndMedia);
    long tokens = (bytesAndMedia[0] + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN + bytesAndMedia[1] * MEDIA_TOKENS;
    return new JsonObject().put("input_tokens", Math.max(1, tokens));
  }

  private static void measure(Object value, long[] bytesAndMedia) {
    if (value instanceof String s) {
      bytesAndMedia[0] += s.getBytes(StandardCharsets.UTF_8).length;
    } else if (value instanceof JsonArray array) {
      array.forEach(item -> measure(item, bytesAndMedia));
    } else if (value instanceof JsonObject object) {
      if (object.getValue("source") instanceof JsonObject source && "base64".equals(source.getValue("type"))) {
        bytesAndMedia[1]++;
        return;
      }
      object.forEach(field -> {
        if (!field.getKey().equals("type") && !field.getKey().equals("cache_control")) {
          bytesAndMedia[0] += field.getKey().length();
          measure(field.getValue(), bytesAndMedia);
        }
      });
    }
  }
}
