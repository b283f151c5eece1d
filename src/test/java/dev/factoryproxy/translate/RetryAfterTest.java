package dev.factoryproxy.translate;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** One reader of retry-after / retry-after-ms for the client's headers (E3) and the retry policy. */
class RetryAfterTest {

  private static final Clock NOW = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

  @Test
  void e3_retryAfterMsWinsOverRetryAfter() {
    assertEquals(1500, RetryAfter.waitMs(Map.of("retry-after-ms", " 1500 ", "retry-after", "9"), NOW));
  }

  @Test
  void e3_unreadableRetryAfterMsFallsBackToSeconds() {
    assertEquals(2500, RetryAfter.waitMs(Map.of("retry-after-ms", "soon", "retry-after", "2.5"), NOW));
  }

  @Test
  void e3_httpDateIsMillisFromNowAndPastDatesAreZero() {
    assertEquals(30_000, RetryAfter.waitMs(Map.of("retry-after", "Thu, 01 Jan 2026 00:00:30 GMT"), NOW));
    assertEquals(0, RetryAfter.waitMs(Map.of("retry-after", "Wed, 31 Dec 2025 23:00:00 GMT"), NOW));
  }

  @Test
  void e3_noOrUnreadableHeaderMeansMinusOne() {
    assertEquals(-1, RetryAfter.waitMs(Map.of(), NOW));
    assertEquals(-1, RetryAfter.waitMs(Map.of("retry-after", "later"), NOW));
    assertNull(RetryAfter.millis("later", NOW));
  }

  @Test
  void e3_clientHeadersKeepShouldRetryAndAddMillis() {
    assertEquals(Map.of("x-should-retry", "true", "retry-after", "3", "retry-after-ms", "3000"),
      RetryAfter.clientHeaders(Map.of("x-should-retry", "true", "retry-after", "3", "other", "x"), NOW));
    assertEquals(Map.of(), RetryAfter.clientHeaders(Map.of(), NOW));
  }
}
