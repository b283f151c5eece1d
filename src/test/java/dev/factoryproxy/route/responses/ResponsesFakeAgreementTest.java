package dev.factoryproxy.route.responses;

import dev.factoryproxy.config.ModelInfo;
import dev.factoryproxy.dialect.StreamTranslation;
import dev.factoryproxy.testing.FakeResponsesRoute;
import dev.factoryproxy.testing.ResponsesEvents;
import dev.factoryproxy.testing.ResponsesRejection;
import dev.factoryproxy.testing.ResponsesReply;
import dev.factoryproxy.testing.SseEvent;
import dev.factoryproxy.translate.TranslatedRequest;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * ResponsesRoute's output against FakeResponsesRoute's rules: the fake accepts every request the route builds
 * (a representative set, one per OR rule family) and refuses known-bad ones as the real API does.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class ResponsesFakeAgreementTest {
  private static final String HI = "{\"role\": \"user\", \"content\": \"Hi\"}";
  private static final String TOOLS = "\"tools\": [{\"type\": \"function\", \"function\": {\"name\": \"ls\","
    + " \"description\": \"List\", \"parameters\": {\"type\": \"object\", \"properties\": {}}, \"strict\": true}}]";

  static Stream<Arguments> routeRequests() {
    return Stream.of(
      Arguments.of("text", Fixtures.GPT, "{\"model\": \"gpt-5.4\", \"messages\": [" + HI + "]}"),
      Arguments.of("system and developer", Fixtures.GPT, "{\"model\": \"gpt-5.4\", \"messages\": [{\"role\":"
        + " \"system\", \"content\": \"S\"}, {\"role\": \"developer\", \"content\": \"D\"}, " + HI + "]}"),
      Arguments.of("images and files", Fixtures.GPT, "{\"model\": \"gpt-5.4\", \"messages\": [{\"role\": \"user\","
        + " \"content\": [{\"type\": \"text\", \"text\": \"see\"}, {\"type\": \"image_url\", \"image_url\":"
        + " {\"url\": \"data:image/png;base64,AAAA\"}}, {\"type\": \"file\", \"file\": {\"file_data\":"
        + " \"data:application/pdf;base64,JVBE\"}}]}]}"),
      Arguments.of("tool loop with reasoning replay", Fixtures.GPT, "{\"model\": \"gpt-5.4\", " + TOOLS
        + ", \"tool_choice\": {\"type\": \"function\", \"function\": {\"name\": \"ls\"}}, \"parallel_tool_calls\":"
        + " true, \"reasoning_effort\": \"medium\", \"messages\": [" + HI + ", {\"role\": \"assistant\","
        + " \"content\": \"On it\", \"thinking_blocks\": [{\"type\": \"thinking\", \"thinking\": \"t\","
        + " \"signature\": \"openai-reasoning:ENC\"}], \"tool_calls\": [{\"id\": \"call_1\", \"type\": \"function\","
        + " \"function\": {\"name\": \"ls\", \"arguments\": \"{}\"}}]}, {\"role\": \"tool\", \"tool_call_id\":"
        + " \"call_1\", \"content\": \"a.txt\"}]}"),
      Arguments.of("structured output and limits", Fixtures.GPT, "{\"model\": \"gpt-5.4\", \"messages\": [" + HI
        + "], \"response_format\": {\"type\": \"json_schema\", \"json_schema\": {\"name\": \"a\", \"strict\": true,"
        + " \"schema\": {\"type\": \"object\"}}}, \"max_tokens\": 3, \"user\": \"u-1\", \"stop\": \"x\"}"),
      Arguments.of("fast variant streaming", Fixtures.GPT_FAST, "{\"model\": \"gpt-5.4-fast\", \"stream\": true,"
        + " \"stream_options\": {\"include_usage\": true}, \"reasoning_effort\": \"none\", \"messages\": [" + HI
        + "]}"),
      Arguments.of("assistant refusal history", Fixtures.CODEX, "{\"model\": \"gpt-5.3-codex\", \"messages\": [" + HI
        + ", {\"role\": \"assistant\", \"content\": [{\"type\": \"refusal\", \"refusal\": \"No\"}]}, " + HI + "]}"),
      Arguments.of("grok sampling", Fixtures.GROK, "{\"model\": \"grok-4\", \"temperature\": 0.3, \"top_p\": 0.5,"
        + " \"response_format\": {\"type\": \"json_object\"}, \"messages\": [" + HI + "]}"));
  }

  private static MultiMap headersFor(ModelInfo model) {
    MultiMap headers = FakeResponsesRoute.validHeaders("openai");
    Fixtures.ROUTE.identityHeaders(model).forEach(headers::set);
    return headers;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("routeRequests")
  void theFakeAcceptsWhatTheRouteBuilds(String name, ModelInfo model, String chatJson) {
    TranslatedRequest t = Fixtures.ROUTE.fromChat(new JsonObject(chatJson), model, Fixtures.CREATED);
    ResponsesRejection rejection = FakeResponsesRoute.validate(headersFor(model), t.body());
    assertNull(rejection, () -> rejection.getMessage() + " in " + t.body().encodePrettily());
  }

  static Stream<Arguments> knownBad() {
    return Stream.of(
      Arguments.of("no Droid prompt", 403, null, (Consumer<JsonObject>) b -> b.put("instructions", "You are helpful")),
      Arguments.of("store true", 400, "store", (Consumer<JsonObject>) b -> b.put("store", true)),
      Arguments.of("unknown field", 400, "messages", (Consumer<JsonObject>) b -> b.put("messages", new JsonArray())),
      Arguments.of("item id with store false", 404, "input[0].id",
        (Consumer<JsonObject>) b -> b.getJsonArray("input").getJsonObject(0).put("id", "msg_1")),
      Arguments.of("previous_response_id", 404, "previous_response_id",
        (Consumer<JsonObject>) b -> b.put("previous_response_id", "resp_1")),
      Arguments.of("nested Chat tool form", 400, "tools[0].function", (Consumer<JsonObject>) b -> b.put("tools",
        new JsonArray("[{\"type\": \"function\", \"function\": {\"name\": \"f\"}, \"name\": \"f\"}]"))),
      Arguments.of("unanswered function call", 400, "input", (Consumer<JsonObject>) b -> b.getJsonArray("input")
        .add(new JsonObject("{\"type\": \"function_call\", \"call_id\": \"c\", \"name\": \"f\","
          + " \"arguments\": \"{}\"}"))),
      Arguments.of("tiny max_output_tokens", 400, "max_output_tokens",
        (Consumer<JsonObject>) b -> b.put("max_output_tokens", 4)),
      Arguments.of("missing input", 400, "input", (Consumer<JsonObject>) b -> b.remove("input")),
      Arguments.of("chat content type", 400, "input[0].content[0].type", (Consumer<JsonObject>) b ->
        b.getJsonArray("input").getJsonObject(0).getJsonArray("content").getJsonObject(0).put("type", "text")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("knownBad")
  void theFakeRejectsKnownBadRequests(String name, int status, String param, Consumer<JsonObject> spoil) {
    JsonObject body = FakeResponsesRoute.validRequest();
    assertNull(FakeResponsesRoute.validate(headersFor(Fixtures.GPT), body));
    spoil.accept(body);
    ResponsesRejection rejection = FakeResponsesRoute.validate(headersFor(Fixtures.GPT), body);
    assertNotNull(rejection, name);
    assertEquals(status, rejection.status(), rejection.getMessage());
    assertEquals(param, rejection.param(), rejection.getMessage());
  }

  @Test
  void theFakeRejectsMissingIdentityHeaders() {
    JsonObject body = FakeResponsesRoute.validRequest();
    MultiMap anthropic = headersFor(Fixtures.GPT).set("x-api-provider", "anthropic");
    assertEquals(400, FakeResponsesRoute.validate(anthropic, body).status());
    MultiMap noVersion = headersFor(Fixtures.GPT);
    noVersion.remove("x-client-version");
    assertEquals("Unable to determine client version", FakeResponsesRoute.validate(noVersion, body).getMessage());
    MultiMap badKey = headersFor(Fixtures.GPT).set("authorization", "Bearer fk-test-9999");
    assertEquals(401, FakeResponsesRoute.validate(badKey, body).status());
  }

  /** Over HTTP: the route's streamed request to the fake, the fake's SSE back through the route's stream. */
  @Test
  void aStreamedToolCallRoundTripsThroughTheFake(Vertx vertx, VertxTestContext test) {
    JsonObject response = new JsonObject("""
      {"id": "resp_rt", "object": "response", "status": "completed", "model": "gpt-5.4",
       "output": [{"type": "function_call", "id": "fc_1", "call_id": "call_9", "name": "ls", "arguments": "{}",
         "status": "completed"}],
       "usage": {"input_tokens": 5, "output_tokens": 3, "total_tokens": 8}}""");
    TranslatedRequest t = Fixtures.ROUTE.fromChat(new JsonObject("{\"model\": \"gpt-5.4\", \"stream\": true, "
      + TOOLS + ", \"messages\": [" + HI + "]}"), Fixtures.GPT, Fixtures.CREATED);
    HttpClient client = vertx.createHttpClient();
    FakeResponsesRoute.start(vertx).compose(fake -> {
      fake.enqueue(ResponsesReply.response(response));
      RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(fake.url())
        .setHeaders(headersFor(Fixtures.GPT));
      return client.request(options).compose(req -> req.send(t.body().toBuffer())
          .compose(HttpClientResponse::body))
        .onComplete(done -> fake.close());
    }).onComplete(test.succeeding(raw -> test.verify(() -> {
      StreamTranslation stream = Fixtures.ROUTE.toChatStream(t.context());
      StringBuilder out = new StringBuilder();
      for (SseEvent event : SseEvent.parse(raw.toString())) {
        out.append(stream.onRawEvent(event.event(), event.data()));
      }
      out.append(stream.onUpstreamEnd());
      assertEquals(ResponsesEvents.of(response).size(), SseEvent.parse(raw.toString()).size());
      String frames = out.toString();
      String[] split = frames.split("\n\n");
      assertEquals(6, split.length, frames); // role, call start, 2 argument pieces, finish, [DONE]
      assertEquals("data: [DONE]", split[5]);
      assertEquals(new JsonObject("{\"tool_calls\": [{\"index\": 0, \"id\": \"call_9\", \"type\": \"function\","
        + " \"function\": {\"name\": \"ls\", \"arguments\": \"\"}}]}"),
        new JsonObject(split[1].substring(6)).getJsonArray("choices").getJsonObject(0).getJsonObject("delta"));
      assertEquals("tool_calls", stream.finishReason());
      assertEquals(8L, stream.usage().getLong("total_tokens"));
      test.completeNow();
    })));
  }

  /** Over HTTP: a request the fake refuses comes back in OpenAI's shape, which the route maps as it is. */
  @Test
  void aRefusalOfTheFakeMapsToAnOpenAiError(Vertx vertx, VertxTestContext test) {
    JsonObject body = FakeResponsesRoute.validRequest().put("temperature", 3);
    HttpClient client = vertx.createHttpClient();
    FakeResponsesRoute.start(vertx).compose(fake -> client.request(new RequestOptions().setMethod(HttpMethod.POST)
        .setAbsoluteURI(fake.url()).setHeaders(headersFor(Fixtures.GPT)))
      .compose(req -> req.send(body.toBuffer())
        .compose(res -> res.body().map(b -> Fixtures.ROUTE.error(res.statusCode(), b.toString(), java.util.Map.of(),
          false))))
      .onComplete(done -> fake.close()))
      .onComplete(test.succeeding(mapped -> test.verify(() -> {
        assertEquals(400, mapped.status());
        assertEquals("temperature", mapped.body().getJsonObject("error").getString("param"));
        assertEquals("invalid_request_error", mapped.body().getJsonObject("error").getString("type"));
        test.completeNow();
      })));
  }
}
