package dev.factoryproxy.upstream;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The limits answer as Factory gives it (factory-upstream.md "Quota"), parsed without a server or a clock. */
class QuotaReportTest {
  private static final long NOW = Instant.parse("2026-12-02T07:00:00Z").toEpochMilli();
  private static final long NINE = Instant.parse("2026-12-02T09:00:00Z").toEpochMilli();

  /** windowEnd as it may come → the epoch ms it means (secondsRemaining 60 is the fallback). */
  @Test
  void qu2_windowEndIsReadAsIsoEpochSecondsOrEpochMillis() {
    Map<Object, Long> table = new java.util.LinkedHashMap<>();
    table.put("2026-12-02T09:00:00Z", NINE);
    table.put("2026-12-02T09:00:00.000Z", NINE);
    table.put("2026-12-02T10:00:00+01:00", NINE);
    table.put(NINE / 1000, NINE); // epoch seconds, a number
    table.put(NINE, NINE); // epoch ms, a number
    table.put(Long.toString(NINE / 1000), NINE); // epoch seconds, a string
    table.put(Long.toString(NINE), NINE);
    table.put((double) (NINE / 1000), NINE); // 1.7648604E9 as JSON may give it
    table.put("next tuesday", NOW + 60_000); // unreadable: secondsRemaining from now
    table.put("", NOW + 60_000);
    for (Map.Entry<Object, Long> row : table.entrySet()) {
      assertEquals(row.getValue(), QuotaReport.endMs(row.getKey(), 60, NOW), "windowEnd " + row.getKey());
    }
    assertEquals(NOW + 1_500, QuotaReport.endMs(null, 1.5, NOW), "no windowEnd: secondsRemaining");
    assertEquals(-1, QuotaReport.endMs(null, null, NOW), "neither: unknown");
    assertEquals(-1, QuotaReport.endMs(true, "soon", NOW));
  }

  @Test
  void qu2_theLimitsAnswerGivesEveryPoolAndWindow() {
    JsonObject answer = new JsonObject("""
      {"usesTokenRateLimitsBilling": true,
       "limits": {"standard": {"fiveHour": {"usedPercent": 37.5, "secondsRemaining": 7200, "windowEnd": "2026-12-02T09:00:00Z"},
                               "weekly":   {"usedPercent": 12.0, "secondsRemaining": 400000, "windowEnd": %d},
                               "monthly":  {"usedPercent": 4.1,  "secondsRemaining": 2000000}},
                  "core": {"fiveHour": {"usedPercent": 100, "windowEnd": %d},
                           "weekly": {"usedPercent": "lots"}, "monthly": "n/a"}},
       "extraUsageBalanceCents": 0}""".formatted(NINE / 1000, NINE));
    assertTrue(QuotaReport.usesTokenLimits(answer));
    QuotaReport report = QuotaReport.fromLimits(answer, NOW);
    assertEquals(QuotaReport.TOKEN_LIMITS, report.scheme());
    assertEquals(Map.of(
      "fiveHour", new QuotaReport.Window(37.5, NINE),
      "weekly", new QuotaReport.Window(12.0, NINE),
      "monthly", new QuotaReport.Window(4.1, NOW + 2_000_000_000L)), report.windows().get("standard"));
    assertEquals(Map.of("fiveHour", new QuotaReport.Window(100, NINE)), report.windows().get("core"),
      "a window without a numeric usedPercent is not known, not 0");
  }

  @Test
  void qu2_aMissingPoolIsEmptyAndAnAnswerWithoutLimitsIsUnreadable() {
    QuotaReport report = QuotaReport.fromLimits(new JsonObject("""
      {"usesTokenRateLimitsBilling": true, "limits": {"standard": {"weekly": {"usedPercent": 1}}}}"""), NOW);
    assertEquals(Map.of("weekly", new QuotaReport.Window(1, -1)), report.windows().get("standard"));
    assertEquals(Map.of(), report.windows().get("core"));
    QuotaReport.Unreadable error = assertThrows(QuotaReport.Unreadable.class,
      () -> QuotaReport.fromLimits(new JsonObject("{\"usesTokenRateLimitsBilling\": true}"), NOW));
    assertEquals("the limits answer has no \"limits\" object", error.getMessage());
  }

  @Test
  void qu2_anAccountOnTheOlderSchemeIsReadFromItsUsageRatios() {
    assertFalse(QuotaReport.usesTokenLimits(new JsonObject("{\"usesTokenRateLimitsBilling\": false}")));
    assertFalse(QuotaReport.usesTokenLimits(new JsonObject("{}")), "absent means the older scheme");
    QuotaReport report = QuotaReport.fromLegacyUsage(new JsonObject("""
      {"usage": {"standard": {"usedRatio": 0.25, "userTokens": 5, "totalAllowance": 20},
                 "premium": {"usedRatio": 1}}}"""));
    assertEquals(QuotaReport.LEGACY, report.scheme());
    assertEquals(Map.of("standard", 25.0, "premium", 100.0), report.legacy());
    assertEquals(Map.of("standard", Map.of(), "core", Map.of()), report.windows(), "no windows are known");
    assertThrows(QuotaReport.Unreadable.class, () -> QuotaReport.fromLegacyUsage(new JsonObject("{}")));
  }

  @Test
  void qu3_aWindowWhoseEndHasPassedCountsAsUnused() {
    QuotaReport.Window full = new QuotaReport.Window(100, NINE);
    assertEquals(100, full.usedAt(NINE - 1));
    assertTrue(full.exhaustedAt(NINE - 1));
    assertEquals(0, full.usedAt(NINE), "ended at its end");
    assertFalse(full.exhaustedAt(NINE + 1));
    QuotaReport.Window noEnd = new QuotaReport.Window(120, -1);
    assertTrue(noEnd.exhaustedAt(Long.MAX_VALUE), "a window with no known end stays as reported");
    assertFalse(new QuotaReport.Window(99.9, NINE).exhaustedAt(NOW), "under 100 % is not exhausted");
  }
}
