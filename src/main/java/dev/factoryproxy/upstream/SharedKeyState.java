package dev.factoryproxy.upstream;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

import java.util.UUID;

/**
 * SH7 (docs/cluster-state.md): a cluster's upstream nodes tell each other what they learnt about a key (set
 * aside after 401/402/403, cooling down after 429, confirmed). Each change is published on the clustered event bus
 * as it happens and applied to every other node's {@link KeyPool}, so a request never waits for the cluster: a
 * node reads only its own pool. The bus, not a Hazelcast topic: the nodes already talk over it, its handlers run
 * on the node's event loop, and a lost message costs no more than one more refusal on the node that missed it
 * (which then sets the key aside itself).
 */
final class SharedKeyState {
  /** Every upstream node of a proxy listens here. */
  static final String ADDRESS = "factory-proxy.keys.changes";
  private static final String ORIGIN = "origin";

  private SharedKeyState() {
  }

  /** Publishes this pool's changes and applies the other nodes'; completes once the consumer is registered. */
  static Future<Void> share(Vertx vertx, KeyPool pool) {
    String self = UUID.randomUUID().toString();
    pool.onChange(change -> vertx.eventBus().publish(ADDRESS, change.toJson().put(ORIGIN, self)));
    return vertx.eventBus().<JsonObject>consumer(ADDRESS, (Message<JsonObject> message) -> {
      JsonObject body = message.body();
      if (self.equals(body.getString(ORIGIN))) {
        return; // our own change, already made
      }
      KeyChange change = KeyChange.fromJson(body);
      if (change != null) {
        pool.apply(change);
      }
    }).completion();
  }
}
