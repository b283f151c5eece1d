package dev.factoryproxy.client.responses;

import dev.factoryproxy.dialect.ClientDialect;
import io.vertx.core.json.JsonObject;

/**
 * OpenAI Responses clients (Codex CLI, the OpenAI Agents SDK) on a non-Responses route: their request → the hub,
 * the hub's answer and stream → a {@code response} object and the Responses event stream (docs/client-responses.md).
 * A request with {@code previous_response_id} must first be expanded by {@link PreviousResponses}.
 */
public final class ResponsesClient implements ClientDialect {
  public static final String NAME = "responses";
  /** The endpoint the composition root registers this dialect on. */
  public static final String PATH = "/v1/responses";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public HubRequest toChat(JsonObject clientRequest) {
    return new ResponsesRequest(clientRequest).toHub();
  }

  @Override
  public JsonObject fromChat(JsonObject chatCompletion, JsonObject clientContext) {
    return ResponsesAnswer.fromChat(chatCompletion, clientContext);
  }

  @Override
  public ClientStream fromChatStream(JsonObject clientContext) {
    return new ResponsesStreamWriter(clientContext);
  }

  /** XE1: the Responses API answers errors in the same shape as Chat Completions. */
  @Override
  public JsonObject errorBody(int status, JsonObject openAiError) {
    return openAiError;
  }

  /** XE2: a mid-stream error is a {@code response.failed} event, the one Codex and the SDKs read. */
  @Override
  public String streamErrorFrame(JsonObject openAiError) {
    JsonObject skeleton = new JsonObject().put("object", "response").put("status", "failed");
    return ResponsesSse.frame(ResponsesSse.failedEvent(skeleton, openAiError, 0));
  }
}
