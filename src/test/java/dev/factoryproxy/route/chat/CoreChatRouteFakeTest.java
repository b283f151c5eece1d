package dev.factoryproxy.route.chat;

import dev.factoryproxy.dialect.StreamTranslation;
import dev.factoryproxy.testing.FakeCoreChatRoute;
import dev.factoryproxy.testing.RouteCalls;
import dev.factoryproxy.testing.RouteCalls.Answer;
import dev.factoryproxy.translate.TranslatedRequest;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.factoryproxy.route.chat.CoreChatRouteTest.DROID;
import static dev.factoryproxy.route.chat.CoreChatRouteTest.GLM;
import static dev.factoryproxy.route.chat.CoreChatRouteTest.KIMI;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The strict fake accepts what {@link CoreChatRoute} sends for representative requests and refuses known-bad ones. */
class CoreChatRouteFakeTest {
  private static final CoreChatRoute ROUTE = new CoreChatRoute(DROID);
  private static Vertx vertx;
  private static FakeCoreChatRoute fake;
  private static RouteCalls calls;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    fake = FakeCoreChatRoute.start(vertx).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    fake.expectProvider("kimi-k2.5", "baseten");
    calls = new RouteCalls(vertx);
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  private static final String TOOL_LOOP = """
    {"model":"kimi-k2.5","stream":%s,"temperature":0.6,"top_p":0.9,"reasoning_effort":"high",
     "messages":[{"role":"developer","content":"Be brief."},{"role":"user","content":[{"type":"text","text":"Weather?"},
      {"type":"image_url","image_url":{"url":"data:image/png;base64,AAAA"}}]},
     {"role":"assistant","content":null,"reasoning_content":"Tool.","thinking_blocks":[],
      "tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":""}}]},
     {"role":"tool","tool_call_id":"call_1","content":"sunny"}],
     "tools":[{"type":"function","function":{"name":"get_weather","strict":true,
      "parameters":{"$schema":"x","type":"object","properties":{"city":{"type":"string"}}}}}],
     "tool_choice":"auto","logprobs":true,"store":false}""";

  @Test
  void theFakeAcceptsAToolLoopAsTheRouteSendsItAndTheAnswerMapsBack() throws Exception {
    TranslatedRequest request = ROUTE.fromChat(new JsonObject(TOOL_LOOP.formatted("false")), KIMI, 1L);
    fake.enqueue(FakeCoreChatRoute.message(new JsonObject("""
      {"role":"assistant","content":"Sunny in Paris.","reasoning":"Read the tool."}"""), "stop"));
    Answer answer = calls.post(fake.url(), ROUTE.identityHeaders(KIMI), request.body());
    assertEquals(200, answer.status(), answer.body());
    JsonObject message = ROUTE.toChat(answer.json(), request.context()).getJsonArray("choices").getJsonObject(0)
      .getJsonObject("message");
    assertEquals(new JsonObject("""
      {"role":"assistant","content":"Sunny in Paris.","reasoning_content":"Read the tool."}"""), message);
  }

  @Test
  void theFakesStreamTranslatesToHubChunksEndingWithDone() throws Exception {
    TranslatedRequest request = ROUTE.fromChat(new JsonObject(TOOL_LOOP.formatted("true")), KIMI, 1L);
    fake.enqueue(FakeCoreChatRoute.message(new JsonObject("""
      {"role":"assistant","content":"","tool_calls":[{"id":"t2","type":"function",
       "function":{"name":"get_weather","arguments":"{\\"city\\":\\"Rome\\"}"}}]}"""), "tool_calls"));
    Answer answer = calls.post(fake.url(), ROUTE.identityHeaders(KIMI), request.body());
    assertEquals(200, answer.status(), answer.body());
    StreamTranslation stream = ROUTE.toChatStream(request.context());
    StringBuilder out = new StringBuilder();
    answer.dataLines().forEach(data -> out.append(stream.onRawEvent(null, data)));
    out.append(stream.onUpstreamEnd());
    assertTrue(out.toString().endsWith("data: [DONE]\n\n"), out.toString());
    assertTrue(out.toString().contains("\"name\":\"get_weather\""), out.toString());
    assertEquals("tool_calls", stream.finishReason());
    assertEquals(25, stream.usage().getInteger("total_tokens"));
  }

  @Test
  void theFakeRefusesAToolTurnWithNullContent() throws Exception {
    JsonObject body = ROUTE.fromChat(new JsonObject(TOOL_LOOP.formatted("false")), KIMI, 1L).body();
    body.getJsonArray("messages").getJsonObject(3).putNull("content");
    Answer answer = calls.post(fake.url(), ROUTE.identityHeaders(KIMI), body);
    assertEquals(400, answer.status());
    assertTrue(answer.body().contains("must be a string beside tool_calls"), answer.body());
  }

  @Test
  void theFakeRefusesKimiToolResultsWithoutName() throws Exception {
    JsonObject body = ROUTE.fromChat(new JsonObject(TOOL_LOOP.formatted("false")), KIMI, 1L).body();
    body.getJsonArray("messages").getJsonObject(4).remove("name");
    assertEquals(400, calls.post(fake.url(), ROUTE.identityHeaders(KIMI), body).status());
  }

  @Test
  void theFakeRefusesAMissingDroidPromptWith403() throws Exception {
    JsonObject body = ROUTE.fromChat(new JsonObject(TOOL_LOOP.formatted("false")), KIMI, 1L).body();
    body.getJsonArray("messages").remove(0);
    assertEquals(403, calls.post(fake.url(), ROUTE.identityHeaders(KIMI), body).status());
  }

  @Test
  void theFakeRefusesTheWrongProviderExtraFieldsAndAnUnknownKey() throws Exception {
    JsonObject body = ROUTE.fromChat(new JsonObject("""
      {"model":"glm-5","messages":[{"role":"user","content":"Hi"}]}"""), GLM, 1L).body();
    assertEquals(200, calls.post(fake.url(), ROUTE.identityHeaders(GLM), body).status());
    assertEquals(400, calls.post(fake.url(), ROUTE.identityHeaders(KIMI), body).status());
    assertEquals(400, calls.post(fake.url(), ROUTE.identityHeaders(GLM), body.copy().put("store", false)).status());
    Map<String, String> wrongKey = new java.util.HashMap<>(ROUTE.identityHeaders(GLM));
    wrongKey.put("authorization", "Bearer fk-test-0000");
    assertEquals(401, calls.post(fake.url(), wrongKey, body).status());
  }

  @Test
  void theRouteMapsTheFakesErrorBack() throws Exception {
    JsonObject body = ROUTE.fromChat(new JsonObject("""
      {"model":"glm-5","messages":[{"role":"user","content":"Hi"}]}"""), GLM, 1L).body().put("top_k", 3);
    Answer answer = calls.post(fake.url(), ROUTE.identityHeaders(GLM), body);
    JsonObject error = ROUTE.error(answer.status(), answer.body(), Map.of(), false).body().getJsonObject("error");
    assertEquals("top_k: Extra inputs are not permitted", error.getString("message"));
    assertEquals("invalid_request_error", error.getString("type"));
  }
}
