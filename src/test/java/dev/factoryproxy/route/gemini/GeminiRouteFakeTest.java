package dev.factoryproxy.route.gemini;

import dev.factoryproxy.dialect.StreamTranslation;
import dev.factoryproxy.testing.FakeGeminiRoute;
import dev.factoryproxy.testing.RouteCalls;
import dev.factoryproxy.testing.RouteCalls.Answer;
import dev.factoryproxy.translate.TranslatedRequest;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.factoryproxy.route.gemini.GeminiRouteTest.DROID;
import static dev.factoryproxy.route.gemini.GeminiRouteTest.GEMINI;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The strict fake accepts what {@link GeminiRoute} sends for representative requests and refuses known-bad ones. */
class GeminiRouteFakeTest {
  private static final GeminiRoute ROUTE = new GeminiRoute(DROID);
  private static Vertx vertx;
  private static FakeGeminiRoute fake;
  private static RouteCalls calls;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    fake = FakeGeminiRoute.start(vertx).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    calls = new RouteCalls(vertx);
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  private static final String TOOLS = """
    "tools":[{"type":"function","function":{"name":"get_weather","strict":true,"parameters":{
      "$schema":"https://json-schema.org/draft/2020-12/schema","type":"object","additionalProperties":false,
      "properties":{"city":{"type":["string","null"],"format":"uri"}},"required":["city"]}}},
     {"type":"function","function":{"name":"now","parameters":{"type":"object","properties":{}}}}],
    "tool_choice":"auto","reasoning_effort":"high",
    "response_format":{"type":"json_schema","json_schema":{"name":"r","schema":{"type":"object",
      "properties":{"a":{"type":"string"}},"additionalProperties":false}}}""";

  private Answer send(TranslatedRequest request) throws Exception {
    return calls.post(fake.url(), ROUTE.identityHeaders(GEMINI), request.body());
  }

  private static TranslatedRequest translate(String messages, boolean stream) {
    return ROUTE.fromChat(new JsonObject("{\"model\":\"gemini-3.1-pro-preview\",\"stream\":" + stream
      + ",\"messages\":" + messages + "," + TOOLS + "}"), GEMINI, 1L);
  }

  private static final String FIRST_TURN = """
    [{"role":"system","content":"Be brief."},{"role":"user","content":[{"type":"text","text":"Weather?"},
      {"type":"image_url","image_url":{"url":"data:image/png;base64,AAAA"}}]}]""";

  @Test
  void aNonStreamClientIsAnsweredFromTheMergedStreamAndTheToolLoopGoesOn() throws Exception {
    fake.enqueue(FakeGeminiRoute.functionCall("get_weather", new JsonObject().put("city", "Paris")));
    TranslatedRequest first = translate(FIRST_TURN, false);
    Answer answer = send(first);
    assertEquals(200, answer.status(), answer.body());
    List<JsonObject> chunks = answer.dataLines().stream().map(JsonObject::new).toList();
    JsonObject completion = ROUTE.toChat(GeminiRoute.mergeStream(chunks), first.context());
    JsonObject choice = completion.getJsonArray("choices").getJsonObject(0);
    assertEquals("tool_calls", choice.getString("finish_reason"));
    JsonObject message = choice.getJsonObject("message");
    assertEquals("Need a tool.", message.getString("reasoning_content"));
    assertEquals(30, completion.getJsonObject("usage").getInteger("total_tokens"));

    JsonArray history = new JsonArray(FIRST_TURN).add(message)
      .add(new JsonObject().put("role", "tool").put("content", "sunny")
        .put("tool_call_id", message.getJsonArray("tool_calls").getJsonObject(0).getString("id")));
    fake.enqueue(FakeGeminiRoute.text("Sunny."));
    TranslatedRequest second = translate(history.encode(), true);
    Answer streamed = send(second);
    assertEquals(200, streamed.status(), streamed.body());
    JsonArray sentParts = fake.lastRequest().body().getJsonArray("contents").getJsonObject(1).getJsonArray("parts");
    assertEquals(FakeGeminiRoute.SIGNATURE, sentParts.getJsonObject(0).getString("thoughtSignature"));
    StreamTranslation stream = ROUTE.toChatStream(second.context());
    StringBuilder out = new StringBuilder();
    streamed.dataLines().forEach(data -> out.append(stream.onRawEvent(null, data)));
    out.append(stream.onUpstreamEnd());
    assertTrue(out.toString().contains("\"content\":\"Sun\"") && out.toString().contains("\"content\":\"ny.\""),
      out.toString());
    assertTrue(out.toString().endsWith("data: [DONE]\n\n"));
    assertEquals("stop", stream.finishReason());
  }

  @Test
  void theFakeRefusesAStreamFieldAndSchemaKeywordsGeminiDoesNotKnow() throws Exception {
    JsonObject body = translate(FIRST_TURN, true).body();
    assertEquals(200, calls.post(fake.url(), ROUTE.identityHeaders(GEMINI), body).status());
    assertEquals(400, calls.post(fake.url(), ROUTE.identityHeaders(GEMINI), body.copy().put("stream", true))
      .status());
    JsonObject raw = body.copy();
    raw.getJsonArray("tools").getJsonObject(0).getJsonArray("functionDeclarations").getJsonObject(0)
      .getJsonObject("parameters").put("additionalProperties", false);
    Answer refused = calls.post(fake.url(), ROUTE.identityHeaders(GEMINI), raw);
    assertEquals(400, refused.status());
    assertEquals("invalid_request_error", ROUTE.error(refused.status(), refused.body(), Map.of(), false).body()
      .getJsonObject("error").getString("type"));
  }

  @Test
  void theFakeRefusesAMissingDroidPromptAnUnsignedCallAndAMissingResponse() throws Exception {
    JsonObject noDroid = translate(FIRST_TURN, false).body();
    noDroid.getJsonObject("systemInstruction").getJsonArray("parts").remove(0);
    assertEquals(403, calls.post(fake.url(), ROUTE.identityHeaders(GEMINI), noDroid).status());

    String loop = """
      [{"role":"user","content":"Q"},{"role":"assistant","content":null,"tool_calls":[
        {"id":"c1","type":"function","function":{"name":"get_weather","arguments":"{}"}}]},
       {"role":"tool","tool_call_id":"c1","content":"r"}]""";
    JsonObject body = translate(loop, false).body();
    assertEquals(200, calls.post(fake.url(), ROUTE.identityHeaders(GEMINI), body).status());
    JsonObject unsigned = body.copy();
    unsigned.getJsonArray("contents").getJsonObject(1).getJsonArray("parts").getJsonObject(0)
      .remove("thoughtSignature");
    assertEquals(400, calls.post(fake.url(), ROUTE.identityHeaders(GEMINI), unsigned).status());
    JsonObject unanswered = body.copy();
    unanswered.getJsonArray("contents").getJsonObject(2).put("parts", new JsonArray().add(
      new JsonObject().put("text", "r")));
    assertEquals(400, calls.post(fake.url(), ROUTE.identityHeaders(GEMINI), unanswered).status());
  }

  @Test
  void theFakeRefusesTheWrongProvider() throws Exception {
    JsonObject body = translate(FIRST_TURN, false).body();
    assertEquals(400, calls.post(fake.url(), Map.of("x-api-provider", "openai", "x-factory-client", "cli"), body)
      .status());
  }
}
