package dev.factoryproxy.route.chat;

import dev.factoryproxy.translate.OpenAiErrors;
import dev.factoryproxy.translate.UpstreamErrorMapper;
import dev.factoryproxy.translate.UpstreamErrorMapper.MappedError;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.util.Map;

/** The Chat route's errors (CE1–CE4): OpenAI-shaped already, so message, type, param and code are kept. */
final class CoreChatErrors {
  private CoreChatErrors() {
  }

  /**
   * CE1: status and headers as on every route (E2–E5: 529 → 503, retry headers, never a 2xx); the body's own
   * {@code type}, {@code param} and {@code code} when it is OpenAI-shaped. CE2: Factory's 402 {@code detail} and
   * any other shape go through the shared mapper.
   */
  static MappedError map(int status, String body, Map<String, String> headers, boolean passThrough529) {
    MappedError shared = UpstreamErrorMapper.map(status, body, headers, passThrough529);
    JsonObject error = openAiError(body);
    if (error == null || !(error.getValue("message") instanceof String message)) {
      return shared;
    }
    JsonObject mapped = shared.body().getJsonObject("error");
    String type = error.getValue("type") instanceof String t ? t : mapped.getString("type");
    Object code = error.getValue("code") instanceof String c ? c : mapped.getValue("code");
    Object param = error.getValue("param") instanceof String p ? p : null;
    JsonObject out = OpenAiErrors.body(message, type, (String) param, (String) code);
    return new MappedError(shared.status(), out, shared.headers());
  }

  /** CT7: an error chunk mid-stream ({@code {"error":{…}}} or {@code {"error":"…"}}) → the T12 error body. */
  static JsonObject streamError(JsonObject data) {
    Object error = data.getValue("error");
    if (error instanceof JsonObject e) {
      String message = e.getValue("message") instanceof String m ? m : "Upstream error";
      String type = e.getValue("type") instanceof String t ? t : "api_error";
      String code = e.getValue("code") instanceof String c ? c : UpstreamErrorMapper.codeFor(type, 200, message);
      return OpenAiErrors.body(message, type, null, code);
    }
    return OpenAiErrors.body(String.valueOf(error), "api_error", null, null);
  }

  /** CE3: an error chunk before any answer stands for its HTTP status (its numeric code, or its type's). */
  static int openingStatus(JsonObject data) {
    if (data == null || data.getValue("error") == null) {
      return 0;
    }
    if (data.getValue("error") instanceof JsonObject e) {
      if (e.getValue("code") instanceof Number n && n.intValue() >= 400 && n.intValue() < 600) {
        return n.intValue();
      }
      if (e.getValue("type") instanceof String type) {
        return UpstreamErrorMapper.statusForType(type);
      }
    }
    return 500;
  }

  private static JsonObject openAiError(String body) {
    if (body == null || !body.strip().startsWith("{")) {
      return null;
    }
    try {
      return new JsonObject(body).getValue("error") instanceof JsonObject e ? e : null;
    } catch (DecodeException notJson) {
      return null;
    }
  }
}
