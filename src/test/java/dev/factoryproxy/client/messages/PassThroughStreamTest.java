package dev.factoryproxy.client.messages;

import dev.factoryproxy.dialect.StreamTranslation;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PassThroughStreamTest {
  /** Factory's stream for "PONG", with the spacing and key order Anthropic's servers use (not Vert.x's). */
  private static final String[][] EVENTS = {
    {"message_start", "{\"type\": \"message_start\", \"message\": {\"id\": \"msg_1\", \"type\": \"message\", "
      + "\"role\": \"assistant\", \"model\": \"claude-sonnet-4-5\", \"content\": [], \"stop_reason\": null, "
      + "\"usage\": {\"input_tokens\": 5, \"cache_read_input_tokens\": 3, \"output_tokens\": 1}}}"},
    {"content_block_start", "{\"type\": \"content_block_start\", \"index\": 0, \"content_block\": "
      + "{\"type\": \"text\", \"text\": \"\"}}"},
    {"ping", "{\"type\": \"ping\"}"},
    {"content_block_delta", "{\"type\": \"content_block_delta\", \"index\": 0, \"delta\": "
      + "{\"type\": \"text_delta\", \"text\": \"PONG \\u00e9\"}}"},
    {"content_block_stop", "{\"type\": \"content_block_stop\", \"index\": 0}"},
    {"message_delta", "{\"type\": \"message_delta\", \"delta\": {\"stop_reason\": \"end_turn\", "
      + "\"stop_sequence\": null}, \"usage\": {\"output_tokens\": 2}}"},
    {"message_stop", "{\"type\": \"message_stop\"}"},
  };

  @Test
  void mp8_everyEventIsForwardedByteForByte() {
    StreamTranslation stream = new ClaudePassThrough(Fixtures.settings()).stream(null);
    StringBuilder expected = new StringBuilder();
    StringBuilder out = new StringBuilder();
    for (String[] event : EVENTS) {
      expected.append("event: ").append(event[0]).append("\ndata: ").append(event[1]).append("\n\n");
      out.append(stream.onRawEvent(event[0], event[1]));
    }
    out.append(stream.onUpstreamEnd());
    assertEquals(expected.toString(), out.toString());
    assertTrue(stream.done());
    assertFalse(stream.failed());
  }

  @Test
  void mp8_usageAndStopReasonAreTrackedForTheAccessLog() {
    StreamTranslation stream = new PassThroughStream();
    assertNull(stream.usage());
    for (String[] event : EVENTS) {
      stream.onRawEvent(event[0], event[1]);
    }
    assertEquals("end_turn", stream.finishReason());
    assertEquals(new JsonObject("""
      {"prompt_tokens":8,"completion_tokens":2,"total_tokens":10,"prompt_tokens_details":{"cached_tokens":3}}"""),
      stream.usage());
  }

  @Test
  void mp8_anEventWithoutANameIsNamedByItsType() {
    StreamTranslation stream = new PassThroughStream();
    assertEquals("event: ping\ndata: {\"type\":\"ping\"}\n\n", stream.onRawEvent(null, "{\"type\":\"ping\"}"));
    assertEquals("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n",
      stream.onEvent(null, new JsonObject().put("type", "message_stop")));
    assertTrue(stream.done());
    assertEquals("", stream.onRawEvent("ping", "{\"type\":\"ping\"}"), "nothing after message_stop");
  }

  @Test
  void me3_aStreamThatBreaksEndsWithAnErrorEvent() {
    StreamTranslation stream = new PassThroughStream();
    stream.onRawEvent(EVENTS[0][0], EVENTS[0][1]);
    stream.onRawEvent(EVENTS[1][0], EVENTS[1][1]);
    assertEquals("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":"
      + "\"The upstream stream ended before the response was complete\"}}\n\n", stream.onUpstreamEnd());
    assertTrue(stream.failed());
    assertEquals("", stream.onUpstreamEnd());
  }

  @Test
  void me3_factorysOwnErrorEventIsForwardedAndEndsTheStream() {
    StreamTranslation stream = new PassThroughStream();
    String error = "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}";
    assertEquals("event: error\ndata: " + error + "\n\n", stream.onRawEvent("error", error));
    assertTrue(stream.done());
    assertTrue(stream.failed());
    assertEquals("", stream.onUpstreamEnd());
  }
}
