package dev.factoryproxy.upstream;

import dev.factoryproxy.config.ProxyConfig;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RetryPolicyTest {
  private static final ProxyConfig.Retry CONFIG = new ProxyConfig.Retry(4, 100, 1_000, 5_000);

  @Test
  void backoffDoublesUpToTheCapWithFullJitter() {
    RetryPolicy highest = new RetryPolicy(CONFIG, () -> 0.999_999);
    assertEquals(100, highest.backoffMs(1));
    assertEquals(200, highest.backoffMs(2));
    assertEquals(400, highest.backoffMs(3));
    assertEquals(1_000, highest.backoffMs(5), "capped at maxDelayMs");
    assertEquals(1_000, highest.backoffMs(40), "no overflow however many attempts");
    RetryPolicy lowest = new RetryPolicy(CONFIG, () -> 0.0);
    assertEquals(0, lowest.backoffMs(3), "full jitter reaches down to zero");
  }

  @Test
  void aRetryNeedsAnAttemptLeftAnAcceptableWaitAndBudget() {
    RetryPolicy policy = new RetryPolicy(CONFIG, () -> 0.5);
    assertNull(policy.whyNot(1, 0, 500));
    assertTrue(policy.whyNot(4, 0, 0).contains("attempts"));
    assertTrue(policy.whyNot(1, 0, 1_001).contains("maxDelayMs"), "a longer retry-after is the client's to honour");
    assertTrue(policy.whyNot(1, 4_600, 500).contains("budget"));
    assertNotNull(policy.whyNot(1, 0, KeyPool.NEVER));
  }
}
