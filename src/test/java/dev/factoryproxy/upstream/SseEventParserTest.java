package dev.factoryproxy.upstream;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class SseEventParserTest {

  private record Event(String event, String data) {
  }

  private static final String SAMPLE = """
      event: message_start
      data: {"type":"message_start"}

      : keep-alive comment

      event: content_block_delta
      data: {"type":"content_block_delta","delta":{"text":"héllo wörld 🌍 日本"}}

      data: first line
      data:second line without space
      data:  two spaces keep one

      event: message_stop
      data: {"type":"message_stop"}

      """;

  private static final List<Event> SAMPLE_EVENTS = List.of(
    new Event("message_start", "{\"type\":\"message_start\"}"),
    new Event("content_block_delta", "{\"type\":\"content_block_delta\",\"delta\":{\"text\":\"héllo wörld 🌍 日本\"}}"),
    new Event(null, "first line\nsecond line without space\n two spaces keep one"),
    new Event("message_stop", "{\"type\":\"message_stop\"}"));

  private final List<Event> events = new ArrayList<>();

  private SseEventParser parser(int maxEventBytes) {
    return new SseEventParser(maxEventBytes, (event, data) -> events.add(new Event(event, data)));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private List<Event> parseInChunks(byte[] stream, int... cuts) {
    events.clear();
    SseEventParser parser = parser(1 << 20);
    int from = 0;
    for (int cut : cuts) {
      parser.feed(Buffer.buffer(Arrays.copyOfRange(stream, from, cut)));
      from = cut;
    }
    parser.feed(Buffer.buffer(Arrays.copyOfRange(stream, from, stream.length)));
    parser.end();
    return List.copyOf(events);
  }

  static Stream<Arguments> lineEndings() {
    return Stream.of(arguments("LF", "\n"), arguments("CRLF", "\r\n"), arguments("CR", "\r"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("lineEndings")
  void everySplitPositionGivesTheSameEvents(String name, String lineEnd) {
    byte[] stream = bytes(SAMPLE.replace("\n", lineEnd));
    assertEquals(SAMPLE_EVENTS, parseInChunks(stream));
    for (int cut = 1; cut < stream.length; cut++) {
      assertEquals(SAMPLE_EVENTS, parseInChunks(stream, cut), "split at byte " + cut);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("lineEndings")
  void byteByByteGivesTheSameEvents(String name, String lineEnd) {
    byte[] stream = bytes(SAMPLE.replace("\n", lineEnd));
    int[] cuts = new int[stream.length - 1];
    Arrays.setAll(cuts, i -> i + 1);
    assertEquals(SAMPLE_EVENTS, parseInChunks(stream, cuts));
  }

  @Test
  void crlfSplitBetweenCrAndLfIsOneLineEnd() {
    byte[] stream = bytes("data: a\r\n\r\ndata: b\r\n\r\n");
    assertEquals(List.of(new Event(null, "a"), new Event(null, "b")), parseInChunks(stream, 8, 9, 10));
  }

  @Test
  void commentsAndUnknownFieldsAreIgnored() {
    byte[] stream = bytes(": ping\n\n:\nid: 7\nretry: 100\nfoo\ndata: x\n\n");
    assertEquals(List.of(new Event(null, "x")), parseInChunks(stream));
  }

  @Test
  void eventWithoutDataIsNotDispatchedAndEventNameResetsPerEvent() {
    byte[] stream = bytes("event: lonely\n\nevent: named\ndata: 1\n\ndata: 2\n\nevent:\ndata: 3\n\n");
    assertEquals(List.of(new Event("named", "1"), new Event(null, "2"), new Event(null, "3")), parseInChunks(stream));
  }

  @Test
  void emptyDataLineGivesEmptyLineInData() {
    assertEquals(List.of(new Event(null, "a\n\nb")), parseInChunks(bytes("data: a\ndata\ndata: b\n\n")));
  }

  @Test
  void unterminatedEventIsDiscardedAtEnd() {
    assertEquals(List.of(new Event("done", "1")),
      parseInChunks(bytes("event: done\ndata: 1\n\nevent: cut\ndata: {\"type\":\"message_st")));
    assertEquals(List.of(), parseInChunks(bytes("data: complete line but no blank line\n")));
  }

  @Test
  void eventOfExactlyTheLimitIsAccepted() {
    String data = "data: " + "x".repeat(94); // 100 bytes of data line
    SseEventParser parser = parser(100);
    parser.feed(Buffer.buffer(data + "\n\n"));
    assertEquals(List.of(new Event(null, "x".repeat(94))), events);
  }

  @Test
  void oversizeEventThrowsEvenWithoutALineEnd() {
    SseEventParser parser = parser(100);
    parser.feed(Buffer.buffer("data: " + "x".repeat(50)));
    assertThrows(SseEventParser.EventTooLargeException.class, () -> parser.feed(Buffer.buffer("y".repeat(60))));
  }

  @Test
  void oversizeEventAcrossManyDataLinesThrows() {
    SseEventParser parser = parser(100);
    SseEventParser.EventTooLargeException tooLarge = assertThrows(SseEventParser.EventTooLargeException.class,
      () -> parser.feed(Buffer.buffer("data: 0123456789012345678901234567890123456789\n".repeat(3))));
    assertEquals("SSE event larger than 100 bytes", tooLarge.getMessage());
  }

  @Test
  void manySmallEventsNeverAddUpToTheLimit() {
    SseEventParser parser = parser(32);
    for (int i = 0; i < 1000; i++) {
      parser.feed(Buffer.buffer(": keep-alive\ndata: {\"n\":" + i + "}\n\n"));
    }
    assertEquals(1000, events.size());
    assertEquals(new Event(null, "{\"n\":999}"), events.get(999));
  }
}
