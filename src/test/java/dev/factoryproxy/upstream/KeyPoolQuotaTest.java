package dev.factoryproxy.upstream;

import dev.factoryproxy.config.ModelInfo;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The quota-aware choice of a credential (QU4, QU5) and what health shows of it (QU7), on fake clocks. */
class KeyPoolQuotaTest {
  private static final String A = "fk-a-test-key-0001";
  private static final String B = "fk-b-test-key-0002";
  private static final String C = "fk-c-test-key-0003";
  private static final long T0 = Instant.parse("2026-12-02T07:00:00Z").toEpochMilli();

  private final AtomicLong monotonic = new AtomicLong(10_000);
  private final AtomicLong wall = new AtomicLong(T0);
  private final QuotaBook book = new QuotaBook(wall::get);
  private final KeyPool pool = new KeyPool(List.of(A, B, C), List.of(), 0, monotonic::get, book);

  private static QuotaReport report(double coreFiveHour, long coreEnd, double standardWeekly, long standardEnd) {
    return new QuotaReport(QuotaReport.TOKEN_LIMITS, Map.of(
      "standard", Map.of("weekly", new QuotaReport.Window(standardWeekly, standardEnd)),
      "core", Map.of("fiveHour", new QuotaReport.Window(coreFiveHour, coreEnd))), Map.of());
  }

  private List<String> take(String quotaPool, int n) {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      keys.add(pool.acquire(quotaPool));
    }
    return keys;
  }

  @Test
  void qu4_theModelsFamilyNamesItsQuotaPool() {
    Map<String, String> table = Map.of("glm-5", "core", "kimi-k2.5", "core", "deepseek-v3.2", "core",
      "minimax-m2.5", "core", "claude-sonnet-4-6", "standard", "gpt-5.4", "standard", "gemini-3.1-pro-preview",
      "standard", "grok-4", "standard");
    table.forEach((id, expected) ->
      assertEquals(expected, QuotaBook.poolFor(ModelInfo.unknown(id, 8192)), id));
    assertEquals("standard", QuotaBook.poolFor(null));
  }

  @Test
  void qu4_aKeyOutOfCoreQuotaIsSkippedForCoreButStillServesStandard() {
    book.record(A, report(100, T0 + 60_000, 10, T0 + 600_000));
    assertEquals(List.of(B, C, B, C), take("core", 4));
    assertEquals(List.of(A, B, C), take("standard", 3), "standard models still take turns on all three");
  }

  @Test
  void qu4_anExhaustedKeyIsBackWhenItsWindowEnds() {
    book.record(A, report(100, T0 + 60_000, 10, T0 + 600_000));
    assertEquals(T0 + 60_000, book.exhaustedUntil(A, "core"));
    assertEquals(0, book.exhaustedUntil(A, "standard"));
    wall.set(T0 + 60_000);
    assertEquals(0, book.exhaustedUntil(A, "core"));
    assertEquals(List.of(A, B, C), take("core", 3));
  }

  @Test
  void qu4_aKeyNobodyPolledYetIsUsedAsBefore() {
    assertEquals(0, book.exhaustedUntil(A, "core"));
    book.failed(A, "Factory answered 500 to /api/billing/limits");
    assertEquals(List.of(A, B, C), take("core", 3));
  }

  @Test
  void qu5_whenEveryKeyIsExhaustedTheOneWhoseResetComesFirstIsUsed() {
    book.record(A, report(100, T0 + 300_000, 0, -1));
    book.record(B, report(150, T0 + 60_000, 0, -1));
    book.record(C, report(100, -1, 0, -1)); // no known end: last
    assertEquals(List.of(B, B), take("core", 2), "the pool never refuses on its own: Factory says 402");
    wall.set(T0 + 60_000);
    assertEquals(List.of(B, B), take("core", 2), "B's window ended: it has quota again (the only one)");
  }

  @Test
  void qu5_aSetAsideOrCoolingKeyIsNotUsedForQuotaAndK1StillApplies() {
    book.record(A, report(100, T0 + 60_000, 0, -1));
    pool.setAside(B, 401);
    pool.coolDown(C, 5_000);
    assertEquals(A, pool.acquire("core"), "the only usable key, though out of core quota");
    assertEquals(A, pool.acquire("standard"));
    pool.setAside(A, 402, 60_000);
    assertNull(pool.acquire("core"), "nothing usable: RetryingCall waits for C or falls back (K1)");
    assertEquals(A, pool.soonestSetAside(java.util.Set.of()));
  }

  @Test
  void qu7_healthShowsEachKeysQuotaWindowsAndWhatIsExhausted() {
    book.record(A, new QuotaReport(QuotaReport.TOKEN_LIMITS, Map.of(
      "standard", Map.of("fiveHour", new QuotaReport.Window(37.5, Instant.parse("2026-12-02T09:00:00Z").toEpochMilli()),
        "weekly", new QuotaReport.Window(100, T0 + 1_000), "monthly", new QuotaReport.Window(100, T0 - 1)),
      "core", Map.of()), Map.of()));
    wall.addAndGet(500);
    book.failed(A, "no answer within 10 s");
    JsonArray keys = pool.summary().getJsonArray("keys");
    assertEquals(new JsonObject("""
      {"key": "fk-a-t…", "state": "usable",
       "quota": {"standard": {"fiveHour": {"usedPercent": 37.5, "resetsAt": "2026-12-02T09:00:00Z"},
                              "weekly": {"usedPercent": 100.0, "resetsAt": "2026-12-02T07:00:01Z"},
                              "monthly": {"usedPercent": 0.0, "resetsAt": "2026-12-02T06:59:59.999Z"}},
                 "core": {}, "checkedAt": "2026-12-02T07:00:00Z", "exhausted": ["standard.weekly"],
                 "error": "no answer within 10 s", "failedAt": "2026-12-02T07:00:00.500Z"}}"""), keys.getJsonObject(0));
    assertEquals(new JsonObject().put("key", "fk-b-t…").put("state", "usable"), keys.getJsonObject(1),
      "no quota field before anything is known");
    assertTrue(keys.encode().indexOf(A) < 0, "never the key");
  }

  @Test
  void qu7_anAccountOnTheOlderSchemeSaysItsWindowsAreUnknown() {
    book.record(B, QuotaReport.fromLegacyUsage(new JsonObject("{\"usage\":{\"standard\":{\"usedRatio\":0.5}}}")));
    assertEquals(new JsonObject("""
      {"standard": {}, "core": {}, "checkedAt": "2026-12-02T07:00:00Z", "scheme": "legacy", "windows": "unknown",
       "legacy": {"standard": {"usedPercent": 50.0}}, "exhausted": []}"""), book.summary(B));
    assertEquals(List.of(A, B, C), take("standard", 3), "the older scheme never makes a key skipped");
  }
}
