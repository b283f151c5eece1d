package dev.factoryproxy.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Benchmark only: many concurrent long OpenAI streams, each asking the fake upstream (through the proxy) to drip a
 * text delta every 1–2 s (or a fixed interval: issue 16's soak is 30 deltas at 2 s) for about a minute. Counts
 * errors, the gaps' lateness (max and p99) and stalls (a gap between two deltas longer than the
 * stream's interval plus the stall threshold), bounded in count and time.
 *
 * <p>Usage: {@code StreamSoak URL KEY STREAMS SECONDS MIN_INTERVAL_MS MAX_INTERVAL_MS RAMP_PER_S STALL_MS}; a URL
 * ending in {@code /v1/messages} is the fake itself (the direct baseline: Anthropic events, {@code message_stop}).
 * Prints progress lines ("SOAK open=..") and a final line "SOAK-RESULT key=value ...".
 */
public final class StreamSoak {
  private static final byte[] TICK = "tick".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] OPENAI_DONE = "data: [DONE]".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] ANTHROPIC_DONE = "event: message_stop".getBytes(StandardCharsets.US_ASCII);

  /** How the stream says it is complete: OpenAI's [DONE] through the proxy, message_stop straight from the fake. */
  private final byte[] done;

  private final Vertx vertx;
  private final HttpClient client;
  private final RequestOptions request;
  private final int seconds;
  private final int minInterval;
  private final int maxInterval;
  private final long stallMs;
  private final CountDownLatch finished;
  private int open;
  private int peakOpen;
  private int ok;
  private int stalls;
  private long deltas;
  private long maxExtraGapMs = Long.MIN_VALUE;
  /** How many gaps between deltas were late by n ms (index n, clamped to 0 and the last slot): the gap p99. */
  private final long[] lateBy = new long[60_001];
  private final Map<String, Integer> errors = new TreeMap<>();

  private StreamSoak(Vertx vertx, String url, String key, int streams, int seconds, int minInterval, int maxInterval,
                     long stallMs) {
    this.vertx = vertx;
    this.client = vertx.createHttpClient(new HttpClientOptions().setTcpNoDelay(true).setKeepAlive(false)
        .setConnectTimeout(30_000),
      new PoolOptions().setHttp1MaxSize(streams + 16).setMaxWaitQueueSize(-1));
    this.done = url.endsWith("/v1/messages") ? ANTHROPIC_DONE : OPENAI_DONE; // the direct baseline: the fake itself
    this.request = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url)
      .putHeader("authorization", "Bearer " + key).putHeader("content-type", "application/json");
    this.seconds = seconds;
    this.minInterval = minInterval;
    this.maxInterval = maxInterval;
    this.stallMs = stallMs;
    this.finished = new CountDownLatch(streams);
  }

  public static void main(String[] args) throws Exception {
    String url = args[0];
    String key = args[1];
    int streams = Integer.parseInt(args[2]);
    int seconds = Integer.parseInt(args[3]);
    int minInterval = Integer.parseInt(args[4]);
    int maxInterval = Integer.parseInt(args[5]);
    int rampPerSecond = Integer.parseInt(args[6]);
    long stallMs = Long.parseLong(args[7]);
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    StreamSoak soak = new StreamSoak(vertx, url, key, streams, seconds, minInterval, maxInterval, stallMs);
    long rampMs = 1000L * streams / Math.max(1, rampPerSecond);
    long deadlineMs = rampMs + seconds * 1000L + 2L * maxInterval + 30_000;
    long started = System.nanoTime();
    vertx.runOnContext(v -> soak.ramp(streams, rampPerSecond, started));
    long progress = vertx.setPeriodic(5_000, id -> soak.progress(started));
    boolean all = soak.finished.await(deadlineMs, TimeUnit.MILLISECONDS);
    CountDownLatch report = new CountDownLatch(1);
    vertx.runOnContext(v -> {
      vertx.cancelTimer(progress);
      soak.report(streams, all, started);
      report.countDown();
    });
    report.await(10, TimeUnit.SECONDS);
    vertx.close().await();
    System.exit(0);
  }

  /** Starts the streams at rampPerSecond, in batches every 10 ms. */
  private void ramp(int streams, int rampPerSecond, long started) {
    int[] launched = {0};
    vertx.setPeriodic(10, id -> {
      long due = Math.min(streams, (System.nanoTime() - started) / 1_000_000 * rampPerSecond / 1000 + 1);
      while (launched[0] < due) {
        launched[0]++;
        startStream();
      }
      if (launched[0] >= streams) {
        vertx.cancelTimer(id);
      }
    });
  }

  private void progress(long started) {
    System.out.printf("SOAK t=%ds open=%d peakOpen=%d ok=%d errors=%d stalls=%d deltas=%d%n",
      (System.nanoTime() - started) / 1_000_000_000L, open, peakOpen, ok, errorCount(), stalls, deltas);
  }

  private int errorCount() {
    return errors.values().stream().mapToInt(Integer::intValue).sum();
  }

  private void startStream() {
    int interval = minInterval + ThreadLocalRandom.current().nextInt(maxInterval - minInterval + 1);
    int count = Math.max(1, seconds * 1000 / interval);
    String body = "{\"model\":\"claude-sonnet-4-5\",\"stream\":true,\"max_tokens\":256,\"messages\":[{\"role\":\"user\","
      + "\"content\":\"bench-drip:" + interval + ":" + count + "\"}]}";
    Stream stream = new Stream(interval, count);
    open++;
    peakOpen = Math.max(peakOpen, open);
    client.request(request)
      .compose(req -> req.send(Buffer.buffer(body)).onSuccess(stream::onResponse))
      .onFailure(err -> stream.fail("request: " + err.getClass().getSimpleName() + ": " + err.getMessage()));
  }

  /** The lateness (ms past the stream's interval, 0 when on time or early) that {@code share} of the gaps keep to. */
  private long percentileLate(double share) {
    long total = 0;
    for (long n : lateBy) {
      total += n;
    }
    long rank = (long) Math.ceil(total * share);
    long seen = 0;
    for (int ms = 0; ms < lateBy.length; ms++) {
      seen += lateBy[ms];
      if (seen >= rank && seen > 0) {
        return ms;
      }
    }
    return 0;
  }

  private void report(int streams, boolean all, long started) {
    if (!all) {
      errors.merge("unfinished at deadline", open, Integer::sum);
    }
    StringBuilder line = new StringBuilder("SOAK-RESULT")
      .append(" streams=").append(streams)
      .append(" ok=").append(ok)
      .append(" errors=").append(errorCount())
      .append(" stalls=").append(stalls)
      .append(" maxExtraGapMs=").append(maxExtraGapMs == Long.MIN_VALUE ? 0 : maxExtraGapMs)
      .append(" extraGapP99Ms=").append(percentileLate(0.99))
      .append(" peakOpen=").append(peakOpen)
      .append(" deltas=").append(deltas)
      .append(" seconds=").append((System.nanoTime() - started) / 1_000_000_000L);
    System.out.println(line);
    errors.forEach((kind, n) -> System.out.println("SOAK-ERROR " + n + " x " + kind));
  }

  /** One stream: its expected cadence, what arrived, and when. */
  private final class Stream {
    private final int interval;
    private final int count;
    private int ticks;
    private long last;
    private boolean sawDone;
    private boolean over;
    private byte[] tail = new byte[0];

    Stream(int interval, int count) {
      this.interval = interval;
      this.count = count;
    }

    void onResponse(HttpClientResponse resp) {
      if (resp.statusCode() != 200) {
        resp.body().onComplete(b -> fail("status " + resp.statusCode()));
        return;
      }
      last = System.nanoTime();
      resp.handler(this::onChunk);
      resp.exceptionHandler(err -> fail("response: " + err.getClass().getSimpleName()));
      resp.endHandler(v -> {
        if (!sawDone) {
          fail("ended without its end marker");
        } else if (ticks != count) {
          fail("wrong delta count");
        } else {
          end(null);
        }
      });
    }

    private void onChunk(Buffer chunk) {
      // Count "tick" occurrences, including one split across two chunks (keep the last 3 bytes + the end marker's length).
      byte[] bytes = chunk.getBytes();
      byte[] all = new byte[tail.length + bytes.length];
      System.arraycopy(tail, 0, all, 0, tail.length);
      System.arraycopy(bytes, 0, all, tail.length, bytes.length);
      int from = 0;
      int at;
      while ((at = FakeUpstream.indexOf(all, TICK, from)) >= 0) {
        long now = System.nanoTime();
        long extra = (now - last) / 1_000_000 - interval;
        maxExtraGapMs = Math.max(maxExtraGapMs, extra); // the first gap is from the response head
        lateBy[(int) Math.max(0, Math.min(lateBy.length - 1, extra))]++;
        if (extra > stallMs) {
          stalls++;
        }
        last = now;
        ticks++;
        deltas++;
        from = at + TICK.length;
      }
      if (FakeUpstream.indexOf(all, done, 0) >= 0) {
        sawDone = true;
      }
      int keep = Math.min(all.length - from, done.length - 1);
      tail = java.util.Arrays.copyOfRange(all, all.length - keep, all.length);
    }

    void fail(String kind) {
      end(kind);
    }

    private void end(String error) {
      if (over) {
        return;
      }
      over = true;
      open--;
      if (error == null) {
        ok++;
      } else {
        errors.merge(error, 1, Integer::sum);
      }
      finished.countDown();
    }
  }
}
