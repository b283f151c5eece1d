package dev.factoryproxy.cluster;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import dev.factoryproxy.credentials.LoginSharing;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * SH1–SH5 (docs/cluster-state.md) on Hazelcast: a lease per login is an entry of one map, put only if absent with
 * a time to live, so it needs no owner thread (a Hazelcast lock is owned by the thread that took it, and Vert.x
 * hands work to whichever worker is free) and lapses by itself when its holder dies. The tokens are another map's
 * entry, as JSON text. Blocking Hazelcast calls run on worker threads ({@code executeBlocking}), never on an event
 * loop. The tokens are secrets: the cluster must be private (docs/cluster-state.md, SH6).
 */
final class HazelcastLogins implements LoginSharing {
  static final String LEASES = "factory-proxy.droid-login.leases";
  static final String TOKENS = "factory-proxy.droid-login.tokens";
  /** Longer than a refresh may take: four attempts of up to 10 s each and 4.3 s of waits between them (CL4). */
  static final long LEASE_MS = 60_000;
  private static final long POLL_MS = 250;

  private final Vertx vertx;
  private final IMap<String, String> leases;
  private final IMap<String, String> tokens;
  private final long leaseMs;

  HazelcastLogins(Vertx vertx, HazelcastInstance hazelcast) {
    this(vertx, hazelcast, LEASE_MS);
  }

  /** @param leaseMs how long a lease lasts when its holder never releases it (shorter in tests) */
  HazelcastLogins(Vertx vertx, HazelcastInstance hazelcast, long leaseMs) {
    this.vertx = vertx;
    this.leases = hazelcast.getMap(LEASES);
    this.tokens = hazelcast.getMap(TOKENS);
    this.leaseMs = leaseMs;
  }

  @Override
  public Future<Lease> lease(String loginId) {
    String holder = UUID.randomUUID().toString();
    return take(loginId, holder, System.currentTimeMillis() + leaseMs + 5_000);
  }

  /** Tries until the lease is ours; waiting longer than one lease means something else is wrong. */
  private Future<Lease> take(String loginId, String holder, long giveUpAtMs) {
    return vertx.executeBlocking(() -> leases.putIfAbsent(loginId, holder, leaseMs, TimeUnit.MILLISECONDS) == null,
      false).compose(taken -> {
        if (taken) {
          Lease lease = () -> vertx.executeBlocking(() -> leases.remove(loginId, holder), false).mapEmpty();
          return Future.succeededFuture(lease);
        }
        if (System.currentTimeMillis() > giveUpAtMs) {
          return Future.failedFuture(new IllegalStateException("another node held the refresh lease too long"));
        }
        return vertx.timer(POLL_MS).compose(v -> take(loginId, holder, giveUpAtMs));
      });
  }

  @Override
  public Future<Tokens> current(String loginId) {
    return vertx.executeBlocking(() -> parse(tokens.get(loginId)), false);
  }

  @Override
  public Future<Void> store(String loginId, Tokens pair) {
    String json = new JsonObject().put("access_token", pair.accessToken()).put("refresh_token", pair.refreshToken())
      .encode();
    return vertx.executeBlocking(() -> {
      tokens.set(loginId, json);
      return null;
    }, false);
  }

  @Override
  public Future<Void> watch(String loginId, Consumer<Tokens> listener) {
    return vertx.executeBlocking(() -> tokens.addEntryListener(new Stored(listener), loginId, true), false)
      .mapEmpty();
  }

  private static Tokens parse(String json) {
    if (json == null) {
      return null;
    }
    JsonObject pair = new JsonObject(json);
    return new Tokens(pair.getString("access_token"), pair.getString("refresh_token"));
  }

  /** Hazelcast's listener for one login's entry: added (the first node's refresh) or updated (every later one). */
  private record Stored(Consumer<Tokens> listener)
    implements EntryAddedListener<String, String>, EntryUpdatedListener<String, String> {
    @Override
    public void entryAdded(EntryEvent<String, String> event) {
      listener.accept(parse(event.getValue()));
    }

    @Override
    public void entryUpdated(EntryEvent<String, String> event) {
      listener.accept(parse(event.getValue()));
    }

    @Override
    public String toString() {
      return "Stored[…]";
    }
  }
}
