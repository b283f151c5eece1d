package dev.factoryproxy.route.messages;

import dev.factoryproxy.client.chat.ChatClient;
import dev.factoryproxy.config.ModelInfo;
import dev.factoryproxy.config.Route;
import dev.factoryproxy.dialect.Dialects;
import dev.factoryproxy.dialect.Pipeline;
import dev.factoryproxy.dialect.StreamTranslation;
import dev.factoryproxy.translate.InvalidRequestException;
import dev.factoryproxy.translate.RandomRequests;
import dev.factoryproxy.translate.RequestTranslator;
import dev.factoryproxy.translate.ResponseContext;
import dev.factoryproxy.translate.ResponseTranslator;
import dev.factoryproxy.translate.StreamTranslator;
import dev.factoryproxy.translate.TestSettings;
import dev.factoryproxy.translate.TranslatedRequest;
import dev.factoryproxy.translate.UpstreamErrorMapper;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Chat → Messages translation on the dialect seams (Chat client, Messages route, hub pipeline) does exactly
 * what the {@code translate} package does on its own: same bodies, contexts, headers, warnings, refusals, answers
 * and stream bytes.
 */
class MessagesRouteTest {
  private static final long SEED = 0x11_2026L;
  private static final int CASES = 5_000;
  private static final long CREATED = 1_700_000_000L;
  private static final Pipeline PIPELINE = Dialects.builder()
    .route(new MessagesRoute(TestSettings.defaults()))
    .client(ChatClient.PATH, new ChatClient())
    .build()
    .pipeline(ChatClient.NAME, Route.MESSAGES);
  private static final RequestTranslator TRANSLATOR = new RequestTranslator(TestSettings.defaults());
  private static final ModelInfo SONNET = TestSettings.defaults().models().resolve(TestSettings.SONNET);

  @Test
  void randomRequestsTranslateExactlyAsTheRequestTranslatorDoes() {
    RandomRequests requests = new RandomRequests(SEED);
    int translated = 0;
    int refused = 0;
    for (int i = 0; i < CASES; i++) {
      JsonObject request = requests.next();
      String label = "case " + i + ": " + request.encode();
      Object expected = outcome(() -> TRANSLATOR.translate(request.copy(), CREATED));
      Object actual = outcome(() -> PIPELINE.request(request.copy(), Map.of(), SONNET, CREATED));
      assertEquals(expected, actual, label);
      if (expected instanceof String) {
        refused++;
      } else {
        translated++;
      }
    }
    assertTrue(translated > CASES / 5 && refused > CASES / 5, "translated " + translated + ", refused " + refused);
  }

  /** A translation as comparable JSON (body, context, headers, warnings), or a refusal as "param: message". */
  private static Object outcome(java.util.function.Supplier<TranslatedRequest> translation) {
    try {
      TranslatedRequest t = translation.get();
      return new JsonObject().put("body", t.body()).put("context", t.context().toJson())
        .put("headers", new JsonObject(new LinkedHashMap<>(t.upstreamHeaders()))).put("warnings", t.warnings());
    } catch (InvalidRequestException e) {
      return e.param() + ": " + e.getMessage();
    }
  }

  private static final String[] TOOL_STREAM = {
    "message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":"
      + "\"assistant\",\"content\":[],\"model\":\"claude-sonnet-4-5-20250929\",\"usage\":{\"input_tokens\":9,"
      + "\"output_tokens\":1}}}",
    "content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\","
      + "\"text\":\"\"}}",
    "ping", "{\"type\":\"ping\"}",
    "content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\","
      + "\"text\":\"Let me look 😀\"}}",
    "content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}",
    "content_block_start", "{\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"tool_use\","
      + "\"id\":\"toolu_1\",\"name\":\"get_weather\",\"input\":{}}}",
    "content_block_delta", "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\","
      + "\"partial_json\":\"{\\\"city\\\": 1.50}\"}}",
    "content_block_stop", "{\"type\":\"content_block_stop\",\"index\":1}",
    "message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\"},\"usage\":"
      + "{\"output_tokens\":20}}",
    "message_stop", "{\"type\":\"message_stop\"}",
  };

  @Test
  void streamsAreByteForByteTheStreamTranslators() {
    ResponseContext ctx = new ResponseContext(TestSettings.SONNET, true, true, CREATED, false, null, Map.of());
    StreamTranslator expected = new StreamTranslator(ctx);
    StreamTranslation actual = PIPELINE.stream(ctx);
    StringBuilder want = new StringBuilder();
    StringBuilder got = new StringBuilder();
    for (int i = 0; i < TOOL_STREAM.length; i += 2) {
      want.append(expected.onEvent(TOOL_STREAM[i], new JsonObject(TOOL_STREAM[i + 1])));
      got.append(i % 4 == 0 ? actual.onRawEvent(TOOL_STREAM[i], TOOL_STREAM[i + 1])
        : actual.onEvent(TOOL_STREAM[i], new JsonObject(TOOL_STREAM[i + 1])));
    }
    assertEquals(want.toString(), got.toString());
    assertTrue(got.toString().endsWith("data: [DONE]\n\n"), got.toString());
    assertEquals(expected.finishReason(), actual.finishReason());
    assertEquals(expected.usage(), actual.usage());
    assertEquals(expected.done(), actual.done());
  }

  @Test
  void aStreamCutShortEndsAsTheStreamTranslatorEndsIt() {
    ResponseContext ctx = new ResponseContext(TestSettings.SONNET, true, false, CREATED, false, null, Map.of());
    StreamTranslator expected = new StreamTranslator(ctx);
    StreamTranslation actual = PIPELINE.stream(ctx);
    expected.onEvent(TOOL_STREAM[0], new JsonObject(TOOL_STREAM[1]));
    actual.onRawEvent(TOOL_STREAM[0], TOOL_STREAM[1]);
    assertEquals(expected.onUpstreamEnd(), actual.onUpstreamEnd());
    assertTrue(actual.failed());
  }

  @Test
  void anEventThatIsNotJsonIsADecodeErrorAsBefore() {
    StreamTranslation stream = PIPELINE.stream(new ResponseContext(TestSettings.SONNET, true, false, CREATED, false,
      null, Map.of()));
    assertThrows(DecodeException.class, () -> stream.onRawEvent("message_start", "not json"));
  }

  @Test
  void answersAreTheResponseTranslators() {
    JsonObject message = new JsonObject("{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":"
      + "\"claude-sonnet-4-5-20250929\",\"content\":[{\"type\":\"text\",\"text\":\"Hi\"}],\"stop_reason\":"
      + "\"end_turn\",\"usage\":{\"input_tokens\":3,\"output_tokens\":1}}");
    ResponseContext ctx = new ResponseContext(TestSettings.SONNET, false, false, CREATED, false, null, Map.of());
    assertEquals(ResponseTranslator.toChatCompletion(message.copy(), ctx), PIPELINE.answer(message.copy(), ctx));
  }

  @Test
  void errorsAreTheUpstreamErrorMappers() {
    String body = "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}";
    UpstreamErrorMapper.MappedError expected = UpstreamErrorMapper.map(529, body, Map.of(), false);
    UpstreamErrorMapper.MappedError actual = PIPELINE.error(529, body, Map.of(), false);
    assertEquals(expected.status(), actual.status());
    assertEquals(expected.body(), actual.body());
    assertEquals(expected.headers(), actual.headers());
  }

  @Test
  void anErrorEventFirstStandsForTheStatusOfItsType() {
    JsonObject overloaded = new JsonObject("{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\"}}");
    assertEquals(529, PIPELINE.openingErrorStatus("error", overloaded));
    assertEquals(529, PIPELINE.openingErrorStatus(null, overloaded));
    assertEquals(500, PIPELINE.openingErrorStatus("error", new JsonObject().put("type", "error")));
    assertEquals(0, PIPELINE.openingErrorStatus("message_start", new JsonObject(TOOL_STREAM[1])));
  }

  @Test
  void identityHeadersAreTheAnthropicSdksWithTheModelsProvider() {
    assertEquals(Map.of("x-api-key", "placeholder", "anthropic-version", "2023-06-01", "x-api-provider", "anthropic"),
      PIPELINE.identityHeaders(SONNET));
    ModelInfo minimax = new ModelInfo("minimax-m2", "minimax", 8192, false, false, false, false, false,
      Route.MESSAGES, "minimax");
    assertEquals("minimax", PIPELINE.identityHeaders(minimax).get("x-api-provider"));
  }
}
