package dev.factoryproxy.sandbox;

import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseStreamEvent;
import dev.factoryproxy.config.Route;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The official SDKs the tests use (Anthropic's and OpenAI's Java SDKs) parse and validate the sandbox's own wire
 * answers, before the proxy translates anything (SB3): Messages, Responses and Chat, JSON and every stream event.
 */
class SandboxSdkParsingTest {
  private static final JsonMapper ANTHROPIC = com.anthropic.core.ObjectMappers.jsonMapper();
  private static final JsonMapper OPENAI = com.openai.core.ObjectMappers.jsonMapper();
  private static Vertx vertx;
  private static Sandbox sandbox;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    sandbox = Sandbox.start(vertx).await();
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  private static HttpResponse<String> call(Route route, JsonObject body) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("authorization", "Bearer " + Sandbox.KEY)
      .add("content-type", "application/json");
    HttpResponse<String> response = Wire.post(sandbox.apiBase() + route.path(), headers, body);
    assertEquals(200, response.statusCode(), response.body());
    return response;
  }

  private static JsonObject schema() {
    return new JsonObject().put("type", "object").put("properties", new JsonObject()
      .put("city", new JsonObject().put("type", "string")));
  }

  private static JsonObject anthropicRequest(String text, boolean stream) {
    return new JsonObject().put("model", "claude-sonnet-4-5-20250929").put("max_tokens", 256).put("stream", stream)
      .put("messages", new JsonArray().add(new JsonObject().put("role", "user").put("content", text)))
      .put("tools", new JsonArray().add(new JsonObject().put("name", "weather").put("input_schema", schema())));
  }

  @Test
  void sb3_anthropicSdkValidatesMessagesAnswers() throws JsonProcessingException {
    Message text = ANTHROPIC.readValue(call(Route.MESSAGES, anthropicRequest("Hello", false)).body(), Message.class)
      .validate();
    assertEquals("Sandbox answer to: Hello", text.content().get(0).asText().text());
    assertEquals(25, text.usage().inputTokens());

    MessageAccumulator accumulator = MessageAccumulator.create();
    String sse = call(Route.MESSAGES, anthropicRequest("sandbox:reasoning sandbox:tool weather?", true)).body();
    for (Map.Entry<String, String> event : Wire.events(sse)) {
      if (event.getKey().equals("ping")) {
        continue; // the SDK's stream reader drops pings before parsing events
      }
      accumulator.accumulate(ANTHROPIC.readValue(event.getValue(), RawMessageStreamEvent.class).validate());
    }
    List<ContentBlock> content = accumulator.message().content();
    assertEquals(MessagesAnswers.SIGNATURE, content.get(0).asThinking().signature());
    assertEquals("weather", content.get(1).asToolUse().name());
    assertEquals(Map.of("city", "sandbox"), content.get(1).asToolUse()._input().convert(Map.class));
    assertEquals("tool_use", accumulator.message().stopReason().orElseThrow().asString());
  }

  private static JsonObject responsesRequest(String text, boolean stream) {
    return new JsonObject().put("model", "gpt-5.4").put("stream", stream).put("input", new JsonArray()
      .add(new JsonObject().put("type", "message").put("role", "user").put("content", new JsonArray()
        .add(new JsonObject().put("type", "input_text").put("text", text)))))
      .put("tools", new JsonArray().add(new JsonObject().put("type", "function").put("name", "weather")
        .put("parameters", schema())));
  }

  @Test
  void sb3_openAiSdkValidatesResponsesAnswers() throws JsonProcessingException {
    // Each output item is validated; the whole object is not, since this SDK also insists on fields the route's
    // objects do not carry (parallel_tool_calls, usage.input_tokens_details.cache_write_tokens, ...), the proxy's
    // own Responses answers included.
    Response response = OPENAI.readValue(call(Route.RESPONSES, responsesRequest("sandbox:reasoning Hi", false))
      .body(), Response.class);
    response.output().forEach(item -> item.validate());
    assertTrue(response.output().get(0).isReasoning());
    assertEquals("Sandbox answer to: sandbox:reasoning Hi", response.output().get(1).asMessage().content().get(0)
      .asOutputText().text());

    List<Map.Entry<String, String>> events = Wire.events(call(Route.RESPONSES,
      responsesRequest("sandbox:tool weather?", true)).body());
    for (Map.Entry<String, String> event : events) {
      ResponseStreamEvent parsed = OPENAI.readValue(event.getValue(), ResponseStreamEvent.class);
      assertEquals(event.getKey(), new JsonObject(event.getValue()).getString("type"));
      if (parsed.isCompleted()) {
        parsed.asCompleted().response().output().forEach(item -> item.validate());
        assertEquals("weather", parsed.asCompleted().response().output().get(0).asFunctionCall().name());
      } else if (!parsed.isCreated() && !parsed.isInProgress()) {
        parsed.validate(); // every event that does not hold the whole object
      }
    }
    assertEquals("response.completed", events.get(events.size() - 1).getKey());
  }

  @Test
  void sb3_openAiSdkValidatesChatAnswers() throws JsonProcessingException {
    JsonObject request = new JsonObject().put("model", "glm-4.6").put("messages", new JsonArray()
      .add(new JsonObject().put("role", "user").put("content", "sandbox:reasoning Hi")));
    ChatCompletion completion = OPENAI.readValue(call(Route.CHAT, request).body(), ChatCompletion.class).validate();
    assertEquals("Sandbox answer to: sandbox:reasoning Hi", completion.choices().get(0).message().content()
      .orElseThrow());

    StringBuilder text = new StringBuilder();
    for (Map.Entry<String, String> event : Wire.events(call(Route.CHAT, request.copy().put("stream", true)).body())) {
      if (!event.getValue().equals("[DONE]")) {
        ChatCompletionChunk chunk = OPENAI.readValue(event.getValue(), ChatCompletionChunk.class).validate();
        chunk.choices().forEach(choice -> choice.delta().content().ifPresent(text::append));
      }
    }
    assertEquals("Sandbox answer to: sandbox:reasoning Hi", text.toString());
  }
}
