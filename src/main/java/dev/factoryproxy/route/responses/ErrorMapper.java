package dev.factoryproxy.route.responses;

import dev.factoryproxy.translate.OpenAiErrors;
import dev.factoryproxy.translate.UpstreamErrorMapper;
import dev.factoryproxy.translate.UpstreamErrorMapper.MappedError;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Factory's Responses-route errors → the OpenAI-shaped error the hub works with (OE1–OE3). The status rules,
 * Factory's 402, non-JSON bodies and the retry headers are the Messages route's ({@link UpstreamErrorMapper});
 * what differs is that this route answers in OpenAI's own shape, whose {@code param} and {@code code} are kept.
 */
final class ErrorMapper {
  private static final String OPENAI_RATELIMIT = "x-ratelimit-";

  private ErrorMapper() {
  }

  static MappedError map(int status, String body, Map<String, String> headers, boolean passThrough529) {
    MappedError base = UpstreamErrorMapper.map(status, body, headers, passThrough529);
    Map<String, String> out = new LinkedHashMap<>(base.headers());
    headers.forEach((name, value) -> {
      if (name.startsWith(OPENAI_RATELIMIT) || name.equals("x-request-id")) {
        out.put(name, value); // OE3: OpenAI's own rate-limit headers reach the client as they are
      }
    });
    JsonObject openAi = openAiError(body);
    JsonObject mapped = openAi == null ? base.body() : fromOpenAi(openAi, base.body().getJsonObject("error"));
    return new MappedError(base.status(), mapped, Collections.unmodifiableMap(out));
  }

  /** OE1: {@code {"error":{message,type,param,code}}} without Anthropic's {@code "type":"error"} envelope. */
  private static JsonObject openAiError(String body) {
    if (body == null || body.isBlank()) {
      return null;
    }
    try {
      JsonObject json = new JsonObject(body);
      return json.getValue("error") instanceof JsonObject error && !"error".equals(json.getValue("type"))
        ? error : null;
    } catch (DecodeException | ClassCastException notAnObject) {
      return null;
    }
  }

  /** OE1: OpenAI's fields kept; a missing type or code takes what the status stands for. */
  private static JsonObject fromOpenAi(JsonObject error, JsonObject fallback) {
    String message = error.getValue("message") instanceof String m && !m.isEmpty() ? m : fallback.getString("message");
    String type = error.getValue("type") instanceof String t && !t.isEmpty() ? t : fallback.getString("type");
    String param = error.getValue("param") instanceof String p ? p : null;
    String code = error.getValue("code") instanceof String c ? c
      : error.getValue("code") instanceof Number n ? n.toString() : fallback.getString("code");
    return OpenAiErrors.body(message, type, param, code);
  }
}
