package dev.factoryproxy.upstream;

import java.util.List;

/** Spreads requests across the configured Factory keys (round-robin). */
final class KeyPool {
  private final List<String> keys;
  private int next;

  KeyPool(List<String> keys) {
    this.keys = List.copyOf(keys);
  }

  boolean isEmpty() {
    return keys.isEmpty();
  }

  String next() {
    String key = keys.get(next);
    next = (next + 1) % keys.size();
    return key;
  }

}
