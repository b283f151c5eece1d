package dev.factoryproxy.cluster;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.factoryproxy.testing.FakeFactory;
import dev.factoryproxy.testing.FakeWorkOs;
import dev.factoryproxy.testing.ProxyClient;
import dev.factoryproxy.testing.ProxyUnderTest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static dev.factoryproxy.testing.ProxyClient.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One Droid login on two nodes of a cluster (SH1–SH4, SH6; docs/cluster-state.md), against the strict fake WorkOS
 * (which rotates the refresh token on every refresh) and one fake Factory per node. Each node has its own auth
 * file, at its own path, holding a copy of the same login. Node A runs every role, node B the upstream role only,
 * so requests to A's port are served by either node's upstream verticles.
 */
class ClusterLoginTest {
  private static final String INITIAL_REFRESH = "rt-test-initial-0000";
  @TempDir
  Path dir;
  private final Vertx local = Vertx.vertx();
  private final List<Node> nodes = new ArrayList<>();
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger proxyLogger = (Logger) LoggerFactory.getLogger("dev.factoryproxy");
  private final Level savedLevel = proxyLogger.getLevel();

  @AfterEach
  void stop() {
    proxyLogger.detachAppender(logs);
    proxyLogger.setLevel(savedLevel);
    nodes.forEach(node -> node.vertx().close().await());
    local.close().await();
  }

  private Path authFile(String name) throws IOException {
    Path file = dir.resolve(name).resolve("auth.json");
    Files.createDirectories(file.getParent());
    Files.writeString(file, new JsonObject().put("refresh_token", INITIAL_REFRESH).put("user_id", "user_test")
      .put("access_token", FakeWorkOs.jwt("user_test", System.currentTimeMillis() - 60_000)).encode());
    return file;
  }

  /** Hazelcast ports of the test's own (other clusters on this machine may hold 5701-5703); both join the first. */
  private final List<Integer> hazelcastPorts = List.of(ProxyUnderTest.freePort(), ProxyUnderTest.freePort());

  private JsonObject nodeConfig(String cluster, FakeFactory fake, int port, Path authFile, FakeWorkOs workOs,
                                int member, String... roles) {
    JsonObject config = ProxyUnderTest.config(fake.url(), port);
    config.getJsonObject("upstream").put("factoryApiKeys", new JsonArray()).put("authFile", authFile.toString())
      .put("workosUrl", workOs.url()).put("refreshAheadMs", 300_000);
    JsonArray members = new JsonArray().add("127.0.0.1:" + hazelcastPorts.get(0));
    config.put("cluster", new JsonObject().put("enabled", true).put("name", cluster).put("members", members)
      .put("host", "127.0.0.1").put("hazelcastPort", hazelcastPorts.get(member))
      .put("roles", new JsonArray(List.of((Object[]) roles))));
    return config;
  }

  @Test
  void sh1_sh2_sh3_sh4_sh6_oneRefreshPerRotationAcrossTheNodesAndBothCallFactoryWithTheNewToken()
    throws IOException {
    System.setProperty("hazelcast.wait.seconds.before.join", "0");
    proxyLogger.setLevel(Level.DEBUG);
    logs.start();
    proxyLogger.addAppender(logs);
    String cluster = "factory-proxy-login-" + UUID.randomUUID();
    FakeWorkOs workOs = FakeWorkOs.start(local, INITIAL_REFRESH).await();
    String first = FakeWorkOs.jwt("user_test", System.currentTimeMillis() + 3_600_000);
    workOs.issueNext(first);
    FakeFactory fakeA = FakeFactory.start(local).await().expectKey(first);
    FakeFactory fakeB = FakeFactory.start(local).await().expectKey(first);
    Path fileA = authFile("node-a");
    Path fileB = authFile("node-b");
    int port = ProxyUnderTest.freePort();

    // A starts with an expired token and refreshes; B, starting next, takes A's pair from the cluster (SH3)
    nodes.add(await(Node.start(nodeConfig(cluster, fakeA, port, fileA, workOs, 0, "http", "translator",
      "upstream"))));
    nodes.add(await(Node.start(nodeConfig(cluster, fakeB, ProxyUnderTest.freePort(), fileB, workOs, 1, "upstream"))));
    assertEquals(List.of(new FakeWorkOs.Call(INITIAL_REFRESH, 200)), workOs.calls(), "one refresh for both nodes");
    assertFileHolds(fileB, first, workOs.currentRefreshToken());
    ProxyClient client = new ProxyClient(local, port);
    untilBothNodesCalled(client, fakeA, fakeB);
    assertEquals(List.of(), badBearers(fakeA, first));
    assertEquals(List.of(), badBearers(fakeB, first));

    // Factory revokes the token: both nodes get 401 at about the same time, and one refresh serves them (SH1/SH2)
    // exp has one-second resolution: a second token minted within the same second as the first would be the
    // same string (the suite once started both nodes in 0.4 s and Factory saw no revoked token at all)
    String second = FakeWorkOs.jwt("user_test", System.currentTimeMillis() + 7_200_000);
    assertNotEquals(first, second);
    workOs.issueNext(second);
    fakeA.reset().expectKey(second);
    fakeB.reset().expectKey(second);
    HttpClient http = local.createHttpClient();
    List<Future<Integer>> burst = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      burst.add(http.request(ProxyClient.chatRequest(port, ProxyUnderTest.CLIENT_KEY))
        .compose(req -> req.send(ProxyClient.chatBody(false).encode())
          .compose(resp -> resp.body().map(body -> resp.statusCode()))));
    }
    await(Future.all(burst));
    burst.forEach(answer -> assertEquals(200, answer.result()));
    assertEquals(2, workOs.calls().size(), "exactly one more refresh: " + workOs.calls());
    assertTrue(workOs.calls().stream().allMatch(call -> call.status() == 200), "nobody refreshed with a rotated "
      + "token: " + workOs.calls());
    untilBothNodesCalled(client, fakeA, fakeB);
    assertEquals(List.of(), answeredWithOtherThan(fakeA, second));
    assertEquals(List.of(), answeredWithOtherThan(fakeB, second));
    assertFileHolds(fileA, second, workOs.currentRefreshToken());
    assertFileHolds(fileB, second, workOs.currentRefreshToken());

    // SH6: no token in the log or in health
    List<String> secrets = new ArrayList<>(workOs.issuedAccessTokens());
    workOs.calls().forEach(call -> secrets.add(call.refreshToken()));
    secrets.add(workOs.currentRefreshToken());
    String shown = String.join("\n", logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList())
      + client.get("/health").body();
    for (String secret : secrets) {
      assertFalse(shown.contains(secret), "a token was shown");
    }
  }

  /** Sends requests to the front node until each node's fake Factory has had one (the bus spreads them). */
  private static void untilBothNodesCalled(ProxyClient client, FakeFactory fakeA, FakeFactory fakeB) {
    for (int i = 0; i < 12 && (fakeA.callCount() == 0 || fakeB.callCount() == 0); i++) {
      assertEquals(200, client.chat(false).status());
    }
    assertTrue(fakeA.callCount() > 0 && fakeB.callCount() > 0, "both nodes called Factory");
  }

  private static List<String> badBearers(FakeFactory fake, String token) {
    return fake.keysUsed().stream().filter(used -> !used.equals(token)).map(dev.factoryproxy.config.Secrets::id)
      .toList();
  }

  /** The requests Factory accepted that carried another token than {@code token} (none may). */
  private static List<String> answeredWithOtherThan(FakeFactory fake, String token) {
    return fake.received().stream().filter(r -> r.answeredStatus() == 200)
      .map(r -> r.headers().get("authorization")).filter(auth -> !auth.equals("Bearer " + token))
      .map(dev.factoryproxy.config.Secrets::id).toList();
  }

  private static void assertFileHolds(Path file, String access, String refresh) throws IOException {
    JsonObject json = new JsonObject(Files.readString(file));
    assertEquals(access, json.getString("access_token"), "the node's own file has the current access token");
    assertEquals(refresh, json.getString("refresh_token"));
    assertEquals("user_test", json.getString("user_id"), "the file's other fields are kept");
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
  }
}
