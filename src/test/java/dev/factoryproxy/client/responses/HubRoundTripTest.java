package dev.factoryproxy.client.responses;

import dev.factoryproxy.config.ModelInfo;
import dev.factoryproxy.config.Route;
import dev.factoryproxy.dialect.ClientDialect.ClientStream;
import dev.factoryproxy.dialect.ClientDialect.HubRequest;
import dev.factoryproxy.route.chat.CoreChatRoute;
import dev.factoryproxy.route.gemini.GeminiRoute;
import dev.factoryproxy.translate.RequestTranslator;
import dev.factoryproxy.translate.ResponseContext;
import dev.factoryproxy.translate.StreamTranslator;
import dev.factoryproxy.translate.TestSettings;
import dev.factoryproxy.translate.TranslatedRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hub requests this dialect makes are ones the hub's routes accept, and a real Messages stream rendered through
 * the Chat → Messages stream translator comes out as the Responses events Codex reads.
 */
class HubRoundTripTest {
  private final ResponsesClient client = new ResponsesClient();

  private static JsonObject codexFor(String model) {
    return CodexFixture.firstRequest().put("model", model);
  }

  @Test
  void xr3_xr9_codexFirstRequestIsAcceptedByTheMessagesRoute() {
    HubRequest hub = client.toChat(codexFor(TestSettings.SONNET));
    TranslatedRequest messages = new RequestTranslator(TestSettings.defaults()).translate(hub.chatRequest(), 1L);
    JsonArray system = messages.body().getJsonArray("system");
    assertEquals(TestSettings.DROID_PROMPT, system.getJsonObject(0).getString("text"));
    assertTrue(system.getJsonObject(1).getString("text").startsWith("You are a coding agent running in the Codex"));
    List<String> tools = messages.body().getJsonArray("tools").stream()
      .map(t -> ((JsonObject) t).getString("name")).toList();
    assertTrue(tools.contains("multi_agent_v1__spawn_agent"), tools.toString());
    assertEquals(12, tools.size());
    assertEquals(true, messages.body().getBoolean("stream"));
  }

  @Test
  void xr3_codexFirstRequestIsAcceptedByTheChatAndGeminiRoutes() {
    ModelInfo glm = new ModelInfo("glm-5", "zai", 32000, false, false, false, false, false, Route.CHAT, "fireworks");
    TranslatedRequest chat = new CoreChatRoute(TestSettings.DROID_PROMPT)
      .fromChat(client.toChat(codexFor("glm-5")).chatRequest(), glm, 1L);
    assertEquals("system", chat.body().getJsonArray("messages").getJsonObject(0).getString("role"));
    ModelInfo gemini = new ModelInfo("gemini-3.1-pro-preview", "google", 64000, false, false, false, false, false,
      Route.GEMINI, "google");
    TranslatedRequest generate = new GeminiRoute(TestSettings.DROID_PROMPT)
      .fromChat(client.toChat(codexFor("gemini-3.1-pro-preview")).chatRequest(), gemini, 1L);
    assertTrue(generate.body().containsKey("contents"));
  }

  @Test
  void xr5_xr7_toolLoopWithReplayedReasoningKeepsTheSignatureFirst() {
    JsonArray input = new JsonArray()
      .add(new JsonObject().put("role", "user").put("content", "list files"))
      .add(new JsonObject().put("type", "reasoning").put("summary", new JsonArray()
        .add(new JsonObject().put("type", "summary_text").put("text", "Use ls.")))
        .put("encrypted_content", "fpx.thinking.SIG1"))
      .add(new JsonObject().put("type", "function_call").put("call_id", "toolu_1").put("name", "exec_command")
        .put("arguments", "{\"cmd\":\"ls\"}"))
      .add(new JsonObject().put("type", "function_call_output").put("call_id", "toolu_1").put("output", "a.txt"));
    JsonObject request = new JsonObject().put("model", TestSettings.OPUS).put("input", input)
      .put("reasoning", new JsonObject().put("effort", "high"))
      .put("tools", new JsonArray().add(new JsonObject().put("type", "function").put("name", "exec_command")
        .put("parameters", new JsonObject().put("type", "object"))));
    TranslatedRequest messages = new RequestTranslator(TestSettings.defaults())
      .translate(client.toChat(request).chatRequest(), 1L);
    JsonArray assistant = messages.body().getJsonArray("messages").getJsonObject(1).getJsonArray("content");
    assertEquals(new JsonObject().put("type", "thinking").put("thinking", "Use ls.").put("signature", "SIG1"),
      assistant.getJsonObject(0));
    assertEquals("tool_use", assistant.getJsonObject(1).getString("type"));
    assertEquals("toolu_1", assistant.getJsonObject(1).getString("id"));
  }

  @Test
  void xt4_xt5_anthropicStreamThroughTheHubBecomesResponsesEvents() {
    String[][] anthropic = {
      {"message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_01\",\"type\":\"message\","
        + "\"role\":\"assistant\",\"content\":[],\"model\":\"claude-opus-4-6\",\"stop_reason\":null,"
        + "\"usage\":{\"input_tokens\":12,\"output_tokens\":1}}}"},
      {"content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":"
        + "\"thinking\",\"thinking\":\"\"}}"},
      {"content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"thinking_delta\","
        + "\"thinking\":\"Use ls.\"}}"},
      {"content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":"
        + "\"signature_delta\",\"signature\":\"SIG1\"}}"},
      {"content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"},
      {"content_block_start", "{\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":"
        + "\"tool_use\",\"id\":\"toolu_1\",\"name\":\"exec_command\",\"input\":{}}}"},
      {"content_block_delta", "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":"
        + "\"input_json_delta\",\"partial_json\":\"{\\\"cmd\\\":\"}}"},
      {"content_block_delta", "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":"
        + "\"input_json_delta\",\"partial_json\":\"\\\"ls\\\"}\"}}"},
      {"content_block_stop", "{\"type\":\"content_block_stop\",\"index\":1}"},
      {"message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\"},"
        + "\"usage\":{\"output_tokens\":20}}"},
      {"message_stop", "{\"type\":\"message_stop\"}"}};
    StreamTranslator hub = new StreamTranslator(new ResponseContext(TestSettings.OPUS, true, true, 1700000000L,
      false, null, Map.of()));
    HubRequest request = client.toChat(new JsonObject().put("model", TestSettings.OPUS).put("input", "list")
      .put("stream", true));
    ClientStream out = client.fromChatStream(request.clientContext());
    StringBuilder sse = new StringBuilder();
    for (String[] event : anthropic) {
      feed(hub.onEvent(event[0], new JsonObject(event[1])), out, sse);
    }
    feed(hub.onUpstreamEnd(), out, sse);
    List<JsonObject> events = ResponsesStreamTest.events(sse.toString());
    assertEquals(List.of("response.created", "response.in_progress", "response.output_item.added",
      "response.reasoning_summary_part.added", "response.reasoning_summary_text.delta",
      "response.reasoning_summary_text.done", "response.reasoning_summary_part.done", "response.output_item.done",
      "response.output_item.added", "response.function_call_arguments.delta",
      "response.function_call_arguments.delta", "response.function_call_arguments.done",
      "response.output_item.done", "response.completed"), ResponsesStreamTest.types(events));
    ResponsesStreamTest.assertSequenceRises(events);
    JsonObject completed = events.get(events.size() - 1).getJsonObject("response");
    JsonArray output = completed.getJsonArray("output");
    assertEquals("fpx.thinking.SIG1", output.getJsonObject(0).getString("encrypted_content"));
    assertEquals("{\"cmd\":\"ls\"}", output.getJsonObject(1).getString("arguments"));
    assertEquals("toolu_1", output.getJsonObject(1).getString("call_id"));
    assertEquals(12L, completed.getJsonObject("usage").getLong("input_tokens"));
    assertEquals(20L, completed.getJsonObject("usage").getLong("output_tokens"));
  }

  /** Hub SSE text → chunks → this dialect's frames, as the wiring does it. */
  private static void feed(String hubSse, ClientStream out, StringBuilder sse) {
    for (String frame : hubSse.split("\n\n")) {
      if (!frame.startsWith("data: ")) {
        continue;
      }
      String data = frame.substring("data: ".length());
      sse.append("[DONE]".equals(data) ? out.onDone() : out.onChunk(new JsonObject(data)));
    }
  }
}
