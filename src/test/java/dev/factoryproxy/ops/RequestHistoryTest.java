package dev.factoryproxy.ops;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** SP6: the per-node ring of per-10-s request counts behind the status page's chart. */
class RequestHistoryTest {
  private static final long T0 = 1_800_000_000_000L; // a multiple of 10 s

  private static JsonObject bucket(String start, long ok, long client, long server, long other) {
    return new JsonObject().put("start", start).put("2xx", ok).put("4xx", client).put("5xx", server)
      .put("other", other);
  }

  @Test
  void sp6_countsByStatusClassPerTenSecondsAndForgetsWhatIsOlderThanFiveMinutes() {
    AtomicLong now = new AtomicLong(T0 + 3_000);
    RequestHistory history = new RequestHistory(now::get);
    history.record(200);
    history.record(404);
    history.record(499); // the client left: a 4xx for the page
    now.set(T0 + 10_000);
    history.record(500);
    history.record(200);
    history.record(304);

    JsonObject snapshot = history.snapshot();
    JsonArray buckets = snapshot.getJsonArray("buckets");
    assertEquals(30, buckets.size());
    assertEquals(bucket("2027-01-15T08:00:00Z", 1, 2, 0, 0), buckets.getJsonObject(28));
    assertEquals(bucket("2027-01-15T08:00:10Z", 1, 0, 1, 1), buckets.getJsonObject(29));
    assertEquals(bucket("2027-01-15T07:55:20Z", 0, 0, 0, 0), buckets.getJsonObject(0));
    assertEquals(6, snapshot.getLong("requests"));
    assertEquals(3, snapshot.getLong("errors")); // 404, 499, 500; a 304 is no error
    assertEquals(10, snapshot.getInteger("bucketSeconds"));

    now.set(T0 + 299_999); // the first bucket is the oldest shown
    assertEquals(bucket("2027-01-15T08:00:00Z", 1, 2, 0, 0), history.snapshot().getJsonArray("buckets")
      .getJsonObject(0));
    now.set(T0 + 300_000); // gone from the view, and its slot is reused with fresh counts
    assertEquals(3, history.snapshot().getLong("requests"));
    history.record(201);
    assertEquals(bucket("2027-01-15T08:05:00Z", 1, 0, 0, 0), history.snapshot().getJsonArray("buckets")
      .getJsonObject(29));
    now.set(T0 + 310_000);
    assertEquals(1, history.snapshot().getLong("requests"));
    assertEquals(0, history.snapshot().getLong("errors"));
  }
}
