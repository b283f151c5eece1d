package dev.factoryproxy.client.responses;

import dev.factoryproxy.config.ModelInfo;
import dev.factoryproxy.config.Route;
import dev.factoryproxy.translate.InvalidRequestException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PreviousResponsesTest {

  /** A clock the test moves by hand. */
  private static final class ManualClock extends Clock {
    Instant now = Instant.parse("2026-12-02T12:00:00Z");

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private static JsonObject userItem(String text) {
    return new JsonObject().put("type", "message").put("role", "user")
      .put("content", new JsonArray().add(new JsonObject().put("type", "input_text").put("text", text)));
  }

  private static JsonObject response(String status, JsonObject... output) {
    JsonArray items = new JsonArray();
    for (JsonObject item : output) {
      items.add(item);
    }
    return new JsonObject().put("id", "resp_1").put("object", "response").put("status", status).put("output", items);
  }

  private static final JsonObject ANSWER = new JsonObject().put("id", "msg_a").put("type", "message")
    .put("role", "assistant").put("status", "completed").put("content", new JsonArray()
      .add(new JsonObject().put("type", "output_text").put("text", "4")));

  private static ResponseStore store() {
    return new InMemoryResponseStore(10, 1_000_000, Duration.ofMinutes(30));
  }

  @Test
  void xr16_xr20_recordIsTheInputThenTheOutput() {
    JsonObject request = new JsonObject().put("model", "m").put("input", "2+2?");
    ConversationRecord record = PreviousResponses.record(request, response("completed", ANSWER));
    assertEquals(new JsonArray().add(userItem("2+2?")).add(ANSWER), record.items());
    assertEquals(record, ConversationRecord.fromJson(record.toJson()));
  }

  @Test
  void xr16_failedResponsesAreNotRecorded() {
    JsonObject request = new JsonObject().put("model", "m").put("input", "q");
    assertNull(PreviousResponses.record(request, response("failed")));
    assertNull(PreviousResponses.record(request, null));
    assertEquals(2, PreviousResponses.record(request, response("incomplete", ANSWER)).items().size());
  }

  @Test
  void xr18_agentsSdkSecondTurnIsExpandedToTheWholeConversation() {
    ResponseStore store = store();
    JsonObject first = new JsonObject().put("model", "m").put("input", "2+2?").put("instructions", "Math.");
    store.put("resp_1", PreviousResponses.record(first, response("completed", ANSWER)));
    JsonObject second = new JsonObject().put("model", "m").put("previous_response_id", "resp_1")
      .put("input", "and times 3?").put("instructions", "Math.");
    JsonObject expanded = PreviousResponses.expand(second, store);
    assertEquals(new JsonObject().put("model", "m").put("input", new JsonArray().add(userItem("2+2?")).add(ANSWER)
      .add(userItem("and times 3?"))).put("instructions", "Math."), expanded);
    assertEquals("resp_1", second.getString("previous_response_id"), "the client's request is not changed");
  }

  @Test
  void xr18_functionCallOutputsContinueAStoredToolCall() {
    ResponseStore store = store();
    JsonObject call = new JsonObject().put("id", "fc_1").put("type", "function_call").put("call_id", "call_1")
      .put("name", "f").put("arguments", "{}").put("status", "completed");
    store.put("resp_1", PreviousResponses.record(new JsonObject().put("input", "go"), response("completed", call)));
    JsonObject output = new JsonObject().put("type", "function_call_output").put("call_id", "call_1")
      .put("output", "done");
    JsonObject expanded = PreviousResponses.expand(new JsonObject().put("model", "gpt-5.4")
      .put("previous_response_id", "resp_1").put("input", new JsonArray().add(output)), store);
    assertEquals(new JsonArray().add(userItem("go")).add(call).add(output), expanded.getJsonArray("input"));
    // through the pass-through the stored server ids go (XP3)
    JsonArray sent = new GptPassThrough().adapt(expanded, Map.of(), new ModelInfo("gpt-5.4", "openai", 1000, false,
      false, false, false, false, Route.RESPONSES, "openai"), 1L).body().getJsonArray("input");
    assertTrue(sent.stream().noneMatch(i -> ((JsonObject) i).containsKey("id")));
  }

  @Test
  void xr18_requestWithoutPreviousIdIsReturnedAsIs() {
    JsonObject request = new JsonObject().put("model", "m").put("input", "hi");
    assertSame(request, PreviousResponses.expand(request, store()));
  }

  @Test
  void xr19_unknownIdIsA400NamingTheField() {
    InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> PreviousResponses.expand(
      new JsonObject().put("model", "m").put("previous_response_id", "resp_gone").put("input", "x"), store()));
    assertEquals("previous_response_id", e.param());
    assertTrue(e.getMessage().startsWith("Previous response with id 'resp_gone' not found"));
    assertEquals("previous_response_id", assertThrows(InvalidRequestException.class, () -> PreviousResponses.expand(
      new JsonObject().put("previous_response_id", 5), store())).param());
  }

  @Test
  void xr17_storeEvictsLeastRecentlyUsedBeyondItsBound() {
    InMemoryResponseStore store = new InMemoryResponseStore(2, 1_000_000, Duration.ofMinutes(30));
    ConversationRecord r = new ConversationRecord(new JsonArray().add(userItem("x")));
    store.put("a", r);
    store.put("b", r);
    store.get("a");
    store.put("c", r);
    assertEquals(r, store.get("a"));
    assertNull(store.get("b"));
    assertEquals(r, store.get("c"));
    assertEquals(2, store.size());
  }

  @Test
  void xr17_storeBoundsTheTotalSize() {
    ConversationRecord r = new ConversationRecord(new JsonArray().add(userItem("x".repeat(100))));
    InMemoryResponseStore store = new InMemoryResponseStore(100, r.encodedLength() * 2L, Duration.ofMinutes(30));
    store.put("a", r);
    store.put("b", r);
    store.put("c", r);
    assertNull(store.get("a"));
    assertEquals(2, store.size());
    InMemoryResponseStore tiny = new InMemoryResponseStore(100, 10, Duration.ofMinutes(30));
    tiny.put("big", r);
    assertNull(tiny.get("big"), "a record larger than the store is not kept");
  }

  @Test
  void xr17_recordsExpireAfterTheirTtl() {
    ManualClock clock = new ManualClock();
    InMemoryResponseStore store = new InMemoryResponseStore(10, 1_000_000, Duration.ofMinutes(30), clock);
    ConversationRecord r = new ConversationRecord(new JsonArray());
    store.put("a", r);
    clock.now = clock.now.plus(Duration.ofMinutes(29));
    assertEquals(r, store.get("a"));
    clock.now = clock.now.plus(Duration.ofMinutes(1));
    assertNull(store.get("a"));
    assertEquals(0, store.size());
  }

  @Test
  void xr17_recordsAreCopiesSoCallersCannotChangeThem() {
    JsonArray items = new JsonArray().add(userItem("x"));
    ConversationRecord r = new ConversationRecord(items);
    items.add(userItem("y"));
    r.items().add(userItem("z"));
    assertEquals(1, r.items().size());
  }
}
