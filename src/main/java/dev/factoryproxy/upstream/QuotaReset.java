package dev.factoryproxy.upstream;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * K3: when Factory's 402 says its quota resets ({@code "... usage limit (resets in 1h 0min)."},
 * factory-upstream.md), how long from now. Plain text parsing, so it lives apart from the pool.
 */
final class QuotaReset {
  private static final Pattern RESETS_IN = Pattern.compile("resets\\s+in\\s+((?:\\d+\\s*[a-z]+[\\s,]*)+)");
  private static final Pattern PART = Pattern.compile("(\\d+)\\s*([a-z]+)");

  private QuotaReset() {
  }

  /** The wait the text names, in ms, or -1 when it names none (or a unit this does not know). */
  static long fromDetail(String detail) {
    if (detail == null) {
      return -1;
    }
    Matcher m = RESETS_IN.matcher(detail.toLowerCase(Locale.ROOT));
    if (!m.find()) {
      return -1;
    }
    long total = 0;
    Matcher part = PART.matcher(m.group(1));
    while (part.find()) {
      long unitMs = unitMs(part.group(2));
      if (unitMs < 0) {
        return -1;
      }
      total += Long.parseLong(part.group(1)) * unitMs;
    }
    return total;
  }

  private static long unitMs(String unit) {
    return switch (unit) {
      case "d", "day", "days" -> 86_400_000L;
      case "h", "hr", "hrs", "hour", "hours" -> 3_600_000L;
      case "m", "min", "mins", "minute", "minutes" -> 60_000L;
      case "s", "sec", "secs", "second", "seconds" -> 1_000L;
      default -> -1;
    };
  }
}
