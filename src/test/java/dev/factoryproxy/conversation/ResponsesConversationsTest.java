package dev.factoryproxy.conversation;

import dev.factoryproxy.client.responses.InMemoryResponseStore;
import dev.factoryproxy.http.Conversations;
import dev.factoryproxy.translate.InvalidRequestException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

class ResponsesConversationsTest {
  private final InMemoryResponseStore memory = new InMemoryResponseStore(10, 1_000_000, Duration.ofMinutes(5));
  private final ResponsesConversations conversations = new ResponsesConversations(new LocalConversationStore(memory));

  private static JsonObject answer(String id, String text) {
    return new JsonObject().put("id", id).put("object", "response").put("status", "completed")
      .put("output", new JsonArray().add(new JsonObject().put("type", "message").put("role", "assistant")
        .put("content", new JsonArray().add(new JsonObject().put("type", "output_text").put("text", text)))));
  }

  @Test
  void xr22_storeFalseGetsNoRecorderAndAbsentStoreDoes() {
    assertNull(conversations.recorder(new JsonObject().put("input", "hi").put("store", false)));
    assertInstanceOf(Conversations.Recorder.class, conversations.recorder(new JsonObject().put("input", "hi")));
  }

  @Test
  void xr16_xr18_aCompleteAnswerIsKeptAndTheNextTurnExpanded() {
    conversations.recorder(new JsonObject().put("input", "2+2?")).answered(answer("resp_a", "4"));
    JsonObject next = conversations.expand(new JsonObject().put("model", "m").put("previous_response_id", "resp_a")
      .put("input", "times 3?")).await();
    assertNull(next.getValue("previous_response_id"));
    assertEquals(3, next.getJsonArray("input").size());
    assertEquals("4", next.getJsonArray("input").getJsonObject(1).getJsonArray("content").getJsonObject(0)
      .getString("text"));
  }

  @Test
  void xr21_aStreamIsKeptOnlyWhenItEndedWell() {
    String completed = "event: response.completed\ndata: " + new JsonObject().put("type", "response.completed")
      .put("response", answer("resp_s", "streamed")).encode() + "\n\n";
    Conversations.Recorder ended = conversations.recorder(new JsonObject().put("input", "go"));
    ended.frames(Buffer.buffer(completed));
    ended.streamEnded();
    assertEquals(2, memory.get("resp_s").items().size());

    Conversations.Recorder cut = conversations.recorder(new JsonObject().put("input", "go"));
    cut.frames(Buffer.buffer(completed.replace("resp_s", "resp_cut")));
    assertNull(memory.get("resp_cut"), "kept only once the stream ended without an error");
  }

  @Test
  void xr19_anUnknownIdFailsWithA400NamingTheField() {
    Future<JsonObject> expanded = conversations.expand(new JsonObject().put("previous_response_id", "resp_gone")
      .put("input", "x"));
    InvalidRequestException e = assertInstanceOf(InvalidRequestException.class, expanded.cause());
    assertEquals("previous_response_id", e.param());
    JsonObject plain = new JsonObject().put("input", "x");
    assertSame(plain, conversations.expand(plain).result());
  }
}
