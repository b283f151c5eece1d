package dev.factoryproxy.upstream;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

class KeyPoolTest {
  private static final String A = "fk-a-test-key-0001";
  private static final String B = "fk-b-test-key-0002";
  private static final String C = "fk-c-test-key-0003";

  private final AtomicLong now = new AtomicLong(10_000);
  private final KeyPool pool = new KeyPool(List.of(A, B, C), 0, now::get);

  @Test
  void keysTakeTurns() {
    assertEquals(List.of(A, B, C, A), List.of(pool.acquire(QuotaBook.STANDARD), pool.acquire(QuotaBook.STANDARD), pool.acquire(QuotaBook.STANDARD), pool.acquire(QuotaBook.STANDARD)));
  }

  @Test
  void withoutARecheckASetAsideKeyIsNeverUsedAgain() {
    pool.setAside(B, 401);
    for (int i = 0; i < 6; i++) {
      assertFalse(B.equals(pool.acquire(QuotaBook.STANDARD)));
    }
    now.addAndGet(1_000_000_000L);
    assertEquals(1, pool.count(KeyPool.State.SET_ASIDE));
  }

  @Test
  void aCoolingKeyComesBackWhenItsCooldownEnds() {
    pool.coolDown(A, 1_000);
    assertEquals(List.of(B, C, B), List.of(pool.acquire(QuotaBook.STANDARD), pool.acquire(QuotaBook.STANDARD), pool.acquire(QuotaBook.STANDARD)));
    assertEquals(1, pool.count(KeyPool.State.COOLING_DOWN));
    now.addAndGet(1_000);
    assertEquals(3, pool.count(KeyPool.State.USABLE));
  }

  @Test
  void theLongerCooldownWins() {
    pool.coolDown(A, 5_000);
    pool.coolDown(A, 1_000);
    now.addAndGet(1_000);
    assertEquals(KeyPool.State.COOLING_DOWN.label(), pool.summary().getJsonArray("keys").getJsonObject(0).getString("state"));
  }

  @Test
  void msUntilUsableSaysNowTheFirstCooldownOrNever() {
    assertEquals(0, pool.msUntilUsable());
    pool.coolDown(A, 3_000);
    pool.coolDown(B, 1_000);
    pool.setAside(C, 402);
    assertEquals(1_000, pool.msUntilUsable());
    assertNull(pool.acquire(QuotaBook.STANDARD));
    now.addAndGet(400);
    assertEquals(600, pool.msUntilUsable());
    pool.setAside(A, 403);
    pool.setAside(B, 401);
    assertEquals(KeyPool.NEVER, pool.msUntilUsable());
  }

  @Test
  void theSummaryShowsCountsAndPrefixesNeverKeys() {
    pool.setAside(A, 401);
    pool.coolDown(B, 2_000);
    JsonObject summary = pool.summary();
    assertEquals(1, summary.getInteger("usable"));
    assertEquals(1, summary.getInteger("cooling_down"));
    assertEquals(1, summary.getInteger("set_aside"));
    assertEquals(new JsonObject().put("key", "fk-a-t…").put("state", "set_aside").put("status", 401),
      summary.getJsonArray("keys").getJsonObject(0));
    assertEquals(2_000, summary.getJsonArray("keys").getJsonObject(1).getLong("usableInMs"));
    assertFalse(summary.encode().contains("test-key"), summary.encode());
  }

  @Test
  void duplicateKeysCountOnce() {
    KeyPool twice = new KeyPool(List.of(A, A), 0, now::get);
    assertEquals(1, twice.count(KeyPool.State.USABLE));
  }

  @Test
  void aRefusedKeyIsTriedAgainAfterTheRecheckPeriodAndSetAsideAgainIfStillRefused() {
    KeyPool rechecked = new KeyPool(List.of(A, B), 600_000, now::get);
    rechecked.setAside(A, 402);
    assertEquals(List.of(B, B), List.of(rechecked.acquire(QuotaBook.STANDARD), rechecked.acquire(QuotaBook.STANDARD)));
    JsonObject aside = rechecked.summary().getJsonArray("keys").getJsonObject(0);
    assertEquals(402, aside.getInteger("status"));
    assertEquals(600_000, aside.getLong("recheckInMs"));

    now.addAndGet(599_999);
    assertEquals(1, rechecked.count(KeyPool.State.SET_ASIDE));
    now.addAndGet(1);
    assertEquals(2, rechecked.count(KeyPool.State.USABLE));
    assertEquals(List.of(A, B), List.of(rechecked.acquire(QuotaBook.STANDARD), rechecked.acquire(QuotaBook.STANDARD)));

    rechecked.setAside(A, 401); // still refused: aside for another full period
    now.addAndGet(300_000);
    assertEquals(1, rechecked.count(KeyPool.State.SET_ASIDE));
    assertEquals(300_000, rechecked.summary().getJsonArray("keys").getJsonObject(0).getLong("recheckInMs"));
  }

  @Test
  void whenEveryKeyIsAsideNoRetryAfterIsPromisedEvenWithARecheck() {
    KeyPool rechecked = new KeyPool(List.of(A), 600_000, now::get);
    rechecked.setAside(A, 401);
    assertNull(rechecked.acquire(QuotaBook.STANDARD));
    assertEquals(KeyPool.NEVER, rechecked.msUntilUsable());
  }

  @Test
  void k1_whenEveryKeyIsAsideTheOneWhoseSetAsideEndsFirstIsOffered() {
    KeyPool rechecked = new KeyPool(List.of(A, B, C), 600_000, now::get);
    rechecked.setAside(A, 401);
    now.addAndGet(1_000);
    rechecked.setAside(B, 402, 60_000);
    rechecked.setAside(C, 403);
    assertNull(rechecked.acquire(QuotaBook.STANDARD));
    assertEquals(B, rechecked.soonestSetAside(java.util.Set.of()));
    assertEquals(A, rechecked.soonestSetAside(java.util.Set.of(B)));
    assertNull(rechecked.soonestSetAside(java.util.Set.of(A, B, C)));
  }

  @Test
  void k2_aConfirmedKeyIsUsableAtOnce() {
    pool.setAside(A, 401);
    pool.confirm(A);
    assertEquals(3, pool.count(KeyPool.State.USABLE));
    assertNull(pool.soonestSetAside(java.util.Set.of()));
  }

  @Test
  void k3_aSetAsideForANamedTimeEndsThen() {
    pool.setAside(A, 402, 5_000);
    assertEquals(KeyPool.State.SET_ASIDE.label(), pool.summary().getJsonArray("keys").getJsonObject(0).getString("state"));
    now.addAndGet(5_000);
    assertEquals(3, pool.count(KeyPool.State.USABLE));
  }
}
