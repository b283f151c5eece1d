package dev.factoryproxy.cluster;

import dev.factoryproxy.testing.FakeFactory;
import dev.factoryproxy.testing.JarProcess;
import dev.factoryproxy.testing.FakeWorkOs;
import dev.factoryproxy.testing.ProxyClient;
import dev.factoryproxy.testing.ProxyUnderTest;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 15's shared state across two real processes of the fat jar (docs/cluster-state.md): both run every role,
 * each with its own copy of one Droid login and its own client port, clustered through Hazelcast on loopback.
 * The in-JVM tests ({@code ClusterLoginTest}, {@code SharedStateClusterTest}) cover the races in detail; this one
 * shows the shipped jar does the same between processes.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SharedStateTwoProcessIT {
  private static final Path JAR = JarProcess.JAR;
  private static final Path LOGS = JarProcess.LOGS;
  private static final String INITIAL_REFRESH = "rt-test-two-process-0000";
  private static final int PER_MINUTE = 10;
  private static Vertx vertx;
  private static FakeFactory fake;
  private static FakeWorkOs workOs;
  private static String access;
  private static Path dir;
  private static final int[] PORTS = new int[2];
  private static final Process[] NODES = new Process[2];

  @BeforeAll
  static void start() throws Exception {
    assertTrue(Files.exists(JAR), "run `mvn package` first: " + JAR + " is missing");
    Files.createDirectories(LOGS);
    dir = Files.createTempDirectory("factory-proxy-shared-it");
    vertx = Vertx.vertx();
    workOs = FakeWorkOs.start(vertx, INITIAL_REFRESH).await();
    access = FakeWorkOs.jwt("user_test_two_process", System.currentTimeMillis() + 3_600_000);
    workOs.issueNext(access);
    fake = FakeFactory.start(vertx).await().expectKey(access);
    String cluster = "factory-proxy-shared-it-" + UUID.randomUUID();
    int[] hazelcast = {ProxyUnderTest.freePort(), ProxyUnderTest.freePort()};
    for (int node = 0; node < 2; node++) {
      PORTS[node] = ProxyUnderTest.freePort();
      Map<String, String> env = new HashMap<>();
      env.put("PROXY_CLUSTER", "true");
      env.put("PROXY_CLUSTER_NAME", cluster);
      env.put("PROXY_CLUSTER_MEMBERS", "127.0.0.1:" + hazelcast[0] + ",127.0.0.1:" + hazelcast[1]);
      env.put("PROXY_CLUSTER_HOST", "127.0.0.1");
      env.put("PROXY_CLUSTER_PORT", Integer.toString(hazelcast[node]));
      env.put("PROXY_ROLES", "http,translator,upstream");
      env.put("PORT", Integer.toString(PORTS[node]));
      env.put("HOST", "127.0.0.1");
      env.put("PROXY_API_KEY", ProxyUnderTest.CLIENT_KEY);
      env.put("ANTHROPIC_TARGET_URL", fake.url());
      env.put("FACTORY_AUTH_FILE", authFile("node-" + node).toString());
      env.put("FACTORY_WORKOS_URL", workOs.url());
      env.put("UPSTREAM_QUOTA_POLL_MS", "0");
      env.put("REQUESTS_PER_MINUTE", Integer.toString(PER_MINUTE));
      NODES[node] = JarProcess.launch("shared-" + node, env);
      waitForHealth(node); // the second starts once the first holds the refreshed pair: the race SH3 settles
    }
  }

  /** A copy of one login per node: an expired access token of the same WorkOS user and the same refresh token. */
  private static Path authFile(String name) throws IOException {
    Path file = dir.resolve(name).resolve("auth.json");
    Files.createDirectories(file.getParent());
    Files.writeString(file, new JsonObject().put("refresh_token", INITIAL_REFRESH)
      .put("access_token", FakeWorkOs.jwt("user_test_two_process", System.currentTimeMillis() - 60_000)).encode());
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    return file;
  }

  @AfterAll
  static void stop() {
    for (Process node : NODES) {
      if (node != null && node.isAlive()) {
        node.destroyForcibly();
      }
    }
    vertx.close().await();
  }


  private static void waitForHealth(int node) throws Exception {
    ProxyClient client = new ProxyClient(vertx, PORTS[node]);
    long deadline = System.currentTimeMillis() + 90_000;
    while (System.currentTimeMillis() < deadline) {
      assertTrue(NODES[node].isAlive(), "node " + node + " exited; see " + LOGS);
      try {
        if (client.get("/health").status() == 200) {
          return;
        }
      } catch (Exception notYet) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    throw new AssertionError("node " + node + " did not become healthy in 90 s; see " + LOGS);
  }

  /** SH1/SH3: one WorkOS refresh for the two processes; the second took the pair and wrote it to its own file. */
  @Test
  @Order(1)
  void sh3_theSecondProcessTakesTheRefreshedPairInsteadOfRefreshingAgain() throws IOException {
    assertEquals(List.of(new FakeWorkOs.Call(INITIAL_REFRESH, 200)), workOs.calls(), "one refresh for both");
    String rotated = workOs.currentRefreshToken();
    for (int node = 0; node < 2; node++) {
      JsonObject saved = new JsonObject(Files.readString(dir.resolve("node-" + node).resolve("auth.json")));
      assertEquals(access, saved.getString("access_token"), "node " + node + "'s file");
      assertEquals(rotated, saved.getString("refresh_token"), "node " + node + "'s file");
      assertEquals(200, new ProxyClient(vertx, PORTS[node]).chat(false).status(), "through node " + node);
    }
    assertTrue(fake.keysUsed().stream().allMatch(access::equals), "Factory saw only the refreshed token");
    assertEquals(1, workOs.calls().size(), "still one refresh");
  }

  /**
   * SH8/SH9: one client's {@code limits.requestsPerMinute} holds across the processes (at 10 a minute a node's
   * allowance is one request, so the bound is exact): 20 requests alternating between the nodes get what is left
   * of the 10 (at most one more if the 6-second refill of one request falls inside the run), and only those reach
   * Factory.
   */
  @Test
  @Order(2)
  void sh8_oneClientsLimitHoldsAcrossTheTwoProcesses() {
    int before = fake.callCount();
    int[] allowed = new int[2];
    int[] refused = new int[2];
    for (int i = 0; i < 20; i++) {
      int node = i % 2;
      int status = new ProxyClient(vertx, PORTS[node]).chat(false).status();
      assertTrue(status == 200 || status == 429, "status " + status);
      if (status == 200) {
        allowed[node]++;
      } else {
        refused[node]++;
      }
    }
    int total = allowed[0] + allowed[1];
    int left = PER_MINUTE - before; // the first test's requests spent part of the minute
    assertTrue(total >= left && total <= left + 1, "allowed " + total + " of the " + left + " left");
    assertTrue(refused[0] > 0 && refused[1] > 0, "both nodes refused: " + refused[0] + ", " + refused[1]);
    assertEquals(total, fake.callCount() - before, "only the allowed requests reached Factory");
  }
}
