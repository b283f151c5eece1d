package dev.factoryproxy.client.messages;

import dev.factoryproxy.translate.UpstreamErrorMapper;
import dev.factoryproxy.translate.UpstreamErrorMapper.MappedError;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Errors in Anthropic's shape, {@code {"type":"error","error":{"type","message"}}}, for HTTP answers and for the
 * mid-stream {@code event: error} frame (ME1-ME4). The Anthropic SDKs pick their exception class by status and
 * Claude Code shows {@code error.message}, so both must be right.
 */
public final class AnthropicErrors {
  private AnthropicErrors() {
  }

  /** ME2: the type Anthropic's API uses for each status. */
  public static String typeForStatus(int status) {
    return switch (status) {
      case 400 -> "invalid_request_error";
      case 401 -> "authentication_error";
      case 402 -> "billing_error";
      case 403 -> "permission_error";
      case 404 -> "not_found_error";
      case 413 -> "request_too_large";
      case 429 -> "rate_limit_error";
      case 504 -> "timeout_error";
      case 529 -> "overloaded_error";
      default -> "api_error";
    };
  }

  public static JsonObject body(String type, String message) {
    return new JsonObject().put("type", "error")
      .put("error", new JsonObject().put("type", type).put("message", message));
  }

  /** ME3: {@code event: error} with the body as data, the way Anthropic ends a failed stream. */
  public static String streamFrame(String type, String message) {
    return "event: error\ndata: " + body(type, message).encode() + "\n\n";
  }

  /**
   * ME1: an OpenAI-shaped hub error → Anthropic's body. The hub keeps an Anthropic type verbatim; other types
   * (OpenAI's, {@code insufficient_quota}) are replaced by the status's type, so the SDKs' error classes match.
   */
  public static JsonObject fromOpenAi(int status, JsonObject openAiError) {
    JsonObject error = openAiError == null ? null : openAiError.getJsonObject("error");
    String message = error == null ? null : error.getString("message");
    String type = error == null ? null : error.getString("type");
    return body(anthropicType(type, status), message == null || message.isEmpty() ? "Error" : message);
  }

  /** The same for a stream: status unknown, so the type alone decides. */
  public static String streamFrameFromOpenAi(JsonObject openAiError) {
    JsonObject error = openAiError == null ? new JsonObject() : openAiError.getJsonObject("error", new JsonObject());
    String type = error.getString("type");
    String message = error.getString("message", "Upstream error");
    return streamFrame(anthropicType(type, UpstreamErrorMapper.statusForType(type)), message);
  }

  /**
   * ME4: Factory's error answer for a pass-through. Its own Anthropic body keeps its type and message; Factory's
   * 402 ({@code detail}) becomes {@code billing_error} with the detail as the message; non-JSON bodies (Cloudflare's
   * HTML) an {@code api_error} with the text cut to 1 KB. The status is kept, 529 included (Anthropic's clients
   * know it and retry it), and rate-limit and retry headers pass through. A body that names no type gets the
   * status's type.
   */
  public static MappedError fromRoute(int status, String body, Map<String, String> headers) {
    MappedError openAi = UpstreamErrorMapper.map(status, body, headers, true);
    Map<String, String> out = new LinkedHashMap<>(openAi.headers());
    JsonObject anthropic = fromOpenAi(openAi.status(), openAi.body());
    JsonObject error = anthropic.getJsonObject("error");
    if ("api_error".equals(error.getString("type"))) {
      error.put("type", typeForStatus(openAi.status())); // a body without a type: Cloudflare's HTML 413
    }
    return new MappedError(openAi.status(), anthropic, out);
  }

  /**
   * ME1: OpenAI's generic types ({@code invalid_request_error}, {@code api_error}) on a status Anthropic gives a
   * type of its own (413 {@code request_too_large}, 404, 429, ...) become that type, as the SDKs expect it.
   */
  private static String anthropicType(String type, int status) {
    if (type == null || type.equals("insufficient_quota") || !isAnthropicType(type)) {
      return typeForStatus(status);
    }
    if ((type.equals("invalid_request_error") || type.equals("api_error")) && status != 400 && status != 0) {
      return typeForStatus(status);
    }
    return type;
  }

  private static boolean isAnthropicType(String type) {
    return switch (type) {
      case "invalid_request_error", "authentication_error", "billing_error", "permission_error", "not_found_error",
        "request_too_large", "rate_limit_error", "api_error", "timeout_error", "overloaded_error" -> true;
      default -> false;
    };
  }
}
