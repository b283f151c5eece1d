package dev.factoryproxy.upstream;

import io.vertx.core.json.JsonObject;

import java.time.Instant;

/**
 * What a call saw, for /health, recorded after every call and rendered only when health asks: the facts (a
 * JSON object shared by every call that saw the same, never changed) and when. The usual record, a 200, so costs
 * one small object per call instead of a JSON object and a formatted timestamp.
 */
record LastSeen(JsonObject facts, long atMillis) {
  /** Nothing seen yet: renders as an empty object. */
  static final LastSeen NOTHING = new LastSeen(new JsonObject(), 0);

  /** The facts as health shows them, with {@code at} (ISO-8601) when something was seen. */
  JsonObject toJson() {
    JsonObject json = facts.copy();
    return atMillis == 0 ? json : json.put("at", Instant.ofEpochMilli(atMillis).toString());
  }
}
