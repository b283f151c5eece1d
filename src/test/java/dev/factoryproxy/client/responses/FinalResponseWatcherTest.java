package dev.factoryproxy.client.responses;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class FinalResponseWatcherTest {
  private static final JsonObject DONE = new JsonObject().put("id", "resp_1").put("status", "completed");

  private static String frame(String type, JsonObject response) {
    return "event: " + type + "\ndata: " + new JsonObject().put("type", type).put("response", response).encode()
      + "\n\n";
  }

  @Test
  void xr21_theCompletedEventsResponseIsKeptEvenWhenSplitAcrossWrites() {
    FinalResponseWatcher watcher = new FinalResponseWatcher();
    String text = frame("response.created", new JsonObject().put("id", "resp_1")) + frame("response.completed", DONE);
    watcher.feed(text.substring(0, text.length() - 20));
    assertNull(watcher.finalResponse());
    watcher.feed(text.substring(text.length() - 20));
    assertEquals(DONE, watcher.finalResponse());
  }

  @Test
  void xr21_passThroughFramesWithoutEventLinesAndIncompleteAnswersCount() {
    FinalResponseWatcher watcher = new FinalResponseWatcher();
    JsonObject incomplete = DONE.copy().put("status", "incomplete");
    watcher.feed("data: " + new JsonObject().put("type", "response.incomplete").put("response", incomplete).encode()
      + "\n\n");
    assertEquals(incomplete, watcher.finalResponse());
  }

  @Test
  void xr21_aFailedStreamIsNotKept() {
    FinalResponseWatcher watcher = new FinalResponseWatcher();
    watcher.feed(frame("response.completed", DONE) + frame("response.failed", DONE.copy().put("status", "failed")));
    assertNull(watcher.finalResponse());
  }
}
