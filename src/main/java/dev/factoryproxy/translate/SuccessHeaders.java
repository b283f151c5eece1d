package dev.factoryproxy.translate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The headers every answer carries, successful or not (S9, E4): the request id under both names and Anthropic's
 * rate-limit headers plus their OpenAI names. Header maps use lower-case names.
 */
public final class SuccessHeaders {

  private static final String ANTHROPIC_RATELIMIT = "anthropic-ratelimit-";

  private SuccessHeaders() {
  }

  public static Map<String, String> of(Map<String, String> upstreamHeaders) {
    return of(upstreamHeaders, Clock.systemUTC());
  }

  /**
   * S9: {@code request-id}, also as {@code x-request-id} (read by the OpenAI SDKs). E4: the original
   * {@code anthropic-ratelimit-*} headers plus their OpenAI names, reset times as Go-style durations.
   */
  public static Map<String, String> of(Map<String, String> upstreamHeaders, Clock clock) {
    Map<String, String> out = new LinkedHashMap<>();
    String requestId = upstreamHeaders.get("request-id");
    if (requestId != null) {
      out.put("request-id", requestId);
      out.put("x-request-id", requestId);
    }
    upstreamHeaders.forEach((name, value) -> {
      if (name.startsWith(ANTHROPIC_RATELIMIT)) {
        out.put(name, value);
      }
    });
    addRateLimits(upstreamHeaders, out, "requests", ANTHROPIC_RATELIMIT + "requests-", clock);
    String tokens = hasAny(upstreamHeaders, ANTHROPIC_RATELIMIT + "tokens-")
      ? ANTHROPIC_RATELIMIT + "tokens-"
      : ANTHROPIC_RATELIMIT + "input-tokens-";
    addRateLimits(upstreamHeaders, out, "tokens", tokens, clock);
    return out;
  }

  private static boolean hasAny(Map<String, String> headers, String prefix) {
    return headers.containsKey(prefix + "limit") || headers.containsKey(prefix + "remaining")
      || headers.containsKey(prefix + "reset");
  }

  private static void addRateLimits(Map<String, String> in, Map<String, String> out, String kind, String source,
                                    Clock clock) {
    copy(in, source + "limit", out, "x-ratelimit-limit-" + kind);
    copy(in, source + "remaining", out, "x-ratelimit-remaining-" + kind);
    String reset = in.get(source + "reset");
    Instant resetAt = reset == null ? null : parseRfc3339(reset);
    if (resetAt != null) {
      out.put("x-ratelimit-reset-" + kind, goDuration(Duration.between(clock.instant(), resetAt)));
    }
  }

  private static void copy(Map<String, String> in, String from, Map<String, String> out, String to) {
    String value = in.get(from);
    if (value != null) {
      out.put(to, value);
    }
  }

  private static Instant parseRfc3339(String value) {
    try {
      return OffsetDateTime.parse(value.trim()).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /**
   * Go's {@code time.Duration} text as OpenAI sends it ({@code "6m0s"}, {@code "1s"}, {@code "1h2m3s"}), rounded up
   * to whole seconds so that a client never retries early; past times give {@code "0s"}.
   */
  static String goDuration(Duration duration) {
    long millis = Math.max(0L, duration.toMillis());
    long seconds = (millis + 999) / 1000;
    long h = seconds / 3600;
    long m = seconds % 3600 / 60;
    long s = seconds % 60;
    if (h > 0) {
      return h + "h" + m + "m" + s + "s";
    }
    return m > 0 ? m + "m" + s + "s" : s + "s";
  }
}
