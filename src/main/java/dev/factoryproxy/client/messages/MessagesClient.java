package dev.factoryproxy.client.messages;

import dev.factoryproxy.dialect.ClientDialect;
import io.vertx.core.json.JsonObject;

/**
 * Anthropic Messages clients (Claude Code, the Anthropic SDKs) with models on Factory's other routes: Messages
 * request → hub, hub answer and stream → Messages (MR, MS, MT, ME in docs/client-messages.md). Pure: no I/O.
 * Claude models skip the hub: {@link ClaudePassThrough}.
 */
public final class MessagesClient implements ClientDialect {
  public static final String NAME = "messages";
  /** The endpoint the composition root registers this dialect on. */
  public static final String PATH = "/v1/messages";

  private final MessagesSettings settings;

  public MessagesClient(MessagesSettings settings) {
    this.settings = settings;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public HubRequest toChat(JsonObject clientRequest) {
    MessagesRequestReader reader = new MessagesRequestReader(settings.thinkingBudgets());
    JsonObject hub = reader.read(clientRequest);
    JsonObject context = new JsonObject().put("client", NAME).put("model", hub.getString("model"))
      .put("stream", Boolean.TRUE.equals(hub.getValue("stream")));
    return new HubRequest(hub, context, reader.warnings());
  }

  @Override
  public JsonObject fromChat(JsonObject chatCompletion, JsonObject clientContext) {
    return MessagesAnswer.from(chatCompletion, clientContext.getString("model"));
  }

  @Override
  public ClientStream fromChatStream(JsonObject clientContext) {
    return new MessagesStreamWriter(clientContext.getString("model"));
  }

  @Override
  public JsonObject errorBody(int status, JsonObject openAiError) {
    return AnthropicErrors.fromOpenAi(status, openAiError);
  }

  @Override
  public String streamErrorFrame(JsonObject openAiError) {
    return AnthropicErrors.streamFrameFromOpenAi(openAiError);
  }
}
