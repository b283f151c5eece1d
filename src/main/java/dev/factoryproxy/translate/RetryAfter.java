package dev.factoryproxy.translate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How long an upstream asked us to wait: {@code retry-after} (seconds or an HTTP date) and {@code retry-after-ms}.
 * One reader for the client's headers (E3) and the retry policy, so both agree on what a value means.
 * Header maps use lower-case names.
 */
public final class RetryAfter {

  private RetryAfter() {
  }

  /**
   * What Factory asked us to wait ({@code retry-after-ms}, else {@code retry-after}) in milliseconds, or -1 when it
   * did not say (or said something unreadable).
   */
  public static long waitMs(Map<String, String> headers) {
    return waitMs(headers, Clock.systemUTC());
  }

  static long waitMs(Map<String, String> headers, Clock clock) {
    String ms = headers.get("retry-after-ms");
    if (ms != null) {
      try {
        return Math.max(0, Math.round(Double.parseDouble(ms.trim())));
      } catch (NumberFormatException ignored) {
        // fall back to retry-after
      }
    }
    String retryAfter = headers.get("retry-after");
    Long parsed = retryAfter == null ? null : millis(retryAfter, clock);
    return parsed == null ? -1 : parsed;
  }

  /** A {@code retry-after} value (seconds or an HTTP date) in milliseconds from now; null when it is neither. */
  public static Long millis(String retryAfter) {
    return millis(retryAfter, Clock.systemUTC());
  }

  /** Seconds (possibly fractional) or an HTTP date; null when neither. */
  static Long millis(String retryAfter, Clock clock) {
    String value = retryAfter.trim();
    try {
      return Math.max(0L, Math.round(Double.parseDouble(value) * 1000));
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        return Math.max(0L, Duration.between(clock.instant(), at).toMillis());
      } catch (DateTimeParseException notADate) {
        return null;
      }
    }
  }

  /**
   * E3: the retry headers an error answer passes on, which the OpenAI SDKs follow: {@code x-should-retry},
   * {@code retry-after} and its {@code retry-after-ms}. A spend-cap 429 without retry-after stays without.
   */
  static Map<String, String> clientHeaders(Map<String, String> upstreamHeaders, Clock clock) {
    Map<String, String> out = new LinkedHashMap<>();
    String shouldRetry = upstreamHeaders.get("x-should-retry");
    if (shouldRetry != null) {
      out.put("x-should-retry", shouldRetry);
    }
    String retryAfter = upstreamHeaders.get("retry-after");
    if (retryAfter == null) {
      return out;
    }
    out.put("retry-after", retryAfter);
    Long millis = millis(retryAfter, clock);
    if (millis != null) {
      out.put("retry-after-ms", Long.toString(millis));
    }
    return out;
  }
}
