package dev.factoryproxy.e2e;

import dev.factoryproxy.client.messages.MessagesSettings;
import dev.factoryproxy.testing.FakeCoreChatRoute;
import dev.factoryproxy.testing.FakeFactory;
import dev.factoryproxy.testing.ProxyUnderTest;
import dev.factoryproxy.testing.RealCli;
import dev.factoryproxy.testing.Reply;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real Claude Code CLI (npm {@code @anthropic-ai/claude-code}, pinned in src/test/clients) as a user runs it
 * against a gateway: {@code ANTHROPIC_BASE_URL} = the proxy, {@code ANTHROPIC_API_KEY} = a proxy key (Claude Code
 * sends it as {@code x-api-key}), {@code claude -p … --output-format json}, offline. The proxy runs in-process
 * against the strict fakes; what they received shows Factory's adjustments were made (Droid line first, Claude
 * Code's identity line neutralised, betas cut to the allow-list, the proxy's own key).
 */
class ClaudeCodeIT {
  private static Vertx vertx;
  private static FakeFactory fake;
  private static FakeCoreChatRoute core;
  private static String proxyUrl;

  @BeforeAll
  static void start() {
    RealCli.require("claude");
    vertx = Vertx.vertx();
    fake = FakeFactory.start(vertx).await().expectKey(ProxyUnderTest.FACTORY_KEY);
    core = FakeCoreChatRoute.start(vertx).await();
    core.expectKeys(ProxyUnderTest.FACTORY_KEY);
    int port = ProxyUnderTest.freePort();
    JsonObject config = ProxyUnderTest.config(fake.url(), port);
    String coreUrl = core.url();
    config.getJsonObject("upstream")
      .put("apiBase", coreUrl.substring(0, coreUrl.length() - FakeCoreChatRoute.PATH.length()));
    proxyUrl = ProxyUnderTest.start(vertx, config).await();
  }

  @AfterAll
  static void stop() {
    if (vertx != null) {
      vertx.close().await();
    }
  }

  @BeforeEach
  void reset() {
    fake.reset();
  }

  /** Every request the fake saw, for a failure message. */
  private static String seen() {
    return fake.received().stream().map(r -> r.answeredStatus() + " " + r.rejection() + " "
      + (r.body() == null ? "null" : r.body().encode().substring(0, Math.min(400, r.body().encode().length()))))
      .collect(Collectors.joining("\n"));
  }

  /** The requests for the model the user chose (Claude Code also calls a Haiku model for background tasks). */
  private static List<FakeFactory.Received> mainRequests(String model) {
    return fake.received().stream().filter(r -> r.body() != null && model.equals(r.body().getString("model"))
      && r.body().containsKey("tools")).toList();
  }

  private static JsonObject result(RealCli.Result run) {
    assertEquals(0, run.exitCode(), run.describe() + "\n--- fake saw\n" + seen());
    String out = run.stdout().strip();
    return new JsonObject(out.substring(out.indexOf('{')));
  }

  @Test
  void aClaudeModelAnswersWithTheFakesTextAndFactoryGetsAnAdjustedRequest() {
    fake.setDefault(Reply.text("Hello from the fake Factory"));
    RealCli.Result run = RealCli.claude(proxyUrl, ProxyUnderTest.CLIENT_KEY, "claude-sonnet-4-5",
      "Say hello");
    JsonObject result = result(run);
    assertEquals("Hello from the fake Factory", result.getString("result"), run.describe());
    assertFalse(result.getBoolean("is_error", false), run.describe());

    List<FakeFactory.Received> main = mainRequests("claude-sonnet-4-5-20250929");
    assertFalse(main.isEmpty(), seen());
    FakeFactory.Received first = main.get(0);
    assertNull(first.rejection(), seen());
    JsonArray system = first.body().getJsonArray("system");
    assertEquals(FakeFactory.DROID_IDENTITY, system.getJsonObject(0).getString("text"));
    assertFalse(system.encode().contains(MessagesSettings.CLAUDE_CODE_LINE), system.encode());
    assertFalse(system.encode().contains("x-anthropic-billing-header"), system.encode());
    String betas = first.headers().get("anthropic-beta");
    assertNotNull(betas, "Claude Code sends interleaved thinking, which Factory accepts");
    assertTrue(MessagesSettings.FACTORY_CLI_BETAS.containsAll(Arrays.asList(betas.split(","))), betas);
    assertFalse(first.body().containsKey("context_management"), "its beta was dropped, so the field goes");
    assertEquals("placeholder", first.headers().get("x-api-key"));
    assertEquals("Bearer " + ProxyUnderTest.FACTORY_KEY, first.headers().get("authorization"));
    assertTrue(fake.received().stream().allMatch(r -> r.rejection() == null), seen());
  }

  @Test
  void aToolUseRoundTripsTheToolResultToFactory() {
    JsonObject glob = new JsonObject().put("id", "msg_fake_tool").put("type", "message").put("role", "assistant")
      .put("model", null).put("content", new JsonArray() // thinking is on: the turn starts with its block
        .add(new JsonObject().put("type", "thinking").put("thinking", "Look for the files.")
          .put("signature", "sig-fake-1"))
        .add(new JsonObject().put("type", "tool_use")
        .put("id", "toolu_fake_1").put("name", "Glob").put("input", new JsonObject().put("pattern", "*.nothing"))))
      .put("stop_reason", "tool_use").put("stop_sequence", null)
      .put("usage", new JsonObject().put("input_tokens", 25).put("output_tokens", 15));
    fake.enqueue(Reply.message(glob)).setDefault(Reply.text("No such files."));
    RealCli.Result run = RealCli.claude(proxyUrl, ProxyUnderTest.CLIENT_KEY, "claude-sonnet-4-5",
      "List the .nothing files here");
    JsonObject result = result(run);
    assertEquals("No such files.", result.getString("result"), run.describe() + "\n" + seen());
    List<FakeFactory.Received> main = mainRequests("claude-sonnet-4-5-20250929");
    assertTrue(main.size() >= 2, seen());
    JsonArray messages = main.get(1).body().getJsonArray("messages");
    String replay = messages.encode();
    assertTrue(replay.contains("\"tool_use_id\":\"toolu_fake_1\""), replay);
    assertTrue(replay.contains("\"signature\":\"sig-fake-1\""), "the thinking block is replayed: " + replay);
    assertTrue(fake.received().stream().allMatch(r -> r.rejection() == null), seen());
  }

  @Test
  void aCoreModelAnswersThroughTheHubAndTheChatRoute() {
    fake.setDefault(Reply.text("background"));
    core.setDefault(FakeCoreChatRoute.text("Hello from GLM"));
    RealCli.Result run = RealCli.claude(proxyUrl, ProxyUnderTest.CLIENT_KEY, "glm-5", "Say hello");
    JsonObject result = result(run);
    assertEquals("Hello from GLM", result.getString("result"), run.describe());
    assertFalse(core.received().isEmpty());
    assertNull(core.lastRequest().rejection(), core.lastRequest().rejection());
    assertTrue(fake.received().stream().allMatch(r -> r.rejection() == null), seen());
  }
}
