package dev.factoryproxy.upstream;

import io.vertx.core.json.JsonObject;

/**
 * One change a node made to a key's state in its {@link KeyPool} (SH7, docs/cluster-state.md), as the other nodes
 * learn it. The key is named by its cluster id (a digest, never the key); durations are relative, since the nodes'
 * monotonic clocks have nothing in common.
 *
 * @param forMs how long the state lasts from now; -1 for a set-aside without end (until restart)
 */
record KeyChange(Kind kind, String keyId, int status, long forMs) {
  enum Kind {
    SET_ASIDE, COOL_DOWN, CONFIRM
  }

  JsonObject toJson() {
    return new JsonObject().put("kind", kind.name()).put("key", keyId).put("status", status).put("forMs", forMs);
  }

  /** The change a message describes, or null when it is not one (a node of another version, say). */
  static KeyChange fromJson(JsonObject json) {
    try {
      return new KeyChange(Kind.valueOf(json.getString("kind")), java.util.Objects.requireNonNull(
        json.getString("key")), json.getInteger("status", 0), json.getLong("forMs", 0L));
    } catch (RuntimeException malformed) {
      return null;
    }
  }
}
