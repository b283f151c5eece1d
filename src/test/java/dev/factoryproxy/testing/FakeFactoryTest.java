package dev.factoryproxy.testing;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

@ExtendWith(VertxExtension.class)
@Timeout(value = 5, timeUnit = TimeUnit.SECONDS)
class FakeFactoryTest {
  /** The docs' basic stream (translation.md section C), verbatim. */
  private static final String DOCS_STREAM = """
    event: message_start
    data: {"type": "message_start", "message": {"id": "msg_1nZdL29xx5MUA1yADyHTEsnR8uuvGzszyY", "type": "message", "role": "assistant", "content": [], "model": "claude-sonnet-4-5-20250929", "stop_reason": null, "stop_sequence": null, "usage": {"input_tokens": 25, "output_tokens": 1}}}

    event: content_block_start
    data: {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}}

    event: ping
    data: {"type": "ping"}

    event: content_block_delta
    data: {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "Hello"}}

    event: message_stop
    data: {"type": "message_stop"}
    """;

  private static final JsonObject TOOL_TURN = new JsonObject("""
    {"id": "msg_fake_tool", "type": "message", "role": "assistant", "model": "claude-sonnet-4-5-20250929",
     "content": [
       {"type": "thinking", "thinking": "Weather?", "signature": "sig-fake"},
       {"type": "text", "text": "Checking."},
       {"type": "tool_use", "id": "toolu_fake_1", "name": "get_weather", "input": {"city": "Paris"}}],
     "stop_reason": "tool_use", "stop_sequence": null, "usage": {"input_tokens": 472, "output_tokens": 89}}
    """);

  private FakeFactory fake;
  private HttpClient client;

  /** What the test client got back. */
  private record Answer(int status, MultiMap headers, String body) {
    JsonObject json() {
      return new JsonObject(body);
    }
  }

  /** Makes the extension share one Vert.x instance across the class (a fresh one per test costs the suite seconds). */
  @BeforeAll
  static void shareVertx(Vertx vertx) {
  }

  @BeforeEach
  void startFake(Vertx vertx, VertxTestContext context) {
    client = vertx.createHttpClient();
    FakeFactory.start(vertx).onComplete(context.succeeding(started -> {
      fake = started;
      context.completeNow();
    }));
  }

  @AfterEach
  void stopFake(VertxTestContext context) {
    client.close().compose(closed -> fake.close()).onComplete(context.succeedingThenComplete());
  }

  // ---- scripted replies ----

  @Test
  void validRequestGetsTheScriptedMessage(VertxTestContext context) {
    fake.enqueue(Reply.message(TOOL_TURN));
    post(FakeFactory.validRequest()).onComplete(context.succeeding(answer -> context.verify(() -> {
      assertEquals(200, answer.status());
      assertEquals("application/json", answer.headers().get("content-type"));
      assertEquals("req_fake_1", answer.headers().get("request-id"));
      assertEquals(TOOL_TURN, answer.json());
      FakeFactory.Received received = fake.lastRequest();
      assertEquals(FakeFactory.validRequest(), received.body());
      assertEquals("0.237.0", received.headers().get("X-Client-Version"));
      assertEquals(200, received.answeredStatus());
      assertNull(received.rejection());
      context.completeNow();
    })));
  }

  @Test
  void defaultReplyIsOkWithTheRequestedModel(VertxTestContext context) {
    post(FakeFactory.validRequest()).onComplete(context.succeeding(answer -> context.verify(() -> {
      assertEquals(new JsonObject("""
        {"id": "msg_fake_text", "type": "message", "role": "assistant", "model": "claude-sonnet-4-5-20250929",
         "content": [{"type": "text", "text": "ok"}], "stop_reason": "end_turn", "stop_sequence": null,
         "usage": {"input_tokens": 25, "output_tokens": 15}}
        """), answer.json());
      context.completeNow();
    })));
  }

  @Test
  void scriptIsAQueueThenTheDefault(VertxTestContext context) {
    fake.enqueue(Reply.text("first")).enqueue(Reply.text("second")).setDefault(Reply.text("later"));
    post(FakeFactory.validRequest())
      .compose(first -> post(FakeFactory.validRequest()).map(second -> List.of(first, second)))
      .compose(answers -> post(FakeFactory.validRequest()).map(third -> List.of(answers.get(0), answers.get(1), third)))
      .onComplete(context.succeeding(answers -> context.verify(() -> {
        assertEquals(List.of("first", "second", "later"), answers.stream().map(FakeFactoryTest::firstText).toList());
        assertEquals(3, fake.callCount());
        context.completeNow();
      })));
  }

  @Test
  void t2_t4_streamRequestGetsTheMessageAsExactSse(VertxTestContext context) {
    fake.enqueue(Reply.text("Hello!"));
    post(FakeFactory.validRequest().put("stream", true)).onComplete(context.succeeding(answer -> context.verify(() -> {
      assertEquals(200, answer.status());
      assertEquals("text/event-stream; charset=utf-8", answer.headers().get("content-type"));
      assertEquals("""
        event: message_start
        data: {"type":"message_start","message":{"id":"msg_fake_text","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":25,"output_tokens":1}}}

        event: content_block_start
        data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

        event: ping
        data: {"type":"ping"}

        event: content_block_delta
        data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hel"}}

        event: content_block_delta
        data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"lo!"}}

        event: content_block_stop
        data: {"type":"content_block_stop","index":0}

        event: message_delta
        data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":15}}

        event: message_stop
        data: {"type":"message_stop"}

        """, answer.body());
      context.completeNow();
    })));
  }

  @Test
  void t5_t7_streamedToolTurnHasThinkingSignatureAndInputJsonPieces(VertxTestContext context) {
    fake.enqueue(Reply.message(TOOL_TURN));
    post(FakeFactory.validRequest().put("stream", true)).onComplete(context.succeeding(answer -> context.verify(() -> {
      assertEquals("""
        event: message_start
        data: {"type":"message_start","message":{"id":"msg_fake_tool","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":472,"output_tokens":1}}}

        event: content_block_start
        data: {"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":""}}

        event: ping
        data: {"type":"ping"}

        event: content_block_delta
        data: {"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"Weat"}}

        event: content_block_delta
        data: {"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"her?"}}

        event: content_block_delta
        data: {"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"sig-fake"}}

        event: content_block_stop
        data: {"type":"content_block_stop","index":0}

        event: content_block_start
        data: {"type":"content_block_start","index":1,"content_block":{"type":"text","text":""}}

        event: content_block_delta
        data: {"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":"Chec"}}

        event: content_block_delta
        data: {"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":"king."}}

        event: content_block_stop
        data: {"type":"content_block_stop","index":1}

        event: content_block_start
        data: {"type":"content_block_start","index":2,"content_block":{"type":"tool_use","id":"toolu_fake_1","name":"get_weather","input":{}}}

        event: content_block_delta
        data: {"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":""}}

        event: content_block_delta
        data: {"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":"{\\"cit"}}

        event: content_block_delta
        data: {"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":"y\\":\\"P"}}

        event: content_block_delta
        data: {"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":"aris\\"}"}}

        event: content_block_stop
        data: {"type":"content_block_stop","index":2}

        event: message_delta
        data: {"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":89}}

        event: message_stop
        data: {"type":"message_stop"}

        """, answer.body());
      context.completeNow();
    })));
  }

  @Test
  void t6_toolWithoutArgumentsStreamsOnlyTheEmptyFragment(VertxTestContext context) {
    JsonObject noArguments = new JsonObject("""
      {"id": "msg_fake_noargs", "type": "message", "role": "assistant", "model": null,
       "content": [{"type": "tool_use", "id": "toolu_fake_2", "name": "list_files", "input": {}}],
       "stop_reason": "tool_use", "stop_sequence": null, "usage": {"input_tokens": 10, "output_tokens": 5}}
      """);
    fake.enqueue(Reply.message(noArguments));
    post(FakeFactory.validRequest().put("stream", true)).onComplete(context.succeeding(answer -> context.verify(() -> {
      List<String> fragments = SseEvent.parse(answer.body()).stream()
        .filter(event -> "content_block_delta".equals(event.event()))
        .map(event -> new JsonObject(event.data()).getJsonObject("delta").getString("partial_json"))
        .toList();
      assertEquals(List.of(""), fragments);
      context.completeNow();
    })));
  }

  @Test
  void eventsAreReplayedVerbatim(VertxTestContext context) {
    fake.enqueue(Reply.events(DOCS_STREAM));
    post(FakeFactory.validRequest()).onComplete(context.succeeding(answer -> context.verify(() -> {
      assertEquals(200, answer.status());
      assertEquals(DOCS_STREAM.strip() + "\n\n", answer.body());
      context.completeNow();
    })));
  }

  @Test
  void e3_errorReplyCarriesStatusBodyAndHeaders(VertxTestContext context) {
    JsonObject overloaded = new JsonObject("""
      {"type": "error", "error": {"type": "rate_limit_error", "message": "Number of requests has exceeded your rate limit"}}
      """);
    fake.enqueue(Reply.error(429, overloaded, Map.of("retry-after", "7", "x-should-retry", "true")));
    post(FakeFactory.validRequest()).onComplete(context.succeeding(answer -> context.verify(() -> {
      assertEquals(429, answer.status());
      assertEquals(overloaded, answer.json());
      assertEquals("7", answer.headers().get("retry-after"));
      assertEquals("true", answer.headers().get("x-should-retry"));
      assertEquals(429, fake.lastRequest().answeredStatus());
      context.completeNow();
    })));
  }

  @Test
  void e2_rawReplyServesCloudflareHtml413(VertxTestContext context) {
    String html = "<html><head><title>413 Request Entity Too Large</title></head></html>";
    fake.enqueue(Reply.raw(413, "text/html", html));
    post(FakeFactory.validRequest()).onComplete(context.succeeding(answer -> context.verify(() -> {
      assertEquals(413, answer.status());
      assertEquals("text/html", answer.headers().get("content-type"));
      assertEquals(html, answer.body());
      context.completeNow();
    })));
  }

  // ---- truncation, hang, drip, cancellation (T14) ----

  @Test
  void t14_closeAfterSendsTheEventsThenDropsTheConnection(VertxTestContext context) {
    List<SseEvent> events = SseEvent.parse(DOCS_STREAM).subList(0, 2);
    fake.enqueue(Reply.closeAfter(events));
    Buffer seen = Buffer.buffer();
    readChunks(FakeFactory.validRequest().put("stream", true), (response, chunk) -> seen.appendBuffer(chunk))
      .onComplete(context.failing(truncated -> context.verify(() -> {
        assertEquals(events.get(0).wireText() + events.get(1).wireText(), seen.toString());
        assertEquals(0, fake.cancelledStreams(), "the fake closed it, the client did not cancel");
        context.completeNow();
      })));
  }

  @Test
  void t14_hangNeverAnswersAndCountsTheClientLeaving(VertxTestContext context) {
    fake.enqueue(Reply.hang());
    RequestOptions giveUpSoon = requestOptions().setIdleTimeout(200);
    client.request(giveUpSoon)
      .compose(request -> request.send(FakeFactory.validRequest().encode()))
      .onComplete(context.failing(timedOut -> fake.awaitCancelled(1).onComplete(context.succeeding(done ->
        context.verify(() -> {
          assertEquals(1, fake.cancelledStreams());
          assertEquals(0, fake.lastRequest().answeredStatus());
          assertNull(fake.lastRequest().rejection());
          context.completeNow();
        })))));
  }

  @Test
  void t14_dripDeliversDeltasOneByOneAndCountsACancel(VertxTestContext context) {
    fake.enqueue(Reply.drip("abcdefgh", 8, 20));
    Buffer seen = Buffer.buffer();
    AtomicBoolean leaving = new AtomicBoolean();
    readChunks(FakeFactory.validRequest().put("stream", true), (response, chunk) -> {
      seen.appendBuffer(chunk);
      if (seen.toString().split("\"text_delta\"", -1).length > 2 && leaving.compareAndSet(false, true)) {
        context.verify(() -> assertFalse(seen.toString().contains("message_stop"), "deltas arrive before the end"));
        response.request().connection().close();
        fake.awaitCancelled(1).onComplete(context.succeedingThenComplete());
      }
    });
  }

  @Test
  void dripStreamsEveryPieceEvenForANonStreamRequest(VertxTestContext context) {
    fake.enqueue(Reply.drip("abc", 3, 5));
    post(FakeFactory.validRequest()).onComplete(context.succeeding(answer -> context.verify(() -> {
      assertEquals(List.of("a", "b", "c"), textDeltas(answer.body()));
      List<SseEvent> events = SseEvent.parse(answer.body());
      assertEquals("message_stop", events.get(events.size() - 1).event());
      assertEquals(0, fake.cancelledStreams());
      context.completeNow();
    })));
  }

  // ---- faults for resilience tests ----

  @Test
  void dropConnectionClosesBeforeAnyByte(VertxTestContext context) {
    fake.enqueue(Reply.dropConnection());
    post(FakeFactory.validRequest()).onComplete(context.failing(broken -> context.verify(() -> {
      assertEquals(1, fake.callCount());
      assertEquals(0, fake.lastRequest().answeredStatus());
      context.completeNow();
    })));
  }

  @Test
  void stallAfterSendsTheEventsThenKeepsTheStreamOpen(VertxTestContext context) {
    List<SseEvent> events = SseEvent.parse(DOCS_STREAM).subList(0, 2);
    String expected = events.get(0).wireText() + events.get(1).wireText();
    fake.enqueue(Reply.stallAfter(events));
    Buffer seen = Buffer.buffer();
    readChunks(FakeFactory.validRequest().put("stream", true), (response, chunk) -> {
      seen.appendBuffer(chunk);
      if (seen.toString().equals(expected)) {
        response.request().connection().close(); // the answer never ended: leaving counts as a cancel
        fake.awaitCancelled(1).onComplete(context.succeedingThenComplete());
      }
    });
  }

  @Test
  void corruptAfterSendsGarbageThenEnds(VertxTestContext context) {
    List<SseEvent> events = SseEvent.parse(DOCS_STREAM).subList(0, 1);
    fake.enqueue(Reply.corruptAfter(events, "data: {not json\n\n"));
    post(FakeFactory.validRequest().put("stream", true)).onComplete(context.succeeding(answer -> context.verify(() -> {
      assertEquals(200, answer.status());
      assertEquals(events.get(0).wireText() + "data: {not json\n\n", answer.body());
      context.completeNow();
    })));
  }

  @Test
  void severalKeysAreAcceptedAndEachCanHaveItsOwnScript(VertxTestContext context) {
    fake.expectKeys("fk-a-test-key", "fk-b-test-key");
    fake.enqueueFor("fk-b-test-key", Reply.error(429, errorBody("rate_limit_error", "slow down")));
    MultiMap keyA = FakeFactory.validHeaders().set("authorization", "Bearer fk-a-test-key");
    MultiMap keyB = FakeFactory.validHeaders().set("authorization", "Bearer fk-b-test-key");
    MultiMap other = FakeFactory.validHeaders().set("authorization", "Bearer fk-c-test-key");
    String body = FakeFactory.validRequest().encode();
    post(keyB, body)
      .compose(b -> post(keyA, body).map(a -> List.of(b, a)))
      .compose(two -> post(other, body).map(c -> List.of(two.get(0), two.get(1), c)))
      .onComplete(context.succeeding(answers -> context.verify(() -> {
        assertEquals(List.of(429, 200, 401), answers.stream().map(Answer::status).toList());
        assertEquals(List.of("fk-b-test-key", "fk-a-test-key", "fk-c-test-key"), fake.keysUsed());
        context.completeNow();
      })));
  }

  // ---- validation ----

  @ParameterizedTest(name = "{0}")
  @MethodSource("rejectedRequests")
  void everyRuleRejectsLikeTheRealApi(String rule, Consumer<MultiMap> changeHeaders, Consumer<JsonObject> changeBody,
                                      int status, String errorType, String message, VertxTestContext context) {
    MultiMap headers = FakeFactory.validHeaders();
    changeHeaders.accept(headers);
    JsonObject body = FakeFactory.validRequest();
    changeBody.accept(body);
    post(headers, body.encode()).onComplete(context.succeeding(answer -> context.verify(() -> {
      assertEquals(status, answer.status());
      assertEquals(errorBody(errorType, message), answer.json());
      assertEquals(message, fake.lastRequest().rejection());
      assertEquals(status, fake.lastRequest().answeredStatus());
      context.completeNow();
    })));
  }

  static Stream<Arguments> rejectedRequests() {
    return Stream.of(
      header("auth: no bearer", h -> h.remove("authorization"), 401, "authentication_error", "Invalid bearer token"),
      header("auth: wrong key", h -> h.set("authorization", "Bearer fk-test-other"), 401, "authentication_error",
        "Invalid bearer token"),
      header("x-api-key is a placeholder", h -> h.set("x-api-key", "fk-test-fake-key"), 400, "invalid_request_error",
        "x-api-key: header must be \"placeholder\""),
      header("anthropic-version required", h -> h.remove("anthropic-version"), 400, "invalid_request_error",
        "anthropic-version: header is required"),
      header("x-api-provider", h -> h.set("x-api-provider", "openai"), 400, "invalid_request_error",
        "x-api-provider: header must be \"anthropic\""),
      header("x-factory-client", h -> h.remove("x-factory-client"), 400, "invalid_request_error",
        "x-factory-client: header must be \"cli\""),
      header("x-client-version required", h -> h.remove("x-client-version"), 400, "invalid_request_error",
        "Unable to determine client version"),
      header("user-agent matches version", h -> h.set("user-agent", "factory-cli/0.1.0"), 400, "invalid_request_error",
        "user-agent: header must be \"factory-cli/0.237.0\""),
      header("x-session-id required", h -> h.remove("x-session-id"), 400, "invalid_request_error",
        "x-session-id: header is required"),
      header("x-assistant-message-id required", h -> h.remove("x-assistant-message-id"), 400, "invalid_request_error",
        "x-assistant-message-id: header is required"),
      header("content-type json", h -> h.set("content-type", "text/plain"), 400, "invalid_request_error",
        "content-type: expected application/json"),

      invalid("R29 unknown top-level key", put("n", 1), "n: Extra inputs are not permitted"),
      invalid("R29 OpenAI key leaked", put("max_completion_tokens", 10), "max_completion_tokens: Extra inputs are not permitted"),
      invalid("model required", remove("model"), "model: Field required"),
      invalid("model is a string", put("model", 4), "model: Input should be a valid string"),
      invalid("R20 max_tokens required", remove("max_tokens"), "max_tokens: Field required"),
      invalid("R19 max_tokens positive", put("max_tokens", 0), "max_tokens: Input should be greater than or equal to 1"),
      invalid("R19 max_tokens integer", put("max_tokens", 1.5), "max_tokens: Input should be a valid integer"),
      invalid("R20 non-stream max_tokens above 21333", put("max_tokens", 21_334),
        "max_tokens: streaming is required when max_tokens is greater than 21333"),

      forbidden("Droid gate: no system", remove("system")),
      forbidden("Droid gate: other first prompt", set("system", """
        [{"type": "text", "text": "You are a helpful assistant."}]""")),
      forbidden("Droid gate: Droid only in second block", set("system", """
        [{"type": "text", "text": "Be brief."}, {"type": "text", "text": "%s"}]""".formatted(FakeFactory.DROID_IDENTITY))),
      invalid("R3 empty system block", set("system", droidThen("{\"type\": \"text\", \"text\": \"\"}")),
        "system.1.text: text content blocks must be non-empty"),
      invalid("R3 whitespace system block", set("system", droidThen("{\"type\": \"text\", \"text\": \" \\n\"}")),
        "system.1.text: text content blocks must contain non-whitespace text"),
      invalid("R2 non-text system block", set("system", droidThen("{\"type\": \"image\", \"text\": \"x\"}")),
        "system.1.type: Input should be 'text'"),

      invalid("messages required", remove("messages"), "messages: Field required"),
      invalid("messages non-empty", set("messages", "[]"), "messages: at least one message is required"),
      invalid("R1 system role in messages", set("messages", """
        [{"role": "system", "content": "Hi"}]"""), "messages.0.role: Input should be 'user' or 'assistant'"),
      invalid("first message is user", set("messages", """
        [{"role": "assistant", "content": "Hi"}]"""), "messages: first message must use the \"user\" role"),
      invalid("R9 roles alternate", set("messages", """
        [{"role": "user", "content": "Hi"}, {"role": "user", "content": "again"}]"""),
        "messages: roles must alternate between \"user\" and \"assistant\", but found multiple \"user\" roles in a row"),
      invalid("R11 OpenAI message field leaked", set("messages", """
        [{"role": "user", "content": "Hi", "name": "bob"}]"""), "messages.0.name: Extra inputs are not permitted"),
      invalid("R5 empty string content", set("messages", """
        [{"role": "user", "content": ""}]"""),
        "messages.0: all messages must have non-empty content except for the optional final assistant message"),
      invalid("R5 empty block list", set("messages", """
        [{"role": "user", "content": []}]"""),
        "messages.0: all messages must have non-empty content except for the optional final assistant message"),
      invalid("R5 whitespace string content", set("messages", """
        [{"role": "user", "content": "  "}]"""), "messages.0.content: text content blocks must contain non-whitespace text"),
      invalid("R5 empty text block", userBlocks("{\"type\": \"text\", \"text\": \"\"}"),
        "messages.0.content.0.text: text content blocks must be non-empty"),
      invalid("R6 OpenAI image_url part leaked", userBlocks("{\"type\": \"image_url\", \"image_url\": {\"url\": \"x\"}}"),
        "messages.0.content.0.type: Input tag 'image_url' found using 'type' does not match any of the expected tags: "
          + "'text', 'image', 'document', 'tool_use', 'tool_result', 'thinking', 'redacted_thinking'"),
      invalid("R6 image media type", userBlocks("""
        {"type": "image", "source": {"type": "base64", "media_type": "image/bmp", "data": "AAAA"}}"""),
        "messages.0.content.0.source.media_type: Input should be 'image/jpeg', 'image/png', 'image/gif' or 'image/webp'"),
      invalid("R6 image data required", userBlocks("""
        {"type": "image", "source": {"type": "base64", "media_type": "image/png"}}"""),
        "messages.0.content.0.source.data: Field required"),
      invalid("R7 url source needs url", userBlocks("""
        {"type": "image", "source": {"type": "url", "href": "https://example.com/a.png"}}"""),
        "messages.0.content.0.source.url: Field required"),
      invalid("R6 document is a pdf", userBlocks("""
        {"type": "document", "source": {"type": "base64", "media_type": "image/png", "data": "AAAA"}}"""),
        "messages.0.content.0.source.media_type: Input should be 'application/pdf'"),
      invalid("R11 tool_use needs input", set("messages", """
        [{"role": "user", "content": "Weather?"},
         {"role": "assistant", "content": [{"type": "tool_use", "id": "toolu_1", "name": "get_weather"}]},
         {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_1", "content": "sunny"}]}]"""),
        "messages.1.content.0.input: Field required"),
      invalid("R11 tool_use id pattern", set("messages", """
        [{"role": "user", "content": "Weather?"},
         {"role": "assistant", "content": [{"type": "tool_use", "id": "call:1", "name": "get_weather", "input": {}}]},
         {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "call:1", "content": "sunny"}]}]"""),
        "messages.1.content.0.id: String should match pattern '^[a-zA-Z0-9_-]+$'"),
      invalid("R15 thinking block needs signature", set("messages", """
        [{"role": "user", "content": "Hi"},
         {"role": "assistant", "content": [{"type": "thinking", "thinking": "hmm"}, {"type": "text", "text": "Hello"}]},
         {"role": "user", "content": "Go on"}]"""),
        "messages.1.content.0.signature: Field required"),
      invalid("R10 prefill trailing whitespace", set("messages", """
        [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "The answer is "}]"""),
        "messages: final assistant content cannot end with trailing whitespace"),
      invalid("R13 tool_use without tool_result", set("messages", """
        [{"role": "user", "content": "Weather?"},
         {"role": "assistant", "content": [{"type": "tool_use", "id": "toolu_1", "name": "get_weather", "input": {}}]},
         {"role": "user", "content": "never mind"}]"""), missingResults("messages.1", "toolu_1")),
      invalid("R12 tool_result after text", set("messages", """
        [{"role": "user", "content": "Weather?"},
         {"role": "assistant", "content": [{"type": "tool_use", "id": "toolu_1", "name": "get_weather", "input": {}}]},
         {"role": "user", "content": [{"type": "text", "text": "here:"},
                                      {"type": "tool_result", "tool_use_id": "toolu_1", "content": "sunny"}]}]"""),
        missingResults("messages.1", "toolu_1")),
      invalid("R12 every parallel call answered", set("messages", """
        [{"role": "user", "content": "Weather?"},
         {"role": "assistant", "content": [{"type": "tool_use", "id": "toolu_1", "name": "get_weather", "input": {}},
                                           {"type": "tool_use", "id": "toolu_2", "name": "get_weather", "input": {}}]},
         {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_2", "content": "rain"}]}]"""),
        missingResults("messages.1", "toolu_1")),
      invalid("R13 tool_result without tool_use", set("messages", """
        [{"role": "user", "content": "Weather?"},
         {"role": "assistant", "content": [{"type": "tool_use", "id": "toolu_1", "name": "get_weather", "input": {}}]},
         {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_1", "content": "sunny"},
                                      {"type": "tool_result", "tool_use_id": "toolu_9", "content": "rain"}]}]"""),
        "messages.2.content.1: unexpected `tool_use_id` found in `tool_result` blocks: toolu_9. "
          + "Each `tool_result` block must have a corresponding `tool_use` block in the previous message."),

      invalid("R16 tool name pattern", set("tools", """
        [{"name": "get weather", "input_schema": {"type": "object"}}]"""),
        "tools.0.name: String should match pattern '^[a-zA-Z0-9_-]{1,128}$'"),
      invalid("R16 input_schema required", set("tools", """
        [{"name": "get_weather"}]"""), "tools.0.input_schema: Field required"),
      invalid("R16 input_schema is an object schema", set("tools", """
        [{"name": "get_weather", "input_schema": {"type": "array"}}]"""),
        "tools.0.input_schema.type: Input should be 'object'"),
      invalid("R16 OpenAI tool shape leaked", set("tools", """
        [{"type": "function", "function": {"name": "get_weather", "parameters": {"type": "object"}}}]"""),
        "tools.0.function: Extra inputs are not permitted"),
      invalid("R17 tool_choice types", set("tool_choice", "{\"type\": \"required\"}"),
        "tool_choice.type: Input should be 'auto', 'any', 'tool' or 'none'"),
      invalid("R17 named tool_choice needs a name", set("tool_choice", "{\"type\": \"tool\"}"),
        "tool_choice.tool.name: Field required"),
      invalid("R18 none takes no disable_parallel_tool_use", set("tool_choice", """
        {"type": "none", "disable_parallel_tool_use": true}"""),
        "tool_choice.none.disable_parallel_tool_use: Extra inputs are not permitted"),

      invalid("R23 whitespace stop sequence", set("stop_sequences", "[\"END\", \" \\n\"]"),
        "stop_sequences: each stop sequence must contain non-whitespace"),
      invalid("R21 temperature above 1", put("temperature", 1.5), "temperature: Input should be less than or equal to 1"),
      invalid("R21 temperature below 0", put("temperature", -0.1), "temperature: Input should be greater than or equal to 0"),
      invalid("R22 temperature and top_p on sonnet-4-5", put("temperature", 0.5).andThen(put("top_p", 0.9)),
        "temperature and top_p cannot both be specified for this model. Please use only one."),
      invalid("R22 temperature and top_p on opus-4-1",
        put("model", "claude-opus-4-1-20250805").andThen(put("temperature", 0.5)).andThen(put("top_p", 0.9)),
        "temperature and top_p cannot both be specified for this model. Please use only one."),

      invalid("R28 thinking type", set("thinking", "{\"type\": \"on\"}"),
        "thinking.type: Input should be 'enabled', 'disabled' or 'adaptive'"),
      invalid("R28 thinking budget at least 1024", thinking(512),
        "thinking.enabled.budget_tokens: Input should be greater than or equal to 1024"),
      invalid("R28 max_tokens above thinking budget", thinking(1024),
        "max_tokens must be greater than thinking.budget_tokens"),
      invalid("R28 no temperature with thinking", thinkingOn().andThen(put("temperature", 0.7)),
        "temperature is not supported when thinking is enabled"),
      invalid("R28 no top_k with thinking", thinkingOn().andThen(put("top_k", 5)),
        "top_k is not supported when thinking is enabled"),
      invalid("R28 top_p at least 0.95 with thinking", thinkingOn().andThen(put("top_p", 0.5)),
        "top_p must be between 0.95 and 1 when thinking is enabled"),
      invalid("R28 no forced tool_choice with thinking", thinkingOn()
        .andThen(set("tools", "[{\"name\": \"get_weather\", \"input_schema\": {\"type\": \"object\"}}]"))
        .andThen(set("tool_choice", "{\"type\": \"any\"}")),
        "Thinking may not be enabled when tool_choice forces tool use."),
      invalid("R15 thinking tool turn starts with thinking", thinkingOn()
        .andThen(set("messages", """
          [{"role": "user", "content": "Weather?"},
           {"role": "assistant", "content": [{"type": "tool_use", "id": "toolu_1", "name": "get_weather", "input": {}}]},
           {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_1", "content": "sunny"}]}]""")),
        "messages.1.content.0.type: Expected `thinking` or `redacted_thinking`, but found `tool_use`. When `thinking` "
          + "is enabled, a final `assistant` message must start with a thinking block (preceeding the lastmost set of "
          + "`tool_use` and `tool_result` blocks).")
    );
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("acceptedRequests")
  void validVariantsAreAccepted(String rule, Consumer<JsonObject> changeBody, VertxTestContext context) {
    JsonObject body = FakeFactory.validRequest();
    changeBody.accept(body);
    post(body).onComplete(context.succeeding(answer -> context.verify(() -> {
      assertNull(fake.lastRequest().rejection());
      assertEquals(200, answer.status());
      context.completeNow();
    })));
  }

  static Stream<Arguments> acceptedRequests() {
    return Stream.of(
      accepted("Droid gate: system as one string", put("system", FakeFactory.DROID_IDENTITY + " Be brief.")),
      accepted("R3 client system text after the Droid block", set("system", droidThen("""
        {"type": "text", "text": "Be brief.", "cache_control": {"type": "ephemeral"}}"""))),
      accepted("R20 streaming allows a large max_tokens", put("stream", true).andThen(put("max_tokens", 64_000))),
      accepted("R29 passthrough keys", put("top_k", 5).andThen(set("metadata", "{\"user_id\": \"u-1\"}"))
        .andThen(set("output_config", "{\"effort\": \"low\"}")).andThen(put("service_tier", "auto"))),
      accepted("R22 temperature and top_p on a model that allows both",
        put("model", "claude-3-5-haiku-20241022").andThen(put("temperature", 0.5)).andThen(put("top_p", 0.9))),
      accepted("R6 R7 R8 image and document sources", userBlocks("""
        {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": "AAAA"}},
        {"type": "image", "source": {"type": "url", "url": "https://example.com/a.png"}},
        {"type": "document", "source": {"type": "base64", "media_type": "application/pdf", "data": "JVBERi0="}},
        {"type": "text", "text": "What are these?"}""")),
      accepted("R10 prefill without trailing whitespace", set("messages", """
        [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "The answer is"}]""")),
      accepted("R10 empty final assistant", set("messages", """
        [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": ""}]""")),
      accepted("R12 tool results first, then text, with block content and is_error", set("messages", """
        [{"role": "user", "content": "Weather?"},
         {"role": "assistant", "content": [{"type": "text", "text": "Checking."},
                                           {"type": "tool_use", "id": "toolu_1", "name": "get_weather", "input": {}},
                                           {"type": "tool_use", "id": "toolu_2", "name": "get_weather", "input": {}}]},
         {"role": "user", "content": [
           {"type": "tool_result", "tool_use_id": "toolu_2", "content": [{"type": "text", "text": "rain"}]},
           {"type": "tool_result", "tool_use_id": "toolu_1", "is_error": true},
           {"type": "text", "text": "Thanks"}]}]""")
        .andThen(set("tools", "[{\"name\": \"get_weather\", \"input_schema\": {\"type\": \"object\"}}]"))
        .andThen(set("tool_choice", "{\"type\": \"auto\", \"disable_parallel_tool_use\": true}"))),
      accepted("R15 R28 thinking tool turn replayed with its thinking", thinking(2048).andThen(put("max_tokens", 4096))
        .andThen(put("top_p", 0.95)).andThen(set("messages", """
          [{"role": "user", "content": "Weather?"},
           {"role": "assistant", "content": [{"type": "redacted_thinking", "data": "EmwKAhgB"},
                                             {"type": "tool_use", "id": "toolu_1", "name": "get_weather", "input": {}}]},
           {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_1", "content": "sunny"}]}]"""))),
      accepted("R28 adaptive thinking", set("thinking", "{\"type\": \"adaptive\"}")),
      accepted("R28 thinking disabled allows temperature",
        set("thinking", "{\"type\": \"disabled\"}").andThen(put("temperature", 1)))
    );
  }

  @Test
  void contentTypeMayCarryACharset(VertxTestContext context) {
    MultiMap headers = FakeFactory.validHeaders().set("content-type", "application/json; charset=utf-8");
    post(headers, FakeFactory.validRequest().encode()).onComplete(context.succeeding(answer -> context.verify(() -> {
      assertEquals(200, answer.status());
      context.completeNow();
    })));
  }

  @ParameterizedTest
  @ValueSource(strings = {"not json", "[{\"role\": \"user\"}]", ""})
  void bodyMustBeAJsonObject(String body, VertxTestContext context) {
    post(FakeFactory.validHeaders(), body).onComplete(context.succeeding(answer -> context.verify(() -> {
      String message = "There was an error parsing the body: expected a JSON object";
      assertEquals(400, answer.status());
      assertEquals(errorBody("invalid_request_error", message), answer.json());
      assertNull(fake.lastRequest().body());
      assertEquals(message, fake.lastRequest().rejection());
      context.completeNow();
    })));
  }

  @ParameterizedTest
  @ValueSource(strings = {"POST /v1/messages", "GET /api/llm/a/v1/messages", "POST /api/llm/o/v1/responses"})
  void unknownRoutesAreNotFound(String route, VertxTestContext context) {
    String[] methodAndPath = route.split(" ");
    String url = fake.url().replace(FakeFactory.PATH, methodAndPath[1]);
    RequestOptions options = requestOptions().setMethod(HttpMethod.valueOf(methodAndPath[0])).setAbsoluteURI(url);
    send(options, FakeFactory.validRequest().encode()).onComplete(context.succeeding(answer -> context.verify(() -> {
      assertEquals(404, answer.status());
      assertEquals(errorBody("not_found_error", "The requested resource could not be found."), answer.json());
      context.completeNow();
    })));
  }

  @Test
  void rejectedRequestsLeaveTheScriptForTheNextValidOne(VertxTestContext context) {
    fake.enqueue(Reply.text("scripted"));
    MultiMap noVersion = FakeFactory.validHeaders();
    noVersion.remove("x-client-version");
    post(noVersion, FakeFactory.validRequest().encode())
      .compose(rejected -> post(FakeFactory.validRequest()))
      .onComplete(context.succeeding(answer -> context.verify(() -> {
        assertEquals("scripted", firstText(answer));
        assertEquals(2, fake.callCount());
        assertEquals("Unable to determine client version", fake.received().get(0).rejection());
        context.completeNow();
      })));
  }

  @Test
  void expectKeyChangesTheAcceptedBearer(VertxTestContext context) {
    fake.expectKey("fk-test-rotated");
    MultiMap rotated = FakeFactory.validHeaders().set("authorization", "Bearer fk-test-rotated");
    post(FakeFactory.validRequest())
      .compose(oldKey -> post(rotated, FakeFactory.validRequest().encode()).map(newKey -> List.of(oldKey, newKey)))
      .onComplete(context.succeeding(answers -> context.verify(() -> {
        assertEquals(401, answers.get(0).status());
        assertEquals(200, answers.get(1).status());
        context.completeNow();
      })));
  }

  @Test
  void sseTextParsesIntoEvents() {
    List<SseEvent> events = SseEvent.parse("event: ping\ndata: {\"type\": \"ping\"}\n\n: comment\ndata: [DONE]\n");
    assertEquals(List.of(new SseEvent("ping", "{\"type\": \"ping\"}"), new SseEvent(null, "[DONE]")), events);
    assertEquals("data: [DONE]\n\n", events.get(1).wireText());
  }

  @Test
  void textSplitsNeverBreakASurrogatePair() {
    assertEquals(List.of("a\uD83D\uDE00", "bc"), MessageStream.split("a\uD83D\uDE00bc", 2));
    assertEquals(List.of("x"), MessageStream.split("x", 3));
    assertEquals(List.of("Hel", "lo!"), MessageStream.split("Hello!", 2));
    assertEquals(List.of(""), MessageStream.split("", 2));
  }

  // ---- table helpers ----

  private static Arguments header(String rule, Consumer<MultiMap> change, int status, String type, String message) {
    return Arguments.of(rule, change, (Consumer<JsonObject>) body -> { }, status, type, message);
  }

  private static Arguments invalid(String rule, Consumer<JsonObject> change, String message) {
    return Arguments.of(rule, (Consumer<MultiMap>) headers -> { }, change, 400, "invalid_request_error", message);
  }

  private static Arguments forbidden(String rule, Consumer<JsonObject> change) {
    return Arguments.of(rule, (Consumer<MultiMap>) headers -> { }, change, 403, "permission_error",
      "Access denied: this endpoint only serves Factory Droid requests");
  }

  private static Arguments accepted(String rule, Consumer<JsonObject> change) {
    return Arguments.of(rule, change);
  }

  private static Consumer<JsonObject> put(String key, Object value) {
    return body -> body.put(key, value);
  }

  /** Sets {@code key} to a value written as JSON text. */
  private static Consumer<JsonObject> set(String key, String json) {
    return body -> body.put(key, Json.decodeValue(json));
  }

  private static Consumer<JsonObject> remove(String key) {
    return body -> body.remove(key);
  }

  private static Consumer<JsonObject> thinking(int budget) {
    return set("thinking", "{\"type\": \"enabled\", \"budget_tokens\": " + budget + "}");
  }

  /** Thinking enabled with the smallest budget and room above it. */
  private static Consumer<JsonObject> thinkingOn() {
    return thinking(1024).andThen(put("max_tokens", 4096));
  }

  /** One user message whose content is these blocks (JSON text, comma-separated). */
  private static Consumer<JsonObject> userBlocks(String blocks) {
    return set("messages", "[{\"role\": \"user\", \"content\": [" + blocks + "]}]");
  }

  /** System blocks: the Droid identity, then {@code block} (JSON text). */
  private static String droidThen(String block) {
    return "[{\"type\": \"text\", \"text\": \"" + FakeFactory.DROID_IDENTITY + "\"}, " + block + "]";
  }

  private static String missingResults(String path, String ids) {
    return path + ": `tool_use` ids were found without `tool_result` blocks immediately after: " + ids
      + ". Each `tool_use` block must have a corresponding `tool_result` block in the next message.";
  }

  private static JsonObject errorBody(String type, String message) {
    return new JsonObject().put("type", "error").put("error", new JsonObject().put("type", type).put("message", message));
  }

  // ---- client helpers ----

  private RequestOptions requestOptions() {
    return new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(fake.url()).setHeaders(FakeFactory.validHeaders());
  }

  private Future<Answer> post(JsonObject body) {
    return post(FakeFactory.validHeaders(), body.encode());
  }

  private Future<Answer> post(MultiMap headers, String body) {
    return send(requestOptions().setHeaders(headers), body);
  }

  /** The body is read in the same callback that gets the response head, or its first bytes could be missed. */
  private Future<Answer> send(RequestOptions options, String body) {
    return client.request(options).compose(request -> request.send(body).compose(response -> response.body()
      .map(content -> new Answer(response.statusCode(), response.headers(), content.toString()))));
  }

  /** Sends a request and reads the answer chunk by chunk as it arrives; completes when the answer ends. */
  private Future<Void> readChunks(JsonObject body, BiConsumer<HttpClientResponse, Buffer> onChunk) {
    return client.request(requestOptions()).compose(request -> request.send(body.encode()).compose(response -> {
      response.handler(chunk -> onChunk.accept(response, chunk));
      return response.end();
    }));
  }

  private static String firstText(Answer answer) {
    return answer.json().getJsonArray("content").getJsonObject(0).getString("text");
  }

  private static List<String> textDeltas(String sse) {
    return SseEvent.parse(sse).stream()
      .map(event -> new JsonObject(event.data()))
      .filter(data -> data.getJsonObject("delta", new JsonObject()).getString("type", "").equals("text_delta"))
      .map(data -> data.getJsonObject("delta").getString("text"))
      .toList();
  }
}
