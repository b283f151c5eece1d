package dev.factoryproxy.upstream;

import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What Factory's limits endpoint said about one credential (QU2, QU3; factory-upstream.md "Quota"): per pool
 * ({@code standard}, {@code core}) and window ({@code fiveHour}, {@code weekly}, {@code monthly}) how much is used
 * and when the window ends. Pure parsing, no clock of its own: the caller passes "now".
 *
 * @param scheme  {@link #TOKEN_LIMITS}, or {@link #LEGACY} for an account on the older billing scheme (no windows)
 * @param windows pool → window name → window, in the order of {@link #POOLS} and {@link #WINDOWS}
 * @param legacy  the older scheme's {@code usage.<pool>.usedRatio} as a percentage, per pool it names
 */
record QuotaReport(String scheme, Map<String, Map<String, Window>> windows, Map<String, Double> legacy) {
  static final String TOKEN_LIMITS = "tokenLimits";
  static final String LEGACY = "legacy";
  static final List<String> POOLS = List.of("standard", "core");
  static final List<String> WINDOWS = List.of("fiveHour", "weekly", "monthly");
  /** Below this a number {@code windowEnd} is epoch seconds, above it epoch milliseconds (year 5138 vs 1973). */
  private static final long SECONDS_BELOW = 100_000_000_000L;

  QuotaReport {
    windows = Map.copyOf(windows);
    legacy = Map.copyOf(legacy);
  }

  /**
   * One usage window.
   *
   * @param usedPercent as Factory said it (may exceed 100)
   * @param endsAtMs    epoch ms of the window's end, -1 when the answer gave none
   */
  record Window(double usedPercent, long endsAtMs) {
    /** QU3: a window whose end has passed counts as unused (its use is from the last window). */
    double usedAt(long nowMs) {
      return endsAtMs >= 0 && endsAtMs <= nowMs ? 0 : usedPercent;
    }

    /** QU4: 100 % or more used and not yet ended. */
    boolean exhaustedAt(long nowMs) {
      return usedAt(nowMs) >= 100;
    }
  }

  /** Thrown for an answer that is JSON but not the limits shape; its message is plain words, never the body. */
  static final class Unreadable extends RuntimeException {
    Unreadable(String message) {
      super(message, null, false, false);
    }
  }

  /** Whether a {@code /api/billing/limits} answer is on the token-limits scheme (else: ask the older endpoint). */
  static boolean usesTokenLimits(JsonObject answer) {
    return Boolean.TRUE.equals(answer.getValue("usesTokenRateLimitsBilling"));
  }

  /** QU2: {@code limits.<pool>.<window>.{usedPercent, secondsRemaining, windowEnd}}. */
  static QuotaReport fromLimits(JsonObject answer, long nowMs) {
    if (!(answer.getValue("limits") instanceof JsonObject limits)) {
      throw new Unreadable("the limits answer has no \"limits\" object");
    }
    Map<String, Map<String, Window>> pools = new LinkedHashMap<>();
    for (String pool : POOLS) {
      Map<String, Window> windows = new LinkedHashMap<>();
      if (limits.getValue(pool) instanceof JsonObject poolJson) {
        for (String name : WINDOWS) {
          if (poolJson.getValue(name) instanceof JsonObject window
            && window.getValue("usedPercent") instanceof Number used) {
            windows.put(name, new Window(used.doubleValue(),
              endMs(window.getValue("windowEnd"), window.getValue("secondsRemaining"), nowMs)));
          }
        }
      }
      pools.put(pool, windows);
    }
    return new QuotaReport(TOKEN_LIMITS, pools, Map.of());
  }

  /** QU2, older scheme: {@code usage.<pool>.usedRatio} (0..1) from {@code /api/organization/subscription/usage}. */
  static QuotaReport fromLegacyUsage(JsonObject answer) {
    if (!(answer.getValue("usage") instanceof JsonObject usage)) {
      throw new Unreadable("the usage answer has no \"usage\" object");
    }
    Map<String, Double> percent = new LinkedHashMap<>();
    for (String pool : List.of("standard", "premium")) {
      if (usage.getValue(pool) instanceof JsonObject json && json.getValue("usedRatio") instanceof Number ratio) {
        percent.put(pool, ratio.doubleValue() * 100);
      }
    }
    Map<String, Map<String, Window>> none = new LinkedHashMap<>();
    POOLS.forEach(pool -> none.put(pool, Map.of()));
    return new QuotaReport(LEGACY, none, percent);
  }

  /**
   * QU2: a window's end as epoch ms: {@code windowEnd} as an ISO time, epoch seconds or epoch ms (a number or a
   * string of digits); else {@code secondsRemaining} from now; -1 when neither is readable.
   */
  static long endMs(Object windowEnd, Object secondsRemaining, long nowMs) {
    long end = endMs(windowEnd);
    if (end >= 0) {
      return end;
    }
    return secondsRemaining instanceof Number seconds ? nowMs + Math.round(seconds.doubleValue() * 1000) : -1;
  }

  private static long endMs(Object windowEnd) {
    if (windowEnd instanceof Number number) {
      return epochMs(number.longValue());
    }
    if (!(windowEnd instanceof String text) || text.isBlank()) {
      return -1;
    }
    String trimmed = text.strip();
    if (trimmed.chars().allMatch(Character::isDigit)) {
      return trimmed.length() > 15 ? -1 : epochMs(Long.parseLong(trimmed));
    }
    try {
      return Instant.parse(trimmed).toEpochMilli();
    } catch (DateTimeParseException notInstant) {
      try {
        return OffsetDateTime.parse(trimmed).toInstant().toEpochMilli(); // "+01:00" offsets
      } catch (DateTimeParseException unreadable) {
        return -1;
      }
    }
  }

  private static long epochMs(long value) {
    if (value <= 0) {
      return -1;
    }
    return value < SECONDS_BELOW ? value * 1000 : value;
  }
}
