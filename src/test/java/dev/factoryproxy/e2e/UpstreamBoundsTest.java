package dev.factoryproxy.e2e;

import dev.factoryproxy.testing.ProxyFixture;
import dev.factoryproxy.config.ConfigLoader;
import dev.factoryproxy.config.ProxyConfig;
import dev.factoryproxy.testing.FakeFactory;
import dev.factoryproxy.testing.ProxyClient;
import dev.factoryproxy.testing.ProxyClient.Answer;
import dev.factoryproxy.testing.ProxyUnderTest;
import dev.factoryproxy.testing.Reply;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 10 §2: a hung or stalled Factory ends within retry budget + first-byte timeout (+ idle timeout once a
 * stream is running), with a 504 before anything was sent and an error frame after; retries never multiply the
 * timeout (B1, B2). The shipped limits scaled down 100 times: first byte 300 ms, idle 600 ms, budget 250 ms.
 */
class UpstreamBoundsTest {
  private static final long FIRST_BYTE_MS = 300;
  private static final long IDLE_MS = 600;
  private static final long BUDGET_MS = 250;
  private static final long SLACK_MS = 700; // scheduling on a shared 2-core machine

  @RegisterExtension
  static final ProxyFixture PROXY = new ProxyFixture(config -> {
    config.getJsonObject("http").put("requestTimeoutMs", 5_000).put("streamIdleTimeoutMs", 3_000);
    config.getJsonObject("upstream").put("heartbeatMs", 500)
      .put("firstByteTimeoutMs", FIRST_BYTE_MS).put("idleTimeoutMs", IDLE_MS)
      .put("retry", new JsonObject().put("maxAttempts", 3).put("baseDelayMs", 5).put("maxDelayMs", 50)
        .put("budgetMs", BUDGET_MS));
  });

  @BeforeEach
  void reset() {
    PROXY.fake().reset();
  }

  private static Reply overloaded() {
    return Reply.error(529, new JsonObject().put("type", "error")
      .put("error", new JsonObject().put("type", "overloaded_error").put("message", "Overloaded")));
  }

  @Test
  void b1_theShippedDefaultsEndAHungOrStalledCallWithinTwoMinutes() {
    ProxyConfig shipped = ProxyConfig.fromJson(ConfigLoader.load(Map.of()));
    long worstBeforeHead = shipped.upstream().retry().budgetMs() + shipped.upstream().firstByteTimeoutMs();
    long worstStream = worstBeforeHead + shipped.upstream().idleTimeoutMs();
    assertEquals(55_000, worstBeforeHead);
    assertEquals(115_000, worstStream);
    assertTrue(worstStream < 120_000 && worstBeforeHead < shipped.http().requestTimeoutMs());
  }

  @Test
  void b1_aHungNonStreamCallEndsIn504AfterTheFirstByteTimeoutWithoutARetryPastTheBudget() {
    PROXY.fake().setDefault(Reply.hang());
    long started = System.nanoTime();
    Answer answer = PROXY.client().chat(false);
    long tookMs = (System.nanoTime() - started) / 1_000_000;
    assertEquals(504, answer.status(), answer.body());
    assertEquals("timeout", answer.error().getString("code"));
    assertEquals(1, PROXY.fake().callCount(), "a timed-out attempt already spent the budget: no second wait");
    assertTrue(tookMs >= FIRST_BYTE_MS && tookMs < FIRST_BYTE_MS + SLACK_MS, "took " + tookMs + " ms");
  }

  @Test
  void b1_aHungStreamedCallEndsIn504BeforeAnythingWasSent() {
    PROXY.fake().setDefault(Reply.hang());
    Answer answer = PROXY.client().chat(true);
    assertEquals(504, answer.status(), answer.body());
    assertEquals("timeout", answer.error().getString("code"));
  }

  @Test
  void b2_retriesThenAHangStayWithinBudgetPlusOneTimeout() {
    PROXY.fake().enqueue(overloaded()).enqueue(overloaded()).setDefault(Reply.hang());
    long started = System.nanoTime();
    Answer answer = PROXY.client().chat(false);
    long tookMs = (System.nanoTime() - started) / 1_000_000;
    assertEquals(504, answer.status(), answer.body());
    assertEquals(3, PROXY.fake().callCount());
    assertTrue(tookMs < BUDGET_MS + FIRST_BYTE_MS + SLACK_MS, "took " + tookMs + " ms");
  }

  @Test
  void b2_aStreamThatStallsAfterItsFirstDeltaEndsWithAnErrorFrameAfterTheIdleTimeout() {
    PROXY.fake().setDefault(Reply.stallAfter(Reply.streamOpening("Hel")));
    long started = System.nanoTime();
    Answer answer = PROXY.client().chat(true);
    long tookMs = (System.nanoTime() - started) / 1_000_000;
    assertEquals(200, answer.status());
    assertEquals("timeout", answer.lastFrame().getJsonObject("error").getString("code"));
    assertFalse(answer.body().contains("[DONE]"));
    assertTrue(tookMs >= IDLE_MS && tookMs < IDLE_MS + SLACK_MS, "took " + tookMs + " ms");
  }
}
