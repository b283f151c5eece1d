package dev.factoryproxy.cluster;

import com.hazelcast.core.HazelcastInstance;
import dev.factoryproxy.credentials.LoginSharing;
import dev.factoryproxy.testing.FakeFactory;
import dev.factoryproxy.testing.ProxyClient;
import dev.factoryproxy.testing.ProxyUnderTest;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import static dev.factoryproxy.testing.ProxyClient.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * State shared across a cluster (docs/cluster-state.md), with two real Hazelcast nodes in one JVM, each running
 * every role on its own port and calling its own fake Factory (so each call shows which node made it). Requests
 * to either port reach either node's upstream verticles (the bus spreads them). The key case runs first: it needs
 * both pools as they start (the refused key not yet set aside anywhere).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SharedStateClusterTest {
  private static final String CLUSTER = "factory-proxy-shared-" + UUID.randomUUID();
  private static final String REFUSED = "fk-test-refused-0000";
  private static final String GOOD = "fk-test-good-0000";
  private static final String RATE_CLIENT = "sk-proxy-test-rate-client";
  private static final int PER_MINUTE = 10;
  private static Vertx local;
  private static FakeFactory fakeA;
  private static FakeFactory fakeB;
  private static Node nodeA;
  private static Node nodeB;
  private static ProxyClient clientA;
  private static ProxyClient clientB;

  @BeforeAll
  static void start() {
    System.setProperty("hazelcast.wait.seconds.before.join", "0");
    local = Vertx.vertx();
    fakeA = FakeFactory.start(local).await().expectKey(GOOD);
    fakeB = FakeFactory.start(local).await().expectKey(GOOD);
    int portA = ProxyUnderTest.freePort();
    int portB = ProxyUnderTest.freePort();
    // Hazelcast ports of their own (other clusters on this machine may hold 5701-5703); both join A's
    int hazelcastA = ProxyUnderTest.freePort();
    nodeA = await(Node.start(nodeConfig(fakeA, portA, hazelcastA, hazelcastA)));
    nodeB = await(Node.start(nodeConfig(fakeB, portB, ProxyUnderTest.freePort(), hazelcastA)));
    clientA = new ProxyClient(local, portA);
    clientB = new ProxyClient(local, portB);
  }

  @AfterAll
  static void stop() {
    for (Node node : new Node[] {nodeA, nodeB}) {
      if (node != null) {
        node.vertx().close().await();
      }
    }
    local.close().await();
  }

  private static JsonObject nodeConfig(FakeFactory fake, int port, int hazelcastPort, int joins) {
    JsonObject config = ProxyUnderTest.config(fake.url(), port);
    config.getJsonObject("upstream").put("factoryApiKeys", new JsonArray().add(REFUSED).add(GOOD));
    config.getJsonObject("auth").put("proxyApiKeys", new JsonArray().add(ProxyUnderTest.CLIENT_KEY).add(RATE_CLIENT));
    config.getJsonObject("limits").put("requestsPerMinute", PER_MINUTE);
    config.put("cluster", new JsonObject().put("enabled", true).put("name", CLUSTER)
      .put("members", new JsonArray().add("127.0.0.1:" + joins)).put("host", "127.0.0.1")
      .put("hazelcastPort", hazelcastPort));
    return config;
  }

  private static long refusedCalls(FakeFactory fake) {
    return fake.keysUsed().stream().filter(REFUSED::equals).count();
  }

  private static double setAside(ProxyClient client) {
    return client.metrics().sum("proxy_upstream_keys", Map.of("state", "set_aside"));
  }

  /** A key Factory refused to one node is set aside on the other too, and never sent from there. */
  @Test
  @Order(1)
  void sh7_aKeyRefusedOnOneNodeIsNotUsedByTheOther() {
    assertEquals(200, clientA.chat(false).status());
    assertEquals(1, refusedCalls(fakeA) + refusedCalls(fakeB), "the first call tried the refused key, once");
    FakeFactory first = refusedCalls(fakeA) == 1 ? fakeA : fakeB;
    FakeFactory other = first == fakeA ? fakeB : fakeA;
    waitUntil(() -> setAside(clientA) == 1 && setAside(clientB) == 1); // both pools hold it aside
    for (int i = 0; i < 8 && other.callCount() == 0; i++) {
      assertEquals(200, clientA.chat(false).status());
    }
    assertTrue(other.callCount() > 0, "the other node served a request too");
    assertEquals(List.of(), other.keysUsed().stream().filter(REFUSED::equals).toList(),
      "the other node never sent the key the first one had refused: " + other.keysUsed());
    assertEquals(1, refusedCalls(first));
  }

  /** limits.requestsPerMinute holds for the cluster: 20 requests split over both nodes, 10 allowed. */
  @Test
  @Order(2)
  void sh8_sh9_thePerClientLimitHoldsAcrossBothNodes() {
    int calledBefore = fakeA.callCount() + fakeB.callCount();
    long started = System.nanoTime();
    int[] allowed = new int[2];
    int[] refused = new int[2];
    for (int i = 0; i < 20; i++) {
      ProxyClient.Answer answer = (i % 2 == 0 ? clientA : clientB).chat(RATE_CLIENT, false);
      if (answer.status() == 200) {
        allowed[i % 2]++;
      } else {
        assertEquals(429, answer.status(), answer.body());
        assertEquals("requests_per_minute_exceeded", answer.error().getString("code"), answer.body());
        refused[i % 2]++;
      }
    }
    double elapsedMinutes = (System.nanoTime() - started) / 60e9;
    int batch = dev.factoryproxy.http.SharedRate.batch(PER_MINUTE);
    // SH9's bound: one bucket's worth, what it refilled meanwhile, and at most one batch less one per node
    int bound = PER_MINUTE + (int) Math.ceil(elapsedMinutes * PER_MINUTE) + 2 * (batch - 1);
    int total = allowed[0] + allowed[1];
    assertTrue(total >= PER_MINUTE && total <= bound, "allowed " + total + " of 20, bound " + bound);
    assertTrue(refused[0] > 0 && refused[1] > 0, "each node refused some: the limit is not per node; allowed "
      + allowed[0] + "+" + allowed[1]);
    assertEquals(total, fakeA.callCount() + fakeB.callCount() - calledBefore, "only allowed requests reach Factory");
  }

  /** The refresh lease: one holder at a time; a holder that never lets go (it died) loses it when it lapses. */
  @Test
  @Order(3)
  void sh5_aLeaseWhoseHolderNeverReleasesItLapsesAndTheOtherNodeTakesIt() {
    HazelcastInstance hazelcastA = ClusterSetup.hazelcast(nodeA.vertx());
    HazelcastInstance hazelcastB = ClusterSetup.hazelcast(nodeB.vertx());
    HazelcastLogins a = new HazelcastLogins(nodeA.vertx(), hazelcastA, 1_500);
    HazelcastLogins b = new HazelcastLogins(nodeB.vertx(), hazelcastB, 1_500);
    String login = "key-lease-test";
    await(a.lease(login)); // and never released: its holder "died"
    assertTrue(hazelcastB.getMap(HazelcastLogins.LEASES).containsKey(login), "B sees A's lease");
    LoginSharing.Lease taken = await(b.lease(login)); // bounded: A's lease lapses after 1.5 s
    assertTrue(hazelcastA.getMap(HazelcastLogins.LEASES).containsKey(login), "now B's");
    await(taken.release());
    assertNull(hazelcastA.getMap(HazelcastLogins.LEASES).get(login), "released");
    LoginSharing.Lease again = await(a.lease(login)); // free again at once
    await(again.release());
  }

  private static void waitUntil(BooleanSupplier condition) {
    long deadline = System.currentTimeMillis() + 20_000;
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("condition not reached within 20 s");
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
