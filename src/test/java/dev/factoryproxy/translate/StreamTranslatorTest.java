package dev.factoryproxy.translate;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StreamTranslatorTest {

  private static final String MODEL = "claude-sonnet-4-5-20250929";
  private static final ResponseContext CTX = new ResponseContext(MODEL, true, false, 1700000000L, false, null, Map.of());
  private static final ResponseContext WITH_USAGE = new ResponseContext(MODEL, true, true, 1700000000L, false, null,
    Map.of());
  private static final String DONE = "[DONE]";

  /** Verbatim from translation.md (Anthropic docs, basic request). */
  private static final String MESSAGE_START = """
      event: message_start
      data: {"type": "message_start", "message": {"id": "msg_1nZdL29xx5MUA1yADyHTEsnR8uuvGzszyY", "type": "message", "role": "assistant", "content": [], "model": "claude-sonnet-4-5-20250929", "stop_reason": null, "stop_sequence": null, "usage": {"input_tokens": 25, "output_tokens": 1}}}

      """;

  private static final String BASIC_TEXT_STREAM = MESSAGE_START + """
      event: content_block_start
      data: {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}}

      event: ping
      data: {"type": "ping"}

      event: content_block_delta
      data: {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "Hello"}}

      event: content_block_delta
      data: {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "!"}}

      event: content_block_stop
      data: {"type": "content_block_stop", "index": 0}

      event: message_delta
      data: {"type": "message_delta", "delta": {"stop_reason": "end_turn", "stop_sequence":null}, "usage": {"output_tokens": 15}}

      event: message_stop
      data: {"type": "message_stop"}
      """;

  private static final String MESSAGE_STOP = """
      data: {"type":"message_stop"}
      """;

  // ---- replay helpers ----

  /**
   * Feeds an SSE transcript (single-line {@code data:} events, optional {@code event:} lines) event by event and
   * returns every frame written: parsed JSON, or "[DONE]".
   */
  private static List<Object> replay(StreamTranslator translator, String transcript) {
    StringBuilder written = new StringBuilder();
    String event = null;
    for (String line : transcript.split("\n")) {
      if (line.startsWith("event: ")) {
        event = line.substring(7);
      } else if (line.startsWith("data: ")) {
        written.append(translator.onEvent(event, new JsonObject(line.substring(6))));
        event = null;
      }
    }
    return frames(written.toString());
  }

  /** Splits written text into frames, checking each is exactly {@code data: <payload>\n\n} (T1). */
  private static List<Object> frames(String written) {
    List<Object> frames = new ArrayList<>();
    if (written.isEmpty()) {
      return frames;
    }
    assertTrue(written.endsWith("\n\n"), "frames end with a blank line: " + written);
    for (String frame : written.substring(0, written.length() - 2).split("\n\n", -1)) {
      assertTrue(frame.startsWith("data: ") && !frame.contains("\n"), "data-only frame: " + frame);
      String payload = frame.substring(6);
      frames.add(payload.equals(DONE) ? DONE : new JsonObject(payload));
    }
    return frames;
  }

  /** Expected chunks for the docs' message id, with or without the T10 {@code "usage":null}. */
  private record Chunks(boolean includeUsage) {
    static final Chunks PLAIN = new Chunks(false);
    static final Chunks USAGE = new Chunks(true);

    JsonObject delta(String delta) {
      return choiceChunk(delta, "null");
    }

    JsonObject finish(String finishReason, String nativeReason) {
      return choiceChunk("{}", "\"" + finishReason + "\",\"native_finish_reason\":\"" + nativeReason + "\"");
    }

    private JsonObject choiceChunk(String delta, String finish) {
      JsonObject chunk = new JsonObject("""
          {"id":"chatcmpl-msg_1nZdL29xx5MUA1yADyHTEsnR8uuvGzszyY","object":"chat.completion.chunk",
           "created":1700000000,"model":"claude-sonnet-4-5-20250929","system_fingerprint":null,
           "choices":[{"index":0,"delta":%s,"logprobs":null,"finish_reason":%s}]}""".formatted(delta, finish));
      return includeUsage ? chunk.put("usage", null) : chunk;
    }

    JsonObject usage(String usage) {
      return new JsonObject("""
          {"id":"chatcmpl-msg_1nZdL29xx5MUA1yADyHTEsnR8uuvGzszyY","object":"chat.completion.chunk",
           "created":1700000000,"model":"claude-sonnet-4-5-20250929","system_fingerprint":null,
           "choices":[],"usage":%s}""".formatted(usage));
    }
  }

  private static final JsonObject ROLE = Chunks.PLAIN.delta("{\"role\":\"assistant\",\"content\":\"\"}");

  private static List<Object> list(Object... frames) {
    return List.of(frames);
  }

  private static String blockStart(int index, String block) {
    return "data: {\"type\":\"content_block_start\",\"index\":" + index + ",\"content_block\":" + block + "}\n";
  }

  private static String blockDelta(int index, String delta) {
    return "data: {\"type\":\"content_block_delta\",\"index\":" + index + ",\"delta\":" + delta + "}\n";
  }

  private static String blockStop(int index) {
    return "data: {\"type\":\"content_block_stop\",\"index\":" + index + "}\n";
  }

  private static String messageDelta(String stopReason, int outputTokens) {
    return "data: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"" + stopReason
      + "\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":" + outputTokens + "}}\n";
  }

  private static String toolStart(int index, String id, String name) {
    return blockStart(index, "{\"type\":\"tool_use\",\"id\":\"" + id + "\",\"name\":\"" + name + "\",\"input\":{}}");
  }

  private static String arguments(int index, String partialJson) {
    return blockDelta(index, new JsonObject().put("type", "input_json_delta").put("partial_json", partialJson).encode());
  }

  // ---- docs transcripts ----

  @Test
  void t2_t3_t4_t9_t11_basicTextStreamFromTheDocs() {
    StreamTranslator translator = new StreamTranslator(CTX);
    assertEquals(list(
        ROLE,
        Chunks.PLAIN.delta("{\"content\":\"Hello\"}"),
        Chunks.PLAIN.delta("{\"content\":\"!\"}"),
        Chunks.PLAIN.finish("stop", "end_turn"),
        DONE),
      replay(translator, BASIC_TEXT_STREAM));
    assertTrue(translator.done());
    assertFalse(translator.failed());
    assertEquals("stop", translator.finishReason());
    assertEquals(new JsonObject("""
        {"prompt_tokens":25,"completion_tokens":15,"total_tokens":40,"prompt_tokens_details":{"cached_tokens":0}}"""),
      translator.usage());
  }

  @Test
  void t5_t6_t10_toolUseExampleFromTheDocs() {
    String transcript = """
        data: {"type":"message_start","message":{"id":"msg_1nZdL29xx5MUA1yADyHTEsnR8uuvGzszyY","type":"message","role":"assistant","content":[],"model":"claude-sonnet-4-5-20250929","stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":472,"output_tokens":2}}}
        data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}
        data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Okay, let's check the weather."}}
        data: {"type":"content_block_stop","index":0}

        event: content_block_start
        data: {"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_01T1x1fJ34qAmk2tNTrN7Up6","name":"get_weather","input":{}}}

        event: content_block_delta
        data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":""}}

        event: content_block_delta
        data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\\"location\\":"}}

        data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":" \\"San Francisco, CA\\"}"}}
        data: {"type":"content_block_stop","index":1}

        event: message_delta
        data: {"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":89}}
        """ + MESSAGE_STOP;
    Chunks c = Chunks.USAGE;
    assertEquals(list(
        c.delta("{\"role\":\"assistant\",\"content\":\"\"}"),
        c.delta("{\"content\":\"Okay, let's check the weather.\"}"),
        c.delta("""
            {"tool_calls":[{"index":0,"id":"toolu_01T1x1fJ34qAmk2tNTrN7Up6","type":"function",
                            "function":{"name":"get_weather","arguments":""}}]}"""),
        c.delta("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"location\\\":\"}}]}"),
        c.delta("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\" \\\"San Francisco, CA\\\"}\"}}]}"),
        c.finish("tool_calls", "tool_use"),
        c.usage("""
            {"prompt_tokens":472,"completion_tokens":89,"total_tokens":561,"prompt_tokens_details":{"cached_tokens":0}}"""),
        DONE),
      replay(new StreamTranslator(WITH_USAGE), transcript));
  }

  @Test
  void t7_thinkingThenTextFromTheDocs() {
    // data-only lines: the event name is null and data.type decides
    String transcript = MESSAGE_START + """
        data: {"type": "content_block_start", "index": 0, "content_block": {"type": "thinking", "thinking": "", "signature": ""}}
        data: {"type": "content_block_delta", "index": 0, "delta": {"type": "thinking_delta", "thinking": "Let me solve this step by step:\\n\\n1. First break down 27 * 453"}}
        data: {"type": "content_block_delta", "index": 0, "delta": {"type": "signature_delta", "signature": "EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds..."}}
        data: {"type": "content_block_stop", "index": 0}
        data: {"type": "content_block_start", "index": 1, "content_block": {"type": "text", "text": ""}}
        data: {"type": "content_block_delta", "index": 1, "delta": {"type": "text_delta", "text": "27 * 453 = 12,231"}}
        data: {"type": "content_block_stop", "index": 1}
        """ + messageDelta("end_turn", 120) + MESSAGE_STOP;
    assertEquals(list(
        ROLE,
        Chunks.PLAIN.delta("{\"reasoning_content\":\"Let me solve this step by step:\\n\\n1. First break down 27 * 453\"}"),
        Chunks.PLAIN.delta("""
            {"thinking_blocks":[{"type":"thinking","thinking":"",
              "signature":"EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds..."}]}"""),
        Chunks.PLAIN.delta("{\"content\":\"27 * 453 = 12,231\"}"),
        Chunks.PLAIN.finish("stop", "end_turn"),
        DONE),
      replay(new StreamTranslator(CTX), transcript));
  }

  @Test
  void t12_midStreamErrorFromTheDocsEndsTheStreamWithAnErrorFrame() {
    StreamTranslator translator = new StreamTranslator(CTX);
    String transcript = MESSAGE_START + blockStart(0, "{\"type\":\"text\",\"text\":\"\"}")
      + blockDelta(0, "{\"type\":\"text_delta\",\"text\":\"Hel\"}") + """
        event: error
        data: {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}
        """ + blockDelta(0, "{\"type\":\"text_delta\",\"text\":\"lo\"}") + messageDelta("end_turn", 3) + MESSAGE_STOP;
    assertEquals(list(
        ROLE,
        Chunks.PLAIN.delta("{\"content\":\"Hel\"}"),
        new JsonObject("""
            {"error":{"message":"Overloaded","type":"overloaded_error","param":null,"code":"overloaded"}}""")),
      replay(translator, transcript));
    assertTrue(translator.done());
    assertTrue(translator.failed());
    assertNull(translator.finishReason(), "no finish chunk after an error");
    assertEquals("", translator.onUpstreamEnd());
  }

  // ---- tool calls ----

  @Test
  void t5_twoParallelToolCallsGetIndices0And1WithIdAndNameOnlyFirst() {
    ResponseContext renamed = new ResponseContext(MODEL, true, false, 1700000000L, false, null,
      Map.of("lookup_2", "lookup.v2"));
    String transcript = MESSAGE_START
      + toolStart(0, "toolu_A", "get_weather") + arguments(0, "{\"city\":") + arguments(0, "\"Paris\"}") + blockStop(0)
      + toolStart(1, "toolu_B", "lookup_2") + arguments(1, "{\"q\":1}") + blockStop(1)
      + messageDelta("tool_use", 40) + MESSAGE_STOP;
    Chunks c = Chunks.PLAIN;
    assertEquals(list(
        ROLE,
        c.delta("""
            {"tool_calls":[{"index":0,"id":"toolu_A","type":"function","function":{"name":"get_weather","arguments":""}}]}"""),
        c.delta("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"city\\\":\"}}]}"),
        c.delta("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"\\\"Paris\\\"}\"}}]}"),
        c.delta("""
            {"tool_calls":[{"index":1,"id":"toolu_B","type":"function","function":{"name":"lookup.v2","arguments":""}}]}"""),
        c.delta("{\"tool_calls\":[{\"index\":1,\"function\":{\"arguments\":\"{\\\"q\\\":1}\"}}]}"),
        c.finish("tool_calls", "tool_use"),
        DONE),
      replay(new StreamTranslator(renamed), transcript));
  }

  @Test
  void t5_toolIndexCountsToolsNotContentBlocks() {
    String transcript = MESSAGE_START
      + blockStart(0, "{\"type\":\"thinking\",\"thinking\":\"\"}") + blockStop(0)
      + blockStart(1, "{\"type\":\"text\",\"text\":\"\"}") + blockDelta(1, "{\"type\":\"text_delta\",\"text\":\"On it.\"}")
      + blockStop(1)
      + toolStart(2, "toolu_A", "a") + arguments(2, "{}") + blockStop(2)
      + toolStart(3, "toolu_B", "b") + arguments(3, "{}") + blockStop(3);
    Chunks c = Chunks.PLAIN;
    assertEquals(list(
        ROLE,
        c.delta("{\"content\":\"On it.\"}"),
        c.delta("{\"tool_calls\":[{\"index\":0,\"id\":\"toolu_A\",\"type\":\"function\",\"function\":{\"name\":\"a\",\"arguments\":\"\"}}]}"),
        c.delta("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{}\"}}]}"),
        c.delta("{\"tool_calls\":[{\"index\":1,\"id\":\"toolu_B\",\"type\":\"function\",\"function\":{\"name\":\"b\",\"arguments\":\"\"}}]}"),
        c.delta("{\"tool_calls\":[{\"index\":1,\"function\":{\"arguments\":\"{}\"}}]}")),
      replay(new StreamTranslator(CTX), transcript));
  }

  @Test
  void t6_toolWithoutArgumentBytesGetsEmptyObjectAtBlockStop() {
    String transcript = MESSAGE_START + toolStart(0, "toolu_A", "now") + arguments(0, "") + blockStop(0);
    assertEquals(list(
        ROLE,
        Chunks.PLAIN.delta("""
            {"tool_calls":[{"index":0,"id":"toolu_A","type":"function","function":{"name":"now","arguments":""}}]}"""),
        Chunks.PLAIN.delta("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{}\"}}]}")),
      replay(new StreamTranslator(CTX), transcript));
  }

  @Test
  void t15_syntheticJsonToolFragmentsBecomeContentWithFinishStop() {
    ResponseContext json = new ResponseContext(MODEL, true, false, 1700000000L, false, "json_output", Map.of());
    String transcript = MESSAGE_START + toolStart(0, "toolu_J", "json_output")
      + arguments(0, "{\"answer\":") + arguments(0, "42}") + blockStop(0)
      + messageDelta("tool_use", 9) + MESSAGE_STOP;
    StreamTranslator translator = new StreamTranslator(json);
    assertEquals(list(
        ROLE,
        Chunks.PLAIN.delta("{\"content\":\"{\\\"answer\\\":\"}"),
        Chunks.PLAIN.delta("{\"content\":\"42}\"}"),
        Chunks.PLAIN.finish("stop", "tool_use"),
        DONE),
      replay(translator, transcript));
    assertEquals("stop", translator.finishReason());
  }

  @Test
  void t15_realToolNextToTheJsonToolStaysAToolCallAtIndex0() {
    ResponseContext json = new ResponseContext(MODEL, true, false, 1700000000L, false, "json_output", Map.of());
    String transcript = MESSAGE_START + toolStart(0, "toolu_J", "json_output") + arguments(0, "{}") + blockStop(0)
      + toolStart(1, "toolu_R", "lookup") + blockStop(1) + messageDelta("tool_use", 9);
    assertEquals(list(
        ROLE,
        Chunks.PLAIN.delta("{\"content\":\"{}\"}"),
        Chunks.PLAIN.delta("""
            {"tool_calls":[{"index":0,"id":"toolu_R","type":"function","function":{"name":"lookup","arguments":""}}]}"""),
        Chunks.PLAIN.delta("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{}\"}}]}"),
        Chunks.PLAIN.finish("tool_calls", "tool_use")),
      replay(new StreamTranslator(json), transcript));
  }

  @Test
  void r14_legacyFunctionsStreamFunctionCallFragments() {
    ResponseContext legacy = new ResponseContext(MODEL, true, false, 1700000000L, true, null, Map.of());
    String transcript = MESSAGE_START + toolStart(0, "toolu_A", "get_weather")
      + arguments(0, "{\"city\":") + arguments(0, "\"Paris\"}") + blockStop(0)
      + toolStart(1, "toolu_B", "second") + arguments(1, "{}") + blockStop(1) // the legacy API carries one call
      + messageDelta("tool_use", 20) + MESSAGE_STOP;
    assertEquals(list(
        ROLE,
        Chunks.PLAIN.delta("{\"function_call\":{\"name\":\"get_weather\",\"arguments\":\"\"}}"),
        Chunks.PLAIN.delta("{\"function_call\":{\"arguments\":\"{\\\"city\\\":\"}}"),
        Chunks.PLAIN.delta("{\"function_call\":{\"arguments\":\"\\\"Paris\\\"}\"}}"),
        Chunks.PLAIN.finish("function_call", "tool_use"),
        DONE),
      replay(new StreamTranslator(legacy), transcript));
  }

  // ---- thinking, ignored blocks ----

  @Test
  void t7_redactedThinkingBecomesAThinkingBlockWithData() {
    String transcript = MESSAGE_START + blockStart(0, "{\"type\":\"redacted_thinking\",\"data\":\"ENCRYPTED\"}")
      + blockStop(0);
    assertEquals(list(
        ROLE,
        Chunks.PLAIN.delta("{\"thinking_blocks\":[{\"type\":\"redacted_thinking\",\"data\":\"ENCRYPTED\"}]}")),
      replay(new StreamTranslator(CTX), transcript));
  }

  @Test
  void t4_nonEmptyTextAtBlockStartIsSent() {
    String transcript = MESSAGE_START + blockStart(0, "{\"type\":\"text\",\"text\":\"Hi\"}");
    assertEquals(list(ROLE, Chunks.PLAIN.delta("{\"content\":\"Hi\"}")), replay(new StreamTranslator(CTX), transcript));
  }

  @Test
  void t8_serverToolsCitationsAndUnknownEventsAreIgnored() {
    String transcript = MESSAGE_START
      + blockStart(0, "{\"type\":\"server_tool_use\",\"id\":\"srvtoolu_1\",\"name\":\"web_search\",\"input\":{}}")
      + arguments(0, "{\"query\":\"x\"}") + blockStop(0)
      + blockStart(1, "{\"type\":\"web_search_tool_result\",\"tool_use_id\":\"srvtoolu_1\",\"content\":[]}")
      + blockStop(1)
      + blockStart(2, "{\"type\":\"text\",\"text\":\"\"}")
      + blockDelta(2, "{\"type\":\"citations_delta\",\"citation\":{\"type\":\"web_search_result_location\"}}")
      + "data: {\"type\":\"some_future_event\"}\n"
      + "data: {\"type\":\"ping\"}\n";
    assertEquals(list(ROLE), replay(new StreamTranslator(CTX), transcript));
  }

  /** Text deltas take a cached-envelope path: its bytes must be exactly what encoding the whole chunk gives (T3, T4). */
  @ParameterizedTest
  @ValueSource(strings = {"plain", "quote \" backslash \\ slash /", "line\nbreak\ttab\rcr", "\u0000\u0001\u001f\u007f",
    "héllo wörld ✓ 😀", "\u2028\u2029", "</script><!--", "{\"delta\":null}", "\"delta\":null"})
  void t3_t4_textDeltaFramesAreByteForByteTheEncodedChunk(String text) {
    for (Chunks chunks : List.of(Chunks.PLAIN, Chunks.USAGE)) {
      StreamTranslator translator = new StreamTranslator(chunks.includeUsage() ? WITH_USAGE : CTX);
      translator.onEvent(null, new JsonObject(MESSAGE_START.substring(MESSAGE_START.indexOf('{'))));
      String content = new JsonObject().put("content", text).encode();
      String reasoning = new JsonObject().put("reasoning_content", text).encode();
      assertEquals("data: " + chunks.delta(content).encode() + "\n\n", translator.onEvent(null,
        new JsonObject().put("type", "content_block_delta").put("index", 0)
          .put("delta", new JsonObject().put("type", "text_delta").put("text", text))));
      assertEquals("data: " + chunks.delta(reasoning).encode() + "\n\n", translator.onEvent(null,
        new JsonObject().put("type", "content_block_delta").put("index", 0)
          .put("delta", new JsonObject().put("type", "thinking_delta").put("thinking", text))));
    }
  }

  // ---- usage, lifecycle ----

  @Test
  void t10_includeUsageAddsNullUsageToEveryChunkAndAFinalUsageChunk() {
    Chunks c = Chunks.USAGE;
    assertEquals(list(
        c.delta("{\"role\":\"assistant\",\"content\":\"\"}"),
        c.delta("{\"content\":\"Hello\"}"),
        c.delta("{\"content\":\"!\"}"),
        c.finish("stop", "end_turn"),
        c.usage("""
            {"prompt_tokens":25,"completion_tokens":15,"total_tokens":40,"prompt_tokens_details":{"cached_tokens":0}}"""),
        DONE),
      replay(new StreamTranslator(WITH_USAGE), BASIC_TEXT_STREAM));
  }

  @Test
  void t9_usageFromMessageStartIsOverriddenByMessageDeltaFields() {
    String transcript = """
        data: {"type":"message_start","message":{"id":"msg_1nZdL29xx5MUA1yADyHTEsnR8uuvGzszyY","model":"claude-sonnet-4-5-20250929","usage":{"input_tokens":10,"cache_read_input_tokens":100,"cache_creation_input_tokens":0,"output_tokens":1}}}
        data: {"type":"message_delta","delta":{"stop_reason":"max_tokens"},"usage":{"output_tokens":30,"cache_creation_input_tokens":50}}
        """;
    StreamTranslator translator = new StreamTranslator(WITH_USAGE);
    List<Object> frames = replay(translator, transcript);
    String usage = """
        {"prompt_tokens":160,"completion_tokens":30,"total_tokens":190,
         "prompt_tokens_details":{"cached_tokens":100,"cache_creation_tokens":50}}""";
    assertEquals(Chunks.USAGE.usage(usage), frames.get(frames.size() - 1));
    assertEquals(new JsonObject(usage), translator.usage());
    assertEquals("length", translator.finishReason());
  }

  @Test
  void t9_messageStopWithoutMessageDeltaStillSendsAFinishChunk() {
    StreamTranslator translator = new StreamTranslator(CTX);
    JsonObject finish = new JsonObject("""
        {"id":"chatcmpl-msg_1nZdL29xx5MUA1yADyHTEsnR8uuvGzszyY","object":"chat.completion.chunk",
         "created":1700000000,"model":"claude-sonnet-4-5-20250929","system_fingerprint":null,
         "choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop","native_finish_reason":null}]}""");
    assertEquals(list(ROLE, finish, DONE), replay(translator, MESSAGE_START + MESSAGE_STOP));
  }

  @Test
  void t11_eventsAfterMessageStopAreIgnored() {
    StreamTranslator translator = new StreamTranslator(CTX);
    replay(translator, BASIC_TEXT_STREAM);
    assertEquals(list(), replay(translator, MESSAGE_START + blockDelta(0, "{\"type\":\"text_delta\",\"text\":\"x\"}")
      + MESSAGE_STOP + "data: {\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"late\"}}\n"));
    assertEquals("", translator.onUpstreamEnd(), "a completed stream is not truncated");
    assertFalse(translator.failed());
  }

  @Test
  void t14_upstreamClosingBeforeMessageStopSendsStreamTruncated() {
    StreamTranslator translator = new StreamTranslator(CTX);
    replay(translator, MESSAGE_START + blockDelta(0, "{\"type\":\"text_delta\",\"text\":\"Hel\"}"));
    assertEquals(list(new JsonObject("""
        {"error":{"message":"The upstream stream ended before the response was complete","type":"api_error",
         "param":null,"code":"stream_truncated"}}""")), frames(translator.onUpstreamEnd()));
    assertTrue(translator.done());
    assertTrue(translator.failed());
    assertEquals("", translator.onUpstreamEnd(), "only one error frame");
    assertEquals(list(), replay(translator, MESSAGE_STOP));
  }

  @Test
  void t14_upstreamClosingWithoutAnyEventIsTruncatedToo() {
    StreamTranslator translator = new StreamTranslator(CTX);
    assertEquals("stream_truncated", ((JsonObject) frames(translator.onUpstreamEnd()).get(0))
      .getJsonObject("error").getString("code"));
    assertFalse(translator.started());
  }

  @Test
  void t2_onlyOneFirstChunkAndNothingBeforeMessageStart() {
    StreamTranslator translator = new StreamTranslator(CTX);
    assertEquals(list(), replay(translator, blockDelta(0, "{\"type\":\"text_delta\",\"text\":\"early\"}")));
    assertFalse(translator.started());
    assertNull(translator.usage());
    assertEquals(list(ROLE), replay(translator, MESSAGE_START + MESSAGE_START));
    assertTrue(translator.started());
  }

  @Test
  void t12_errorAsTheFirstEventIsStillAnErrorFrame() {
    StreamTranslator translator = new StreamTranslator(CTX);
    assertEquals(list(new JsonObject("""
        {"error":{"message":"Number of requests has exceeded your rate limit","type":"rate_limit_error","param":null,
         "code":"rate_limit_exceeded"}}""")), replay(translator, """
        data: {"type":"error","error":{"type":"rate_limit_error","message":"Number of requests has exceeded your rate limit"}}
        """));
    assertFalse(translator.started());
    assertTrue(translator.failed());
  }
}
