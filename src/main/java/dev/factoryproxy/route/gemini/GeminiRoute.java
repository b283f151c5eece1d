package dev.factoryproxy.route.gemini;

import dev.factoryproxy.config.ModelInfo;
import dev.factoryproxy.config.Route;
import dev.factoryproxy.dialect.RouteDialect;
import dev.factoryproxy.dialect.StreamTranslation;
import dev.factoryproxy.translate.RequestFields;
import dev.factoryproxy.translate.ResponseContext;
import dev.factoryproxy.translate.TranslatedRequest;
import dev.factoryproxy.translate.UpstreamErrorMapper.MappedError;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The hub → Factory's Gemini generate route ({@code POST /api/llm/g/v1/generate}, {@code model} in the body):
 * docs/route-gemini.md, GR/GS/GT/GE. The route always answers with an SSE stream, so a non-stream client is answered
 * from {@link #mergeStream}'s result through {@link #toChat}. Pure: no I/O.
 */
public final class GeminiRoute implements RouteDialect {
  private final String droidPrompt;

  /** @param droidPrompt the configured Droid prompt, sent as the first {@code systemInstruction} part */
  public GeminiRoute(String droidPrompt) {
    this.droidPrompt = droidPrompt;
  }

  @Override
  public Route route() {
    return Route.GEMINI;
  }

  /** GR1: the route streams whatever the request says: the caller must read an SSE body for every request. */
  @Override
  public boolean alwaysStreams() {
    return true;
  }

  /**
   * GS7, GS8: a whole stream → one answer ({@link #mergeStream}); null when it ended before a finish reason (or a
   * blocked prompt's reason) and carried no error chunk: a truncated stream is no answer.
   */
  @Override
  public JsonObject assembleStream(List<JsonObject> events) {
    JsonObject merged = mergeStream(events);
    if (merged.getValue("error") != null) {
      return merged;
    }
    return GeminiAnswers.nativeFinishReason(merged, GeminiAnswers.firstCandidate(merged)) == null ? null : merged;
  }

  /** GE4 for a non-stream client: an error chunk in the merged stream stands for its status. */
  @Override
  public int answerErrorStatus(JsonObject answer) {
    return answer.getValue("error") != null ? GeminiErrors.openingStatus(answer) : 0;
  }

  @Override
  public TranslatedRequest fromChat(JsonObject chatRequest, ModelInfo model, long createdEpochSeconds) {
    if (chatRequest == null) {
      throw RequestFields.invalid(null, "the request body must be a JSON object");
    }
    String clientModel = RequestFields.requiredString(chatRequest, "model", "");
    GeminiRequest.Built built = new GeminiRequest(droidPrompt).build(chatRequest, model);
    JsonObject options = RequestFields.object(chatRequest, "stream_options", "");
    boolean includeUsage = options != null && RequestFields.isTrue(options, "include_usage", "stream_options");
    ResponseContext ctx = new ResponseContext(clientModel, RequestFields.isTrue(chatRequest, "stream", ""),
      includeUsage, createdEpochSeconds, false, null, Map.of(), new JsonObject().put("alwaysStreams", true));
    return new TranslatedRequest(built.body(), ctx, Map.of(), built.warnings());
  }

  /** GR15: {@code x-api-provider} from the model table and the CLI's marker; its Gemini client sends no SDK headers. */
  @Override
  public Map<String, String> identityHeaders(ModelInfo model) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("x-api-provider", model.provider());
    headers.put("x-factory-client", "cli");
    return headers;
  }

  /** GS1–GS6: one complete answer (for this route: {@link #mergeStream} of its chunks) → a chat.completion. */
  @Override
  public JsonObject toChat(JsonObject answer, ResponseContext ctx) {
    return GeminiAnswers.toChat(answer, ctx);
  }

  /** GS7: the chunks of one complete stream → one answer for {@link #toChat}. */
  public static JsonObject mergeStream(List<JsonObject> chunks) {
    return GeminiStreamMerger.merge(chunks);
  }

  @Override
  public StreamTranslation toChatStream(ResponseContext ctx) {
    return new GeminiStream(ctx);
  }

  @Override
  public int openingErrorStatus(String event, JsonObject data) {
    return GeminiErrors.openingStatus(data);
  }

  @Override
  public MappedError error(int status, String body, Map<String, String> headers, boolean passThrough529) {
    return GeminiErrors.map(status, body, headers, passThrough529);
  }
}
