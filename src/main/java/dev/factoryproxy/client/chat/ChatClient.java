package dev.factoryproxy.client.chat;

import dev.factoryproxy.dialect.ClientDialect;
import dev.factoryproxy.translate.OpenAiErrors;
import dev.factoryproxy.translate.SseFrames;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * OpenAI Chat Completions clients ({@code POST /v1/chat/completions}). Their requests, answers and streams are the
 * hub form itself, so every method is the identity; pipelines see {@link #isHub()} and skip this stage.
 */
public final class ChatClient implements ClientDialect {
  public static final String NAME = "chat";
  public static final String PATH = "/v1/chat/completions";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean isHub() {
    return true;
  }

  @Override
  public HubRequest toChat(JsonObject clientRequest) {
    return new HubRequest(clientRequest, new JsonObject(), List.of());
  }

  @Override
  public JsonObject fromChat(JsonObject chatCompletion, JsonObject clientContext) {
    return chatCompletion;
  }

  @Override
  public ClientStream fromChatStream(JsonObject clientContext) {
    return new ClientStream() {
      @Override
      public String onChunk(JsonObject chatChunk) {
        return SseFrames.data(chatChunk.encode());
      }

      @Override
      public String onDone() {
        return SseFrames.DONE;
      }

      @Override
      public String onError(JsonObject openAiError) {
        return OpenAiErrors.streamFrame(openAiError);
      }
    };
  }

  @Override
  public JsonObject errorBody(int status, JsonObject openAiError) {
    return openAiError;
  }

  @Override
  public String streamErrorFrame(JsonObject openAiError) {
    return OpenAiErrors.streamFrame(openAiError);
  }
}
