package dev.factoryproxy.conversation;

import com.hazelcast.config.EvictionConfig;
import com.hazelcast.config.EvictionPolicy;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MaxSizePolicy;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.factoryproxy.client.responses.ConversationRecord;
import dev.factoryproxy.config.ConversationStoreSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * A cluster's store: one Hazelcast map that every node reads and writes, so a conversation may go on on any node.
 * Bounded in time by a TTL on every entry, and in size by Hazelcast's LRU eviction at {@code maxEntries} per member
 * plus the cap on one record ({@code maxChars}). Values are the records' JSON text. Hazelcast completes its futures
 * on its own threads; each one is handed back to the caller's Vert.x context.
 */
public final class ClusterConversationStore implements ConversationStore {
  /** The map's name: the same on every node of a proxy. */
  public static final String MAP = "factory-proxy.responses.conversations";
  private static final Logger LOG = LoggerFactory.getLogger(ClusterConversationStore.class);

  private final Vertx vertx;
  private final IMap<String, String> map;
  private final ConversationStoreSettings settings;

  public ClusterConversationStore(Vertx vertx, HazelcastInstance hazelcast, ConversationStoreSettings settings) {
    this.vertx = vertx;
    this.settings = settings;
    configure(hazelcast, settings);
    this.map = hazelcast.getMap(MAP);
  }

  /**
   * The map's bounds, added to the running cluster's configuration before first use (Hazelcast's dynamic
   * configuration). A node started with other bounds keeps the cluster's first ones, with a warning.
   */
  private static void configure(HazelcastInstance hazelcast, ConversationStoreSettings settings) {
    MapConfig config = new MapConfig(MAP)
      .setTimeToLiveSeconds(settings.ttlSeconds())
      .setEvictionConfig(new EvictionConfig().setEvictionPolicy(EvictionPolicy.LRU)
        .setMaxSizePolicy(MaxSizePolicy.PER_NODE).setSize(settings.maxEntries()));
    try {
      hazelcast.getConfig().addMapConfig(config);
    } catch (RuntimeException conflicting) {
      LOG.warn("the cluster's conversation map keeps the bounds it was first given: {}", conflicting.getMessage());
    }
  }

  @Override
  public Future<Void> put(String responseId, ConversationRecord record) {
    String json = record.toJson().encode();
    if (json.length() > settings.maxChars()) {
      return Future.succeededFuture(); // larger than the store may hold: not kept (its next turn gets XR19)
    }
    return back(map.setAsync(responseId, json, settings.ttlSeconds(), TimeUnit.SECONDS));
  }

  @Override
  public Future<ConversationRecord> get(String responseId) {
    return back(map.getAsync(responseId)).map(json -> json == null ? null
      : ConversationRecord.fromJson(new JsonObject(json)));
  }

  private <T> Future<T> back(CompletionStage<T> stage) {
    return Future.fromCompletionStage(stage, vertx.getOrCreateContext());
  }
}
