package dev.factoryproxy.upstream;

import dev.factoryproxy.config.Secrets;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * SH7 at the pool: what one node's pool tells (every change it makes, named by the key's digest) and what another
 * node's pool makes of it (the same state, no echo, keys it does not hold ignored). The cluster half is in
 * {@code cluster.SharedStateClusterTest}.
 */
class KeyPoolSharingTest {
  private static final String BAD = "fk-test-refused-0000";
  private static final String GOOD = "fk-test-good-0000";
  private final AtomicLong clockA = new AtomicLong(1_000);
  private final AtomicLong clockB = new AtomicLong(5_000_000); // the nodes' clocks have nothing in common
  private final KeyPool a = new KeyPool(List.of(BAD, GOOD), 60_000, clockA::get);
  private final KeyPool b = new KeyPool(List.of(BAD, GOOD), 60_000, clockB::get);
  private final List<KeyChange> toldByA = new ArrayList<>();
  private final List<KeyChange> toldByB = new ArrayList<>();

  KeyPoolSharingTest() {
    a.onChange(toldByA::add);
    b.onChange(toldByB::add);
  }

  private void deliver() {
    toldByA.forEach(change -> b.apply(KeyChange.fromJson(change.toJson()))); // as the bus carries it
    toldByA.clear();
  }

  @Test
  void sh7_aChangeOnOneNodeIsTheSameStateOnTheOtherWithoutEchoAndOnlyChangesAreTold() {
    assertEquals(BAD, b.acquire(QuotaBook.STANDARD), "before: B would try the refused key first");
    b.confirm(BAD); // a 200 on a usable key: no news
    assertEquals(List.of(), toldByB);

    a.setAside(BAD, 401);
    assertEquals(List.of(new KeyChange(KeyChange.Kind.SET_ASIDE, Secrets.id(BAD), 401, 60_000)), toldByA);
    assertFalse(toldByA.get(0).toJson().encode().contains(BAD), "the key itself never travels");
    deliver();
    for (int i = 0; i < 4; i++) {
      assertEquals(GOOD, b.acquire(QuotaBook.STANDARD), "B never hands out the key A had refused");
    }
    assertEquals(1, b.count(KeyPool.State.SET_ASIDE));
    assertEquals(List.of(), toldByB, "what B applied is not told again");
    clockB.addAndGet(60_000);
    assertEquals(0, b.count(KeyPool.State.SET_ASIDE), "for A's recheck period, on B's own clock");

    a.coolDown(GOOD, 5_000);
    a.coolDown(GOOD, 1_000); // shorter than the cooldown already running: nothing changes, nothing is told
    assertEquals(List.of(new KeyChange(KeyChange.Kind.COOL_DOWN, Secrets.id(GOOD), 429, 5_000)), toldByA);
    deliver();
    assertEquals(1, b.count(KeyPool.State.COOLING_DOWN));
    assertEquals(5_000, b.summary().getJsonArray("keys").getJsonObject(1).getLong("usableInMs"));

    b.setAside(BAD, 403);
    toldByB.forEach(change -> a.apply(change));
    a.confirm(BAD); // A's recheck succeeded (K2): news, since it was set aside
    assertEquals(KeyChange.Kind.CONFIRM, toldByA.get(0).kind());
    deliver();
    assertEquals(0, b.count(KeyPool.State.SET_ASIDE));
  }

  @Test
  void sh7_aKeyThisNodeDoesNotHoldIsIgnoredAndASetAsideWithoutEndStaysSo() {
    KeyPool elsewhere = new KeyPool(List.of("fk-test-elsewhere-0000", BAD), 0, clockA::get); // aside until restart
    elsewhere.onChange(toldByA::add);
    elsewhere.setAside("fk-test-elsewhere-0000", 401);
    deliver();
    assertEquals(0, b.count(KeyPool.State.SET_ASIDE), "B holds no such key");
    elsewhere.setAside(BAD, 403);
    assertEquals(-1, toldByA.get(0).forMs());
    deliver();
    clockB.addAndGet(365L * 24 * 3_600_000);
    assertEquals(1, b.count(KeyPool.State.SET_ASIDE), "without end on B too");
    assertNull(KeyChange.fromJson(new io.vertx.core.json.JsonObject().put("kind", "EXPLODE").put("key", "x")));
    assertNull(KeyChange.fromJson(new io.vertx.core.json.JsonObject().put("kind", "CONFIRM")));
  }
}
