package dev.factoryproxy.client.responses;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A bounded {@link ResponseStore} (XR17): at most {@code maxEntries} records and {@code maxChars} of item JSON, least
 * recently used first out, each record gone {@code ttl} after it was stored. Thread-safe.
 */
public final class InMemoryResponseStore implements ResponseStore {
  private record Entry(ConversationRecord record, Instant expires, int chars) {
  }

  private final int maxEntries;
  private final long maxChars;
  private final Duration ttl;
  private final Clock clock;
  private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
  private long chars;

  public InMemoryResponseStore(int maxEntries, long maxChars, Duration ttl, Clock clock) {
    if (maxEntries < 1 || maxChars < 1 || ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("maxEntries, maxChars and ttl must be positive");
    }
    this.maxEntries = maxEntries;
    this.maxChars = maxChars;
    this.ttl = ttl;
    this.clock = clock;
  }

  public InMemoryResponseStore(int maxEntries, long maxChars, Duration ttl) {
    this(maxEntries, maxChars, ttl, Clock.systemUTC());
  }

  @Override
  public synchronized void put(String responseId, ConversationRecord record) {
    int size = record.encodedLength();
    remove(responseId);
    if (size > maxChars) {
      return; // a conversation larger than the whole store is not kept; its next turn gets the XR19 400
    }
    entries.put(responseId, new Entry(record, clock.instant().plus(ttl), size));
    chars += size;
    Iterator<Map.Entry<String, Entry>> eldest = entries.entrySet().iterator();
    while ((entries.size() > maxEntries || chars > maxChars) && eldest.hasNext()) {
      chars -= eldest.next().getValue().chars();
      eldest.remove();
    }
  }

  @Override
  public synchronized ConversationRecord get(String responseId) {
    Entry entry = entries.get(responseId);
    if (entry == null) {
      return null;
    }
    if (!clock.instant().isBefore(entry.expires())) {
      remove(responseId);
      return null;
    }
    return entry.record();
  }

  public synchronized int size() {
    return entries.size();
  }

  private void remove(String responseId) {
    Entry old = entries.remove(responseId);
    if (old != null) {
      chars -= old.chars();
    }
  }
}
