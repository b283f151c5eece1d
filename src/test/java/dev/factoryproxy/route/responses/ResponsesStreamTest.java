package dev.factoryproxy.route.responses;

import dev.factoryproxy.dialect.StreamTranslation;
import dev.factoryproxy.testing.ResponsesEvents;
import dev.factoryproxy.testing.SseEvent;
import dev.factoryproxy.translate.ResponseContext;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.factoryproxy.route.responses.Fixtures.context;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Factory's Responses SSE → chat chunks, rules OT1–OT10 (docs/route-responses.md). */
class ResponsesStreamTest {
  private static final String HEAD = "{\"id\":\"chatcmpl-resp_s\",\"object\":\"chat.completion.chunk\","
    + "\"created\":1700000123,\"model\":\"gpt-5.4\",\"system_fingerprint\":null,\"choices\":[{\"index\":0,\"delta\":";
  private static final String OPEN = "{\"logprobs\":null,\"finish_reason\":null}]}";

  /** The frames written for these events (in order), then for the end of the body. */
  private static List<String> frames(StreamTranslation stream, List<SseEvent> events, boolean end) {
    StringBuilder out = new StringBuilder();
    for (SseEvent event : events) {
      out.append(stream.onRawEvent(event.event(), event.data()));
    }
    if (end) {
      out.append(stream.onUpstreamEnd());
    }
    List<String> frames = new ArrayList<>();
    for (String frame : out.toString().split("\n\n")) {
      if (!frame.isEmpty()) {
        assertTrue(frame.startsWith("data: "), frame);
        frames.add(frame.substring(6));
      }
    }
    return frames;
  }

  private static List<String> frames(String responseJson, ResponseContext ctx) {
    return frames(Fixtures.ROUTE.toChatStream(ctx), ResponsesEvents.of(new JsonObject(responseJson)), true);
  }

  private static String chunk(String delta) {
    return HEAD + delta + "," + OPEN.substring(1);
  }

  private static String finish(String reason, String nativeReason) {
    return HEAD + "{},\"logprobs\":null,\"finish_reason\":\"" + reason + "\",\"native_finish_reason\":\""
      + nativeReason + "\"}]}";
  }

  private static final String TEXT = """
    {"id": "resp_s", "object": "response", "status": "completed", "model": "gpt-5.4",
     "output": [{"type": "message", "id": "msg_1", "role": "assistant", "status": "completed",
       "content": [{"type": "output_text", "text": "Hello", "annotations": []}]}],
     "usage": {"input_tokens": 9, "input_tokens_details": {"cached_tokens": 4}, "output_tokens": 2,
       "output_tokens_details": {"reasoning_tokens": 0}, "total_tokens": 11}}""";

  @Test
  void ot1_ot2_ot6_roleFirstThenTextDeltasThenFinishAndDone() {
    assertEquals(List.of(
      chunk("{\"role\":\"assistant\",\"content\":\"\"}"),
      chunk("{\"content\":\"He\"}"),
      chunk("{\"content\":\"llo\"}"),
      finish("stop", "completed"),
      "[DONE]"), frames(TEXT, context(true, false)));
  }

  @Test
  void ot6_includeUsageAddsAUsageChunkBeforeDone() {
    List<String> frames = frames(TEXT, context(true, true));
    assertEquals(6, frames.size());
    assertTrue(frames.get(0).endsWith("\"finish_reason\":null}],\"usage\":null}"), frames.get(0));
    assertEquals(new JsonObject("""
      {"id": "chatcmpl-resp_s", "object": "chat.completion.chunk", "created": 1700000123, "model": "gpt-5.4",
       "system_fingerprint": null, "choices": [],
       "usage": {"prompt_tokens": 9, "completion_tokens": 2, "total_tokens": 11,
         "prompt_tokens_details": {"cached_tokens": 4}, "completion_tokens_details": {"reasoning_tokens": 0}}}"""),
      new JsonObject(frames.get(4)));
    assertEquals("[DONE]", frames.get(5));
  }

  @Test
  void ot3_parallelToolCallsGetTheirOwnIndexIdNameThenArguments() { // output indices 1 and 2, call indices 0 and 1
    List<String> frames = frames("""
      {"id": "resp_s", "status": "completed", "model": "gpt-5.4", "output": [
        {"type": "reasoning", "id": "rs_0", "summary": []},
        {"type": "function_call", "id": "fc_1", "call_id": "call_a", "name": "ls", "arguments": "{\\"d\\":1}",
         "status": "completed"},
        {"type": "function_call", "id": "fc_2", "call_id": "call_b", "name": "pwd", "arguments": "{}",
         "status": "completed"}]}""", context(true, false));
    assertEquals(List.of(
      chunk("{\"role\":\"assistant\",\"content\":\"\"}"),
      chunk("{\"tool_calls\":[{\"index\":0,\"id\":\"call_a\",\"type\":\"function\",\"function\":{\"name\":\"ls\","
        + "\"arguments\":\"\"}}]}"),
      chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"d\"}}]}"),
      chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"\\\":1}\"}}]}"),
      chunk("{\"tool_calls\":[{\"index\":1,\"id\":\"call_b\",\"type\":\"function\",\"function\":{\"name\":\"pwd\","
        + "\"arguments\":\"\"}}]}"),
      chunk("{\"tool_calls\":[{\"index\":1,\"function\":{\"arguments\":\"{\"}}]}"),
      chunk("{\"tool_calls\":[{\"index\":1,\"function\":{\"arguments\":\"}\"}}]}"),
      finish("tool_calls", "completed"),
      "[DONE]"), frames);
  }

  @Test
  void ot3_aCallWithoutArgumentDeltasGetsItsArgumentsFromTheDoneItem() {
    List<SseEvent> events = List.of(
      event("{\"type\":\"response.created\",\"response\":{\"id\":\"resp_s\",\"model\":\"gpt-5.4\"}}"),
      event("{\"type\":\"response.output_item.added\",\"output_index\":0,\"item\":{\"type\":\"function_call\","
        + "\"call_id\":\"c\",\"name\":\"now\",\"arguments\":\"\"}}"),
      event("{\"type\":\"response.output_item.done\",\"output_index\":0,\"item\":{\"type\":\"function_call\","
        + "\"call_id\":\"c\",\"name\":\"now\",\"arguments\":\"\"}}"));
    List<String> frames = frames(Fixtures.ROUTE.toChatStream(context(true, false)), events, false);
    assertEquals(chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{}\"}}]}"), frames.get(2));
  }

  @Test
  void ot4_ot5_reasoningSummaryDeltasThenTheSignatureBlock() {
    List<String> frames = frames("""
      {"id": "resp_s", "status": "completed", "model": "gpt-5.4", "output": [
        {"type": "reasoning", "id": "rs_1", "summary": [{"type": "summary_text", "text": "ab"},
          {"type": "summary_text", "text": "c"}], "encrypted_content": "ENC"},
        {"type": "message", "id": "m", "role": "assistant", "content": [{"type": "output_text", "text": "x"}]}]}""",
      context(true, false));
    assertEquals(List.of(
      chunk("{\"role\":\"assistant\",\"content\":\"\"}"),
      chunk("{\"reasoning_content\":\"a\"}"),
      chunk("{\"reasoning_content\":\"b\"}"),
      chunk("{\"reasoning_content\":\"\\nc\"}"),
      chunk("{\"thinking_blocks\":[{\"type\":\"thinking\",\"thinking\":\"\",\"signature\":\"openai-reasoning:ENC\"}]}"),
      chunk("{\"content\":\"x\"}"),
      finish("stop", "completed"),
      "[DONE]"), frames);
  }

  @Test
  void ot6_incompleteForMaxOutputTokensFinishesWithLength() {
    List<String> frames = frames("""
      {"id": "resp_s", "status": "incomplete", "incomplete_details": {"reason": "max_output_tokens"},
       "model": "gpt-5.4", "output": [{"type": "message", "id": "m", "role": "assistant",
         "content": [{"type": "output_text", "text": "ab"}]}]}""", context(true, false));
    assertEquals(finish("length", "max_output_tokens"), frames.get(frames.size() - 2));
  }

  @Test
  void ot6_refusalDeltasGoToRefusal() {
    List<String> frames = frames("""
      {"id": "resp_s", "status": "completed", "model": "gpt-5.4", "output": [{"type": "message", "id": "m",
        "role": "assistant", "content": [{"type": "refusal", "refusal": "No"}]}]}""", context(true, false));
    assertEquals(chunk("{\"refusal\":\"N\"}"), frames.get(1));
  }

  @Test
  void ot7_responseFailedAfterOutputEndsWithAnErrorFrameNotDone() {
    StreamTranslation stream = Fixtures.ROUTE.toChatStream(context(true, false));
    List<String> frames = frames(stream, List.of(
      event("{\"type\":\"response.created\",\"response\":{\"id\":\"resp_s\",\"model\":\"gpt-5.4\"}}"),
      event("{\"type\":\"response.output_text.delta\",\"output_index\":0,\"delta\":\"Hi\"}"),
      event("{\"type\":\"response.failed\",\"response\":{\"id\":\"resp_s\",\"status\":\"failed\","
        + "\"error\":{\"code\":\"server_error\",\"message\":\"The model crashed\"}}}"),
      event("{\"type\":\"response.output_text.delta\",\"output_index\":0,\"delta\":\"late\"}")), true);
    assertEquals(List.of(
      chunk("{\"role\":\"assistant\",\"content\":\"\"}"),
      chunk("{\"content\":\"Hi\"}"),
      "{\"error\":{\"message\":\"The model crashed\",\"type\":\"server_error\",\"param\":null,"
        + "\"code\":\"server_error\"}}"), frames);
    assertTrue(stream.done() && stream.failed());
  }

  @Test
  void ot7_errorEventsBecomeErrorFrames() {
    StreamTranslation stream = Fixtures.ROUTE.toChatStream(context(true, false));
    List<String> frames = frames(stream, List.of(event("{\"type\":\"error\",\"code\":\"rate_limit_exceeded\","
      + "\"message\":\"Slow down\",\"param\":null,\"sequence_number\":3}")), true);
    assertEquals(List.of("{\"error\":{\"message\":\"Slow down\",\"type\":\"rate_limit_error\",\"param\":null,"
      + "\"code\":\"rate_limit_exceeded\"}}"), frames);
    assertTrue(stream.failed());
  }

  @Test
  void ot8_aStreamThatEndsEarlyEndsWithStreamTruncated() {
    List<SseEvent> all = ResponsesEvents.of(new JsonObject(TEXT));
    StreamTranslation stream = Fixtures.ROUTE.toChatStream(context(true, false));
    List<String> frames = frames(stream, all.subList(0, all.size() - 1), true);
    assertEquals("{\"error\":{\"message\":\"The upstream stream ended before the response was complete\","
      + "\"type\":\"api_error\",\"param\":null,\"code\":\"stream_truncated\"}}", frames.get(frames.size() - 1));
    assertFalse(frames.contains("[DONE]"));
    assertTrue(stream.failed());
  }

  @Test
  void ot9_anErrorBeforeAnyOutputStandsForAnHttpStatus() {
    ResponsesRoute route = Fixtures.ROUTE;
    assertEquals(429, route.openingErrorStatus("error", new JsonObject("{\"type\":\"error\","
      + "\"code\":\"rate_limit_exceeded\",\"message\":\"x\"}")));
    assertEquals(400, route.openingErrorStatus(null, new JsonObject("{\"type\":\"response.failed\","
      + "\"response\":{\"error\":{\"code\":\"context_length_exceeded\",\"message\":\"x\"}}}")));
    assertEquals(500, route.openingErrorStatus("error", new JsonObject("{\"type\":\"error\","
      + "\"error\":{\"code\":\"server_error\"}}")));
    assertEquals(0, route.openingErrorStatus("response.created", new JsonObject("{\"type\":\"response.created\"}")));
  }

  @Test
  void ot10_unknownEventsAndDoneLinesAreIgnoredAndStateIsReported() {
    StreamTranslation stream = Fixtures.ROUTE.toChatStream(context(true, false));
    assertEquals("", stream.onRawEvent("response.web_search_call.searching", "{\"type\":"
      + "\"response.web_search_call.searching\"}"));
    assertEquals("", stream.onRawEvent(null, "[DONE]"));
    frames(stream, ResponsesEvents.of(new JsonObject(TEXT)), false);
    assertEquals("stop", stream.finishReason());
    assertEquals(11L, stream.usage().getLong("total_tokens"));
    assertEquals("", stream.onUpstreamEnd());
    assertFalse(stream.failed());
  }

  private static SseEvent event(String json) {
    return new SseEvent(new JsonObject(json).getString("type"), json);
  }
}
