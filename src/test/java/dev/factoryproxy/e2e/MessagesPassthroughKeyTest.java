package dev.factoryproxy.e2e;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.errors.UnauthorizedException;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCountTokensParams;
import com.anthropic.models.messages.MessageCreateParams;
import dev.factoryproxy.testing.FakeFactory;
import dev.factoryproxy.testing.ProxyClient;
import dev.factoryproxy.testing.ProxyUnderTest;
import dev.factoryproxy.testing.Reply;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Passthrough mode (no keys configured) for Anthropic clients: the key they send as {@code x-api-key}, as Claude
 * Code and the Anthropic SDKs do, is their Factory credential on the Messages and count_tokens calls; a key Factory
 * refuses is the client's own {@code authentication_error}.
 */
class MessagesPassthroughKeyTest {
  private static final String OWN_KEY = "fk-client-own-test-key";
  private static Vertx vertx;
  private static FakeFactory fake;
  private static String base;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    fake = FakeFactory.start(vertx).await().expectKey(OWN_KEY);
    int port = ProxyUnderTest.freePort();
    JsonObject config = ProxyUnderTest.config(fake.url(), port);
    config.getJsonObject("upstream").put("factoryApiKeys", new JsonArray());
    config.getJsonObject("auth").put("proxyApiKeys", new JsonArray());
    base = ProxyUnderTest.start(vertx, config).await();
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  private static AnthropicClient sdk(String key) {
    return AnthropicOkHttpClient.builder().baseUrl(base).apiKey(key).maxRetries(0).build();
  }

  @Test
  void me2_theXApiKeyIsTheFactoryCredentialAndAWrongOneIsTheClientsAuthenticationError() {
    fake.enqueue(Reply.text("Hello with your own key"));
    AnthropicClient own = sdk(OWN_KEY);
    Message answer = own.messages().create(MessageCreateParams.builder().model(ProxyClient.MODEL).maxTokens(64)
      .addUserMessage("Hi").build());
    assertEquals("Hello with your own key", answer.content().get(0).asText().text());
    assertEquals(4242, own.messages().countTokens(MessageCountTokensParams.builder().model(ProxyClient.MODEL)
      .addUserMessage("Hi").build()).inputTokens());
    UnauthorizedException refused = assertThrows(UnauthorizedException.class, () -> sdk("fk-wrong-own-test-key")
      .messages().create(MessageCreateParams.builder().model(ProxyClient.MODEL).maxTokens(64).addUserMessage("Hi")
        .build()));
    assertEquals("authentication_error", refused.type().orElseThrow().asString());
    assertEquals(List.of(OWN_KEY, OWN_KEY, "fk-wrong-own-test-key"), fake.keysUsed());
  }
}
