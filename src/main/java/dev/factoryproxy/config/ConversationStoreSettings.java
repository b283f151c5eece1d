package dev.factoryproxy.config;

import io.vertx.core.json.JsonObject;

/**
 * {@code responses.conversationStore}: the proxy's own record of answered Responses conversations, which serves
 * {@code previous_response_id} (Factory keeps nothing: {@code store: false}). One node keeps it in memory; a
 * cluster keeps it in a Hazelcast map, so the next turn may land on any node.
 *
 * @param enabled      off: a {@code previous_response_id} is a 400 that says so
 * @param maxEntries   records kept (in a cluster: per member, Hazelcast's eviction); least recently used go first
 * @param maxChars     JSON characters kept in memory in all (one node); a record larger than this is never kept
 * @param ttlSeconds   how long a record may be continued after it was written
 */
public record ConversationStoreSettings(boolean enabled, int maxEntries, int maxChars, int ttlSeconds) {
  public static final ConversationStoreSettings DEFAULTS = new ConversationStoreSettings(true, 10_000,
    256 * 1024 * 1024, 3_600);

  /** Reads and validates {@code responses.conversationStore} of the merged configuration. */
  public static ConversationStoreSettings fromJson(JsonObject root) {
    JsonObject s = ConfigReader.section(ConfigReader.section(root, "responses", ""), "conversationStore",
      "responses");
    String path = "responses.conversationStore";
    return new ConversationStoreSettings(
      ConfigReader.bool(s, "enabled", path, DEFAULTS.enabled()),
      ConfigReader.positiveInt(s, "maxEntries", path, DEFAULTS.maxEntries()),
      ConfigReader.positiveInt(s, "maxChars", path, DEFAULTS.maxChars()),
      ConfigReader.positiveInt(s, "ttlSeconds", path, DEFAULTS.ttlSeconds()));
  }
}
