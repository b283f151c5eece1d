package dev.factoryproxy.ops;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.function.LongSupplier;

/**
 * SP6: the client requests this node answered over the last few minutes, as counts per 10-second bucket by status
 * class, for the status page's chart. A fixed ring: old buckets are reused, nothing grows. Every HTTP verticle
 * instance of a node records here, from different event loops, so it is synchronized (a few increments per
 * request; no I/O under the lock).
 */
public final class RequestHistory {
  public static final long BUCKET_MS = 10_000;
  public static final int BUCKETS = 30; // 5 minutes
  /** Status classes as the page shows them; 1xx and 3xx never end a client request here, they count as "other". */
  private static final String[] CLASSES = {"2xx", "4xx", "5xx", "other"};

  private final LongSupplier clockMs;
  /** Bucket start (epoch ms, a multiple of BUCKET_MS) per slot; a slot whose start is stale is reused. */
  private final long[] starts = new long[BUCKETS];
  private final long[][] counts = new long[BUCKETS][CLASSES.length];

  public RequestHistory(LongSupplier clockMs) {
    this.clockMs = clockMs;
  }

  public static RequestHistory systemClock() {
    return new RequestHistory(System::currentTimeMillis);
  }

  /** One finished request with this status (499: the client left). */
  public synchronized void record(int status) {
    long start = bucketStart(clockMs.getAsLong());
    int slot = slot(start);
    if (starts[slot] != start) {
      starts[slot] = start;
      java.util.Arrays.fill(counts[slot], 0);
    }
    counts[slot][statusClass(status)]++;
  }

  /**
   * The last {@link #BUCKETS} buckets, oldest first, each {@code {"start": ISO, "2xx": n, "4xx": n, "5xx": n,
   * "other": n}} (empty buckets included, so a chart has a fixed width), and their totals: {@code requests} and
   * {@code errors} (status 400 and above, 499 included).
   */
  public synchronized JsonObject snapshot() {
    long newest = bucketStart(clockMs.getAsLong());
    JsonArray buckets = new JsonArray();
    long[] totals = new long[CLASSES.length];
    for (int i = BUCKETS - 1; i >= 0; i--) {
      long start = newest - i * BUCKET_MS;
      int slot = slot(start);
      JsonObject bucket = new JsonObject().put("start", Instant.ofEpochMilli(start).toString());
      for (int c = 0; c < CLASSES.length; c++) {
        long n = starts[slot] == start ? counts[slot][c] : 0;
        bucket.put(CLASSES[c], n);
        totals[c] += n;
      }
      buckets.add(bucket);
    }
    return new JsonObject().put("bucketSeconds", BUCKET_MS / 1000).put("buckets", buckets)
      .put("requests", totals[0] + totals[1] + totals[2] + totals[3]).put("errors", totals[1] + totals[2]);
  }

  private static long bucketStart(long ms) {
    return ms - Math.floorMod(ms, BUCKET_MS);
  }

  private static int slot(long start) {
    return (int) Math.floorMod(start / BUCKET_MS, (long) BUCKETS);
  }

  private static int statusClass(int status) {
    if (status >= 200 && status < 300) {
      return 0;
    }
    if (status >= 400 && status < 500) {
      return 1;
    }
    return status >= 500 ? 2 : 3;
  }
}
