package dev.factoryproxy.cluster;

import com.hazelcast.config.MapConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import dev.factoryproxy.http.SharedRate;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * SH8 (docs/cluster-state.md) on Hazelcast: each client's bucket is one map entry (millionths of a token and the
 * time it was last counted), changed only by an entry processor on the member that owns the entry, so takes from
 * several nodes never race and the bucket is timed by one clock. Entries of idle clients expire (a bucket idle for
 * a minute is full, which is what a missing entry means). Asynchronous: never blocks an event loop.
 */
final class HazelcastRate implements SharedRate {
  static final String MAP = "factory-proxy.rate.requests-per-minute";
  private static final Logger LOG = LoggerFactory.getLogger(HazelcastRate.class);
  private static final int IDLE_TTL_SECONDS = 120;

  private final Vertx vertx;
  private final IMap<String, long[]> buckets;

  HazelcastRate(Vertx vertx, HazelcastInstance hazelcast) {
    this.vertx = vertx;
    try {
      hazelcast.getConfig().addMapConfig(new MapConfig(MAP).setTimeToLiveSeconds(IDLE_TTL_SECONDS));
    } catch (RuntimeException conflicting) {
      LOG.warn("the cluster's rate map keeps the settings it was first given: {}", conflicting.getMessage());
    }
    this.buckets = hazelcast.getMap(MAP);
  }

  @Override
  public Future<Grant> take(String client, int perMinute, int want) {
    return Future.fromCompletionStage(buckets.submitToKey(client, new Take(perMinute, want)),
      vertx.getOrCreateContext()).map(answer -> new Grant((int) answer[0], answer[1]));
  }

  /** Refills the bucket for the time since it was last counted, then takes up to {@code want} whole tokens. */
  record Take(int perMinute, int want) implements EntryProcessor<String, long[], long[]> {
    private static final long UNIT = 1_000_000; // a token, in the millionths the bucket counts

    @Override
    public long[] process(Map.Entry<String, long[]> entry) {
      long now = System.currentTimeMillis();
      long full = perMinute * UNIT;
      long[] bucket = entry.getValue();
      long left = bucket == null ? full
        : Math.min(full, bucket[0] + Math.min(60_000, Math.max(0, now - bucket[1])) * full / 60_000);
      long granted = Math.min(want, left / UNIT);
      left -= granted * UNIT;
      entry.setValue(new long[] {left, now});
      long waitMs = granted > 0 ? 0 : ((UNIT - left) * 60_000 + full - 1) / full;
      return new long[] {granted, waitMs};
    }
  }
}
