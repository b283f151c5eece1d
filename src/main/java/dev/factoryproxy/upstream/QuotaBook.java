package dev.factoryproxy.upstream;

import dev.factoryproxy.config.ModelInfo;
import dev.factoryproxy.config.Route;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * What the node knows of each credential's quota (QU1–QU7, docs/quota.md): the last report Factory's limits
 * endpoint gave for it, when, and the last poll's error. Kept apart from {@link KeyPool}, which asks one question
 * ({@link #exhaustedUntil}); timed by the wall clock, since Factory's windows end at wall-clock times. Thread-safe
 * (a concurrent map of immutable entries): the pool's callers and the poller run on different threads.
 */
final class QuotaBook {
  static final String STANDARD = "standard";
  static final String CORE = "core";

  /** One credential's state; {@code report} and {@code checkedAtMs} are the last successful poll's (QU6). */
  private record Entry(QuotaReport report, long checkedAtMs, String error, long failedAtMs) {
  }

  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final LongSupplier wallClockMs;
  private volatile Consumer<String> earlyPoll = handle -> { };

  QuotaBook(LongSupplier wallClockMs) {
    this.wallClockMs = wallClockMs;
  }

  /** A book that is never told anything (passthrough, tests of the pool alone): every credential has quota. */
  static QuotaBook empty() {
    return new QuotaBook(System::currentTimeMillis);
  }

  /**
   * QU4: the quota pool a model draws on: Factory's "Droid Core" open models (its Chat route, and MiniMax on the
   * Messages route) use {@code core}; Claude, GPT, Gemini and Grok use {@code standard}.
   */
  static String poolFor(ModelInfo model) {
    if (model == null) {
      return STANDARD;
    }
    boolean core = model.route() == Route.CHAT || model.id().toLowerCase(Locale.ROOT).startsWith("minimax-");
    return core ? CORE : STANDARD;
  }

  /**
   * QU4: 0 while the credential has quota left in {@code pool} (or nothing is known of it); else the wall-clock ms
   * when its last exhausted window of that pool ends ({@link Long#MAX_VALUE} when a window names no end).
   */
  long exhaustedUntil(String handle, String pool) {
    Entry entry = entries.get(handle);
    if (entry == null || entry.report() == null) {
      return 0;
    }
    long now = wallClockMs.getAsLong();
    long until = 0;
    for (QuotaReport.Window window : entry.report().windows().getOrDefault(pool, Map.of()).values()) {
      if (window.exhaustedAt(now)) {
        until = Math.max(until, window.endsAtMs() < 0 ? Long.MAX_VALUE : window.endsAtMs());
      }
    }
    return until;
  }

  /** A successful poll: its report replaces the last one and clears the error. */
  void record(String handle, QuotaReport report) {
    entries.put(handle, new Entry(report, wallClockMs.getAsLong(), null, 0));
  }

  /** QU6: a failed poll keeps the last known report and notes why, in plain words (never a token or a body). */
  void failed(String handle, String error) {
    long now = wallClockMs.getAsLong();
    entries.compute(handle, (key, old) -> old == null ? new Entry(null, 0, error, now)
      : new Entry(old.report(), old.checkedAtMs(), error, now));
  }

  /** QU1: Factory answered 402 for this credential: ask the poller for a fresh report soon. */
  void pollSoon(String handle) {
    earlyPoll.accept(handle);
  }

  /** Who serves {@link #pollSoon} (the poller, when there is one). */
  void onPollSoon(Consumer<String> poller) {
    earlyPoll = poller;
  }

  /** For the metrics gauge: the window's use now (0 once it ended, QU3), NaN when not known. */
  double usedPercent(String handle, String pool, String window) {
    Entry entry = entries.get(handle);
    QuotaReport.Window known = entry == null || entry.report() == null ? null
      : entry.report().windows().getOrDefault(pool, Map.of()).get(window);
    return known == null ? Double.NaN : known.usedAt(wallClockMs.getAsLong());
  }

  /**
   * QU7: the {@code quota} field of the credential's health entry, or null before any poll answered or failed:
   * per pool and window {@code usedPercent} (now) and {@code resetsAt}, {@code checkedAt}, the {@code exhausted}
   * windows, and {@code error} after a failed poll.
   */
  JsonObject summary(String handle) {
    Entry entry = entries.get(handle);
    if (entry == null) {
      return null;
    }
    long now = wallClockMs.getAsLong();
    JsonObject quota = new JsonObject();
    JsonArray exhausted = new JsonArray();
    for (String pool : QuotaReport.POOLS) {
      JsonObject poolJson = new JsonObject();
      Map<String, QuotaReport.Window> windows = entry.report() == null ? Map.of()
        : entry.report().windows().getOrDefault(pool, Map.of());
      for (String name : QuotaReport.WINDOWS) {
        QuotaReport.Window window = windows.get(name);
        if (window == null) {
          continue;
        }
        JsonObject shown = new JsonObject().put("usedPercent", window.usedAt(now));
        if (window.endsAtMs() >= 0) {
          shown.put("resetsAt", Instant.ofEpochMilli(window.endsAtMs()).toString());
        }
        poolJson.put(name, shown);
        if (window.exhaustedAt(now)) {
          exhausted.add(pool + "." + name);
        }
      }
      quota.put(pool, poolJson);
    }
    if (entry.report() != null) {
      quota.put("checkedAt", Instant.ofEpochMilli(entry.checkedAtMs()).toString());
      if (QuotaReport.LEGACY.equals(entry.report().scheme())) {
        JsonObject legacy = new JsonObject();
        entry.report().legacy().forEach((pool, used) -> legacy.put(pool, new JsonObject().put("usedPercent", used)));
        quota.put("scheme", QuotaReport.LEGACY).put("windows", "unknown").put("legacy", legacy);
      }
    }
    quota.put("exhausted", exhausted);
    if (entry.error() != null) {
      quota.put("error", entry.error()).put("failedAt", Instant.ofEpochMilli(entry.failedAtMs()).toString());
    }
    return quota;
  }
}
