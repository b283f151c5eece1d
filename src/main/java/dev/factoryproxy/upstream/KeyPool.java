package dev.factoryproxy.upstream;

import dev.factoryproxy.config.Secrets;
import dev.factoryproxy.credentials.DroidLogin;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The Factory keys a node spends, round-robin over those usable now. A key Factory refuses (401/402/403) is set
 * aside, for a recheck period or until restart; a key that got 429 cools down for a while. A key whose period
 * ended is simply usable again: one request finds out, and a refusal sets it aside for another period (that
 * request moves on to the next usable key, so a recheck costs a round trip). One pool per node, shared by the
 * node's upstream verticle instances (see {@code UpstreamVerticle}), hence synchronized: a handful of keys, tiny critical sections,
 * never a blocking call inside. Passthrough requests get a one-key pool of their own that nobody else sees.
 * A Droid login (issue 15, CL1) sits in the pool next to the API keys under a handle of its own
 * ({@code droid-login:key-…}); {@link #bearer} gives its current access token, and it is unusable while it has
 * none (set aside after a refused refresh, or not refreshed yet).
 * Quota (QU4, docs/quota.md): {@link #acquire(String)} skips keys out of quota in the request's pool, as its
 * {@link QuotaBook} knows them; the book-keeping is the book's, the pool only asks.
 */
final class KeyPool {
  /** What a key can be used for now; the lower-case name is its label in health and metrics. */
  enum State {
    USABLE, COOLING_DOWN, SET_ASIDE;

    String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** What {@link #msUntilUsable} answers when every key is set aside. */
  static final long NEVER = Long.MAX_VALUE;

  /** The handle of a Droid login in the pool (what {@link #acquire} answers for it). */
  static final String LOGIN_PREFIX = "droid-login:";

  private static final class Slot {
    final String key;
    final DroidLogin login; // null for an API key
    long coolUntilMs;
    int setAsideStatus; // the refusal's status, for health
    long setAsideUntilMs; // 0 when never set aside
    String digest; // SH7: the key's cluster id, computed once (a digest costs more than the rest of a change)

    Slot(String key, DroidLogin login) {
      this.key = key;
      this.login = login;
    }
  }

  private final List<Slot> slots = new ArrayList<>();
  private final LongSupplier clockMs;
  private final long recheckMs;
  /** QU4: what Factory's limits endpoint last said of each credential (asked by acquire, shown by summary). */
  private final QuotaBook quota;
  private int next;
  /** SH7: told of each change this node makes to a key's state, so that the other nodes learn it. */
  /** Null on a single node: nothing is built for it, so a single node does exactly what it did before. */
  private volatile java.util.function.Consumer<KeyChange> listener;

  /**
   * A pool timed by the monotonic clock (cooldowns must not jump with the wall clock).
   * @param recheckMs how long a refused key stays aside; 0 means until restart
   */
  KeyPool(List<String> keys, long recheckMs) {
    this(keys, recheckMs, () -> System.nanoTime() / 1_000_000);
  }

  KeyPool(List<String> keys, long recheckMs, LongSupplier clockMs) {
    this(keys, List.of(), recheckMs, clockMs);
  }

  KeyPool(List<String> keys, List<DroidLogin> logins, long recheckMs, LongSupplier clockMs) {
    this(keys, logins, recheckMs, clockMs, QuotaBook.empty());
  }

  KeyPool(List<String> keys, List<DroidLogin> logins, long recheckMs, LongSupplier clockMs, QuotaBook quota) {
    this.quota = quota;
    new LinkedHashSet<>(keys).forEach(key -> slots.add(new Slot(key, null)));
    logins.forEach(login -> slots.add(new Slot(LOGIN_PREFIX + login.id(), login)));
    this.recheckMs = recheckMs;
    this.clockMs = clockMs;
  }

  /**
   * The next usable key in turn that has quota left in {@code quotaPool} (QU4); when every usable key has used up
   * that pool, the one whose quota comes back first (QU5: the pool never refuses on its own, Factory says 402);
   * null when none is usable now.
   */
  synchronized String acquire(String quotaPool) {
    long now = clockMs.getAsLong();
    Slot soonest = null;
    long soonestBack = Long.MAX_VALUE;
    for (int i = 0; i < slots.size(); i++) {
      Slot slot = slots.get((next + i) % slots.size());
      if (state(slot, now) == State.USABLE) {
        long back = quota.exhaustedUntil(slot.key, quotaPool);
        if (back == 0) {
          next = (next + i + 1) % slots.size();
          return slot.key;
        }
        if (soonest == null || back < soonestBack) {
          soonest = slot;
          soonestBack = back;
        }
      }
    }
    return soonest == null ? null : soonest.key;
  }

  /** The quota book this pool consults (the poller fills it; a 402 asks it for an early poll, QU1). */
  QuotaBook quota() {
    return quota;
  }

  /** Every credential's handle, in pool order (what the quota poller polls, QU1). */
  synchronized List<String> handles() {
    return slots.stream().map(slot -> slot.key).toList();
  }

  /** The Bearer value for a handle {@link #acquire} gave: the key itself, or a login's current access token. */
  synchronized String bearer(String key) {
    Slot slot = slot(key);
    return slot.login == null ? key : slot.login.bearer();
  }

  /** Whether the handle is a Droid login, which a 401 may refresh (CL6). */
  synchronized boolean isLogin(String key) {
    return slot(key).login != null;
  }

  /** CL6: Factory answered 401 to a login's {@code staleBearer}: refresh it (once, however many calls ask). */
  Future<Void> refreshLogin(String key, String staleBearer) {
    DroidLogin login;
    synchronized (this) {
      login = slot(key).login;
    }
    return login.refreshAfterRefusal(staleBearer);
  }

  /** How a handle is shown in logs: a key by its prefix, a login by its id (both as health shows them). */
  synchronized String shown(String key) {
    Slot slot = slot(key);
    return slot.login == null ? Secrets.prefix(key) : slot.login.id();
  }

  /** Factory refused the key itself (401/402/403): not used again on this node for the recheck period (or ever). */
  void setAside(String key, int status) {
    setAside(key, status, -1);
  }

  /**
   * The same, for {@code forMs} when Factory said how long (a 402 naming its quota reset, K3); a negative
   * {@code forMs} means the recheck period.
   */
  void setAside(String key, int status, long forMs) {
    KeyChange change;
    synchronized (this) {
      Slot slot = slot(key);
      slot.setAsideStatus = status;
      long now = clockMs.getAsLong();
      if (forMs >= 0) {
        slot.setAsideUntilMs = now + forMs;
      } else {
        slot.setAsideUntilMs = recheckMs > 0 ? now + recheckMs : Long.MAX_VALUE;
      }
      change = listener == null ? null : new KeyChange(KeyChange.Kind.SET_ASIDE, sharedId(slot), status,
        slot.setAsideUntilMs == Long.MAX_VALUE ? -1 : slot.setAsideUntilMs - now);
    }
    tell(change);
  }

  /** Factory accepted the key (a rechecked or fallback key answered): it is usable again at once (K2). */
  void confirm(String key) {
    KeyChange change = null;
    synchronized (this) {
      Slot slot = slot(key);
      if (slot.setAsideUntilMs != 0 && listener != null) { // only a change is news: not a 200 on a usable key
        change = new KeyChange(KeyChange.Kind.CONFIRM, sharedId(slot), 0, 0);
      }
      slot.setAsideUntilMs = 0;
      slot.setAsideStatus = 0;
    }
    tell(change);
  }

  /**
   * K1: the key whose set-aside ends first, skipping {@code tried} (the keys this request already had refused), or
   * null when there is none. The pool never refuses on its own: when every key is set aside the request still goes
   * to Factory, so the client gets Factory's own answer (a 200 after a transient refusal, or its 401/402/403).
   */
  synchronized String soonestSetAside(java.util.Set<String> tried) {
    long now = clockMs.getAsLong();
    Slot best = null;
    for (Slot slot : slots) {
      if (state(slot, now) == State.SET_ASIDE && !tried.contains(slot.key) && hasBearer(slot)
        && (best == null || slot.setAsideUntilMs < best.setAsideUntilMs)) {
        best = slot;
      }
    }
    return best == null ? null : best.key;
  }

  /** Factory rate-limited the key (429): rest it for {@code ms} (a later, longer cooldown wins). */
  void coolDown(String key, long ms) {
    KeyChange change = null;
    synchronized (this) {
      Slot slot = slot(key);
      long until = clockMs.getAsLong() + ms;
      if (until > slot.coolUntilMs) {
        slot.coolUntilMs = until;
        change = listener == null ? null : new KeyChange(KeyChange.Kind.COOL_DOWN, sharedId(slot), 429, ms);
      }
    }
    tell(change);
  }

  private void tell(KeyChange change) {
    java.util.function.Consumer<KeyChange> told = listener;
    if (change != null && told != null) {
      told.accept(change);
    }
  }

  /** SH7: {@code listener} hears of every change this node makes (never of those {@link #apply} makes). */
  void onChange(java.util.function.Consumer<KeyChange> listener) {
    this.listener = listener;
  }

  /**
   * SH7: another node changed a key's state; the same change is made here, without telling the listener (no
   * echo). A key this node does not hold is ignored (nodes may hold different keys).
   */
  synchronized void apply(KeyChange change) {
    long now = clockMs.getAsLong();
    for (Slot slot : slots) {
      if (!sharedId(slot).equals(change.keyId())) {
        continue;
      }
      switch (change.kind()) {
        case SET_ASIDE -> {
          slot.setAsideStatus = change.status();
          slot.setAsideUntilMs = change.forMs() < 0 ? Long.MAX_VALUE : now + change.forMs();
        }
        case COOL_DOWN -> slot.coolUntilMs = Math.max(slot.coolUntilMs, now + change.forMs());
        case CONFIRM -> {
          slot.setAsideUntilMs = 0;
          slot.setAsideStatus = 0;
        }
        default -> { }
      }
    }
  }

  /**
   * 0 when a key is usable now, the wait until the first cooldown ends, or {@link #NEVER} when all are set aside
   * (a recheck is not promised to a client: the key may well be refused again).
   */
  synchronized long msUntilUsable() {
    long now = clockMs.getAsLong();
    long wait = NEVER;
    for (Slot slot : slots) {
      switch (state(slot, now)) {
        case USABLE -> {
          return 0;
        }
        case COOLING_DOWN -> wait = Math.min(wait, slot.coolUntilMs - now);
        default -> { }
      }
    }
    return wait;
  }

  synchronized int count(State state) {
    long now = clockMs.getAsLong();
    return (int) slots.stream().filter(slot -> state(slot, now) == state).count();
  }

  /** For health: counts per state and each key by its prefix, never the key. */
  synchronized JsonObject summary() {
    long now = clockMs.getAsLong();
    JsonArray keys = new JsonArray();
    for (Slot slot : slots) {
      State state = state(slot, now);
      JsonObject entry = slot.login != null ? slot.login.summary().put("state", state.label())
        .put("login", slot.login.summary().getString("state"))
        : new JsonObject().put("key", Secrets.prefix(slot.key)).put("state", state.label());
      JsonObject quotaSeen = quota.summary(slot.key); // QU7
      if (quotaSeen != null) {
        entry.put("quota", quotaSeen);
      }
      if (state == State.COOLING_DOWN) {
        entry.put("usableInMs", slot.coolUntilMs - now);
      } else if (state == State.SET_ASIDE && slot.setAsideUntilMs > now) {
        entry.put("status", slot.setAsideStatus);
        if (slot.setAsideUntilMs != Long.MAX_VALUE) {
          entry.put("recheckInMs", slot.setAsideUntilMs - now);
        }
      }
      keys.add(entry);
    }
    return new JsonObject().put("mode", "pool")
      .put(State.USABLE.label(), count(State.USABLE))
      .put(State.COOLING_DOWN.label(), count(State.COOLING_DOWN))
      .put(State.SET_ASIDE.label(), count(State.SET_ASIDE))
      .put("keys", keys);
  }

  private static State state(Slot slot, long now) {
    if (now < slot.setAsideUntilMs || !hasBearer(slot)) {
      return State.SET_ASIDE;
    }
    return slot.coolUntilMs > now ? State.COOLING_DOWN : State.USABLE;
  }

  /** A login without an access token (refresh refused or not done) cannot be used, not even as a fallback. */
  private static boolean hasBearer(Slot slot) {
    return slot.login == null || slot.login.bearer() != null;
  }

  /** How the cluster names a key: a digest of it (never the key), or the login's cluster-wide id. */
  private static String sharedId(Slot slot) {
    if (slot.login != null) {
      return LOGIN_PREFIX + slot.login.sharedId();
    }
    if (slot.digest == null) {
      slot.digest = Secrets.id(slot.key);
    }
    return slot.digest;
  }

  private Slot slot(String key) {
    for (Slot slot : slots) {
      if (slot.key.equals(key)) {
        return slot;
      }
    }
    throw new IllegalArgumentException("not a key of this pool: " + Secrets.prefix(key));
  }
}
