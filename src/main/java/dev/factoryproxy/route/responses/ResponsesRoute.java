package dev.factoryproxy.route.responses;

import dev.factoryproxy.config.ModelInfo;
import dev.factoryproxy.config.Route;
import dev.factoryproxy.config.TranslationSettings;
import dev.factoryproxy.dialect.RouteDialect;
import dev.factoryproxy.dialect.StreamTranslation;
import dev.factoryproxy.translate.ResponseContext;
import dev.factoryproxy.translate.TranslatedRequest;
import dev.factoryproxy.translate.UpstreamErrorMapper.MappedError;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The hub ↔ Factory's Responses route ({@code /api/llm/o/v1/responses}: GPT, Codex, Grok), rules OR, OS, OT, OE
 * in {@code docs/route-responses.md}. Pure: no I/O.
 *
 * <p>{@link #toChat} returns an OpenAI error body ({@code {"error":{...}}}) instead of a chat completion when
 * Factory answered 200 with a {@code failed} response (OE4): callers must not send that as a success.
 */
public final class ResponsesRoute implements RouteDialect {
  /** OR19: the OpenAI Node SDK fingerprint Factory's CLI sends on this route (droid2api's values). */
  static final Map<String, String> SDK_HEADERS = sdkHeaders();

  private final RequestMapper requests;

  public ResponsesRoute(TranslationSettings settings) {
    this(settings.droidPrompt());
  }

  /** @param droidPrompt the text {@code instructions} must begin with (Factory's system-prompt gate) */
  public ResponsesRoute(String droidPrompt) {
    this.requests = new RequestMapper(droidPrompt);
  }

  @Override
  public Route route() {
    return Route.RESPONSES;
  }

  @Override
  public TranslatedRequest fromChat(JsonObject chatRequest, ModelInfo model, long createdEpochSeconds) {
    return requests.translate(chatRequest, model, createdEpochSeconds);
  }

  /** OR19: {@code x-api-provider} from the model table, {@code x-factory-client}, the SDK fingerprint. */
  @Override
  public Map<String, String> identityHeaders(ModelInfo model) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("x-api-provider", model.provider());
    headers.put("x-factory-client", "cli");
    headers.putAll(SDK_HEADERS);
    return headers;
  }

  @Override
  public JsonObject toChat(JsonObject answer, ResponseContext ctx) {
    return AnswerMapper.toChat(answer, ctx);
  }

  /** OE4: a 200 answer whose response {@code failed} (or was cancelled) stands for the status its code does. */
  @Override
  public int answerErrorStatus(JsonObject answer) {
    if (!Outcome.failed(answer)) {
      return 0;
    }
    JsonObject error = answer.getValue("error") instanceof JsonObject e ? e : new JsonObject();
    return Outcome.statusFor(error.getValue("code") instanceof String code ? code : null);
  }

  /**
   * OT11: Factory is always asked to stream, also for a client that wants one answer, so the first event comes at
   * once and the first-byte timeout never cuts a long generation; the answer is the response the terminal event
   * carries ({@code response.completed}, {@code .incomplete} or {@code .failed}, checked by OE4), an {@code error}
   * event a failed response with its error, and a stream without either no answer at all (null: 502).
   */
  @Override
  public boolean alwaysStreams() {
    return true;
  }

  @Override
  public JsonObject streamingRequest(JsonObject body) {
    return Boolean.TRUE.equals(body.getValue("stream")) ? body : body.copy().put("stream", true);
  }

  @Override
  public JsonObject assembleStream(List<JsonObject> events) {
    for (JsonObject event : events) {
      String type = event.getValue("type") instanceof String t ? t : "";
      switch (type) {
        case "response.completed", "response.incomplete", "response.failed" -> {
          return event.getJsonObject("response", new JsonObject());
        }
        case "error" -> {
          JsonObject error = event.getValue("error") instanceof JsonObject e ? e
            : event.copy().put("type", "api_error");
          return new JsonObject().put("status", "failed").put("error", error);
        }
        default -> { }
      }
    }
    return null;
  }

  @Override
  public StreamTranslation toChatStream(ResponseContext ctx) {
    return new ChunkStream(ctx);
  }

  /**
   * OT9: an {@code error} or {@code response.failed} event that comes before any output is answered as an HTTP
   * error with the status its code stands for, so the call can still be retried.
   */
  @Override
  public int openingErrorStatus(String event, JsonObject data) {
    if (data == null) {
      return 0;
    }
    String type = data.getValue("type") instanceof String t ? t : event == null ? "" : event;
    if (type.equals("error")) {
      JsonObject error = data.getValue("error") instanceof JsonObject e ? e : data;
      return Outcome.statusFor(error.getString("code"));
    }
    if (type.equals("response.failed")) {
      JsonObject response = data.getJsonObject("response", new JsonObject());
      JsonObject error = response.getValue("error") instanceof JsonObject e ? e : new JsonObject();
      return Outcome.statusFor(error.getString("code"));
    }
    return 0;
  }

  @Override
  public MappedError error(int status, String body, Map<String, String> headers, boolean passThrough529) {
    return ErrorMapper.map(status, body, headers, passThrough529);
  }

  private static Map<String, String> sdkHeaders() {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("x-stainless-arch", "x64");
    h.put("x-stainless-lang", "js");
    h.put("x-stainless-os", "MacOS");
    h.put("x-stainless-runtime", "node");
    h.put("x-stainless-retry-count", "0");
    h.put("x-stainless-package-version", "5.23.2");
    h.put("x-stainless-runtime-version", "v24.3.0");
    return java.util.Collections.unmodifiableMap(h);
  }
}
