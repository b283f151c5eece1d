package dev.factoryproxy.http;

import dev.factoryproxy.config.ProxyConfig;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class StreamSlotsTest {

  @Test
  void theNodeLimitCountsEveryClient() {
    StreamSlots slots = new StreamSlots(new ProxyConfig.Limits(2, 0, 0));
    assertNull(slots.acquire("key-1"));
    assertNull(slots.acquire("key-2"));
    assertEquals(StreamSlots.Refusal.NODE_FULL, slots.acquire("key-3"));
    assertEquals(2, slots.active());
    slots.release("key-1");
    assertNull(slots.acquire("key-3"));
  }

  @Test
  void theClientLimitLeavesOtherClientsAlone() {
    StreamSlots slots = new StreamSlots(new ProxyConfig.Limits(10, 1, 0));
    assertNull(slots.acquire("key-1"));
    assertEquals(StreamSlots.Refusal.CLIENT_FULL, slots.acquire("key-1"));
    assertNull(slots.acquire("key-2"));
    assertEquals(2, slots.active(), "a refused request holds no slot");
    slots.release("key-1");
    assertNull(slots.acquire("key-1"));
  }

  @Test
  void zeroMeansNoLimitButStreamsAreStillCounted() {
    StreamSlots slots = new StreamSlots(new ProxyConfig.Limits(0, 0, 0));
    for (int i = 0; i < 100; i++) {
      assertNull(slots.acquire("key-1"));
    }
    assertEquals(100, slots.active());
  }

  @Test
  void concurrentAcquiresNeverExceedTheLimit() throws Exception {
    StreamSlots slots = new StreamSlots(new ProxyConfig.Limits(50, 0, 0));
    java.util.concurrent.atomic.AtomicInteger granted = new java.util.concurrent.atomic.AtomicInteger();
    Thread[] threads = new Thread[8];
    for (int t = 0; t < threads.length; t++) {
      threads[t] = new Thread(() -> {
        for (int i = 0; i < 100; i++) {
          if (slots.acquire("key-1") == null) {
            granted.incrementAndGet();
          }
        }
      });
      threads[t].start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    assertEquals(50, granted.get());
    assertEquals(50, slots.active());
  }
}
