package dev.factoryproxy.credentials;

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
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code login} (DL1–DL3) run in-process as {@code Main} runs it, against the strict fake WorkOS on 127.0.0.1. The
 * poller's waits go through a recording clock that skips them, so each test asserts the exact waits asked for
 * (what the interval and {@code slow_down} mean) without spending them. Every test checks that no token and no
 * device code reached stdout, stderr or the log.
 */
class LoginCommandTest {
  private static final String PENDING = "authorization_pending";

  @TempDir
  Path dir;
  private Path authFile;
  private Vertx vertx;
  private FakeWorkOs workOs;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final RecordingClock clock = new RecordingClock();
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  private Level savedLevel;

  /** Time that moves only when the poller waits; it records each wait. */
  static final class RecordingClock implements DeviceLogin.Clock {
    final List<Long> waits = new CopyOnWriteArrayList<>();
    private volatile long now = 1_000_000;

    @Override
    public long nowMs() {
      return now;
    }

    @Override
    public Future<Void> sleep(long ms) {
      waits.add(ms);
      now += ms;
      return Future.succeededFuture();
    }
  }

  @BeforeEach
  void setUp() throws IOException {
    vertx = Vertx.vertx();
    workOs = FakeWorkOs.start(vertx, "rt-test-unrelated-0000").await();
    authFile = dir.resolve("auth.json");
    Files.writeString(dir.resolve("config.json"), "{}");
    savedLevel = root.getLevel();
    root.setLevel(Level.DEBUG);
    logs.start();
    root.addAppender(logs);
  }

  @AfterEach
  void tearDown() {
    root.detachAppender(logs);
    root.setLevel(savedLevel);
    vertx.close().await();
  }

  private Map<String, String> env(String authFiles) {
    Map<String, String> env = new HashMap<>(Map.of("PROXY_CONFIG", dir.resolve("config.json").toString(),
      "FACTORY_WORKOS_URL", workOs.url(), "HOME", dir.resolve("home").toString()));
    if (authFiles != null) {
      env.put("FACTORY_AUTH_FILE", authFiles);
    }
    return env;
  }

  private int login(Map<String, String> env, String... args) {
    return LoginCommand.run(List.of(args), env, new PrintStream(out, true, StandardCharsets.UTF_8),
      new PrintStream(err, true, StandardCharsets.UTF_8), ignored -> clock);
  }

  private String stdout() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }

  private static String instructions(String expiry) {
    return "To log in to Factory, open this page in a browser:\n\n    " + FakeWorkOs.VERIFICATION_URI + "?user_code="
      + FakeWorkOs.USER_CODE + "\n\nand confirm the code " + FakeWorkOs.USER_CODE + " (or open "
      + FakeWorkOs.VERIFICATION_URI + " and enter it).\nWaiting for the confirmation (the code expires in " + expiry
      + ") ...\n";
  }

  private static String loggedIn(Path file) {
    return "Logged in as " + FakeWorkOs.EMAIL + ". The tokens are in " + file + " (readable by you only); the proxy "
      + "uses them with FACTORY_AUTH_FILE=" + file + "\n";
  }

  private JsonObject fileJson(Path file) throws IOException {
    return new JsonObject(Files.readString(file));
  }

  /** No token WorkOS issued and no device code in stdout, stderr or any log line. */
  private void assertNoSecretShown() {
    List<String> secrets = new ArrayList<>(workOs.issuedAccessTokens());
    secrets.add(workOs.currentRefreshToken());
    secrets.addAll(workOs.deviceCodes());
    List<String> shown = new ArrayList<>(List.of(stdout(), stderr()));
    logs.list.forEach(event -> shown.add(event.getFormattedMessage()));
    for (String secret : secrets) {
      for (String text : shown) {
        assertFalse(text.contains(secret), "a secret was shown: " + text);
      }
    }
  }

  private void assertNoFileIn(Path directory) throws IOException {
    try (var files = Files.list(directory)) {
      assertEquals(List.of(dir.resolve("config.json")), files.filter(Files::isRegularFile).toList());
    }
  }

  @Test
  void dl1_dl2_dl3_aLoginConfirmedAfterTwoPendingPollsIsSavedAndServesTheProxy() throws IOException {
    workOs.devicePolls(PENDING, PENDING, FakeWorkOs.APPROVE);

    assertEquals(0, login(env(authFile.toString())), stderr());

    assertEquals(instructions("5 min") + loggedIn(authFile), stdout());
    assertEquals("", stderr());
    assertEquals(1, workOs.deviceAuthorizations());
    assertEquals(List.of(PENDING, PENDING, "granted"), workOs.devicePollAnswers());
    assertEquals(List.of(5_000L, 5_000L, 5_000L), clock.waits, "one poll per interval, the first after one");
    assertEquals(List.of(), workOs.violations(), "the requests are WorkOS's exactly");
    String access = workOs.issuedAccessTokens().get(0);
    assertEquals(new JsonObject().put("access_token", access).put("refresh_token", workOs.currentRefreshToken()),
      fileJson(authFile));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(authFile)));
    try (var files = Files.list(dir)) {
      assertEquals(List.of(authFile, dir.resolve("config.json")), files.sorted().toList(), "no temporary file");
    }
    assertNoSecretShown();

    // the file is a Droid login as the proxy reads it: Factory gets the new access token
    FakeFactory factory = FakeFactory.start(vertx).await().expectKey(access);
    int port = ProxyUnderTest.freePort();
    JsonObject config = ProxyUnderTest.config(factory.url(), port);
    config.getJsonObject("upstream").put("factoryApiKeys", new JsonArray()).put("authFile", authFile.toString())
      .put("workosUrl", workOs.url());
    ProxyUnderTest.start(vertx, config).await();
    assertEquals(200, new ProxyClient(vertx, port).chat(false).status());
    assertEquals(List.of(access), factory.keysUsed());
  }

  @Test
  void dl2_slowDownAddsFiveSecondsToThisAndEveryLaterPoll() {
    workOs.devicePolls(PENDING, "slow_down", PENDING, "slow_down", FakeWorkOs.APPROVE);

    assertEquals(0, login(env(authFile.toString())), stderr());

    assertEquals(List.of(5_000L, 5_000L, 10_000L, 10_000L, 15_000L), clock.waits);
    assertEquals(List.of(PENDING, "slow_down", PENDING, "slow_down", "granted"), workOs.devicePollAnswers());
    assertTrue(Files.exists(authFile));
    assertNoSecretShown();
  }

  @Test
  void dl2_aLostPollAnswerIsPolledAgainAtTheNextInterval() {
    workOs.devicePolls(FakeWorkOs.DROP, FakeWorkOs.APPROVE);

    assertEquals(0, login(env(authFile.toString())), stderr());

    assertEquals("WorkOS did not answer (connection closed); trying again\n", stderr());
    assertEquals(List.of(FakeWorkOs.DROP, "granted"), workOs.devicePollAnswers());
    assertEquals(List.of(5_000L, 5_000L), clock.waits);
    assertTrue(Files.exists(authFile));
    assertNoSecretShown();
  }

  @Test
  void dl2_anyOtherRefusalEndsTheLoginAtOnce() throws IOException {
    workOs.devicePolls(PENDING, "invalid_grant");

    assertEquals(1, login(env(authFile.toString())));

    assertEquals("factory-proxy login: WorkOS refused the login (400 invalid_grant); run login again\n", stderr());
    assertEquals(List.of(PENDING, "invalid_grant"), workOs.devicePollAnswers());
    assertNoFileIn(dir);
    assertNoSecretShown();
  }

  @Test
  void dl2_aDeclinedLoginExitsNonZeroWithTheReasonAndSavesNothing() throws IOException {
    workOs.devicePolls(PENDING, "access_denied");

    assertEquals(1, login(env(authFile.toString())));

    assertEquals(instructions("5 min"), stdout());
    assertEquals("factory-proxy login: the login was declined in the browser (access_denied)\n", stderr());
    assertEquals(List.of(PENDING, "access_denied"), workOs.devicePollAnswers(), "no poll after the refusal");
    assertNoFileIn(dir);
    assertNoSecretShown();
  }

  @Test
  void dl2_anExpiredCodeExitsNonZeroAndSavesNothing() throws IOException {
    workOs.devicePolls(PENDING, "expired_token");

    assertEquals(1, login(env(authFile.toString())));

    assertEquals("factory-proxy login: the code expired before it was confirmed (expired_token); run login again\n",
      stderr());
    assertEquals(List.of(PENDING, "expired_token"), workOs.devicePollAnswers());
    assertNoFileIn(dir);
    assertNoSecretShown();
  }

  @Test
  void dl2_pollingStopsOnceTheCodesLifetimeIsOverEvenIfWorkOsNeverSaysSo() throws IOException {
    workOs.deviceTiming(12, 5); // and every poll answered authorization_pending

    assertEquals(1, login(env(authFile.toString())));

    assertEquals(instructions("12 s"), stdout());
    assertEquals("factory-proxy login: the code expired before it was confirmed (after 12 s); run login again\n",
      stderr());
    assertEquals(List.of(PENDING, PENDING), workOs.devicePollAnswers(), "polled at 5 s and 10 s, not at 15 s");
    assertEquals(List.of(5_000L, 5_000L, 5_000L), clock.waits);
    assertNoFileIn(dir);
  }

  @Test
  void dl3_anExistingFileIsReplacedAtomicallyOwnerOnly_itsOtherFieldsKept() throws IOException {
    Files.writeString(authFile, new JsonObject().put("access_token", "at-test-old-0000")
      .put("refresh_token", "rt-test-old-0000").put("user_id", "user_test").encode());
    Files.setPosixFilePermissions(authFile, PosixFilePermissions.fromString("rw-r--r--"));
    Path link = dir.resolve("auth-link.json");
    Files.createLink(link, authFile); // the old file's inode: written in place, it would change too
    String before = Files.readString(link);
    workOs.devicePolls(FakeWorkOs.APPROVE);

    assertEquals(0, login(env(authFile.toString())), stderr());

    assertEquals(new JsonObject().put("access_token", workOs.issuedAccessTokens().get(0))
      .put("refresh_token", workOs.currentRefreshToken()).put("user_id", "user_test"), fileJson(authFile));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(authFile)));
    assertEquals(before, Files.readString(link), "a new file was moved in; the old one was never rewritten");
    try (var files = Files.list(dir)) {
      assertEquals(List.of(link, authFile, dir.resolve("config.json")), files.sorted().toList(),
        "no temporary file");
    }
    assertFalse(stdout().contains("at-test-old-0000") || stdout().contains("rt-test-old-0000"));
    assertNoSecretShown();
  }

  @Test
  void dl3_withoutAnAuthFileTheLoginGoesToTheDroidClisFile_inANewOwnerOnlyDirectory() throws IOException {
    workOs.devicePolls(FakeWorkOs.APPROVE);

    assertEquals(0, login(env(null)), stderr());

    Path file = dir.resolve("home").resolve(".factory").resolve("auth.json");
    assertEquals(instructions("5 min") + loggedIn(file), stdout());
    assertEquals(workOs.currentRefreshToken(), fileJson(file).getString("refresh_token"));
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertNoSecretShown();
  }

  @Test
  void dl3_severalConfiguredAuthFilesNeedAChoice_andAuthFileChoosesOne() throws IOException {
    Path other = dir.resolve("other.json");
    Map<String, String> env = env(authFile + "," + other);

    assertEquals(2, login(env));
    assertEquals("factory-proxy login: the configuration names 2 auth files (FACTORY_AUTH_FILE, "
      + "upstream.authFile(s)); choose the one to log in to with --auth-file FILE\n", stderr());
    assertEquals(0, workOs.deviceAuthorizations(), "nothing asked of WorkOS");

    workOs.devicePolls(FakeWorkOs.APPROVE);
    assertEquals(0, login(env, "--auth-file", other.toString()), stderr());
    assertTrue(Files.exists(other));
    assertFalse(Files.exists(authFile));
    assertEquals(2, login(env, "--auth-file"), "a flag without its value is a usage error");
    assertEquals(2, login(env, "--verbose"));
    assertTrue(stderr().endsWith("factory-proxy login: unexpected argument \"--verbose\"; usage: java -jar "
      + "factory-proxy.jar login [--auth-file FILE]\n"), stderr());
  }

  @Test
  void dl1_anUnreachableWorkOsExitsNonZeroNamingWhere() {
    int closed = ProxyUnderTest.freePort();
    Map<String, String> env = env(authFile.toString());
    env.put("FACTORY_WORKOS_URL", "http://127.0.0.1:" + closed);

    assertEquals(1, login(env));

    assertEquals("", stdout());
    assertEquals("factory-proxy login: WorkOS cannot be reached at http://127.0.0.1:" + closed
      + " (connection refused)\n", stderr());
    assertTrue(clock.waits.isEmpty());
  }
}
