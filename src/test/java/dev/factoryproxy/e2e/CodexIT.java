package dev.factoryproxy.e2e;

import dev.factoryproxy.testing.FakeFactory;
import dev.factoryproxy.testing.FakeResponsesRoute;
import dev.factoryproxy.testing.ProxyUnderTest;
import dev.factoryproxy.testing.RealCli;
import dev.factoryproxy.testing.Reply;
import dev.factoryproxy.testing.ResponsesReply;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real Codex CLI ({@code codex exec}, pinned in src/test/clients) as a user runs it against the proxy
 * (in-process) with {@code wire_api = "responses"}, offline: a GPT model through the pass-through to the strict fake
 * Responses route, a tool call Codex runs and answers, and a Claude model through the hub to the strict fake
 * Messages route.
 */
class CodexIT {
  private static Vertx vertx;
  private static FakeResponsesRoute gpt;
  private static FakeFactory claude;
  private static String proxy;

  @BeforeAll
  static void start() {
    RealCli.require("codex");
    vertx = Vertx.vertx();
    gpt = FakeResponsesRoute.start(vertx).await().expectKeys(ProxyUnderTest.FACTORY_KEY);
    claude = FakeFactory.start(vertx).await().expectKey(ProxyUnderTest.FACTORY_KEY);
    JsonObject config = ProxyUnderTest.config(claude.url(), ProxyUnderTest.freePort());
    config.getJsonObject("upstream").put("apiBase", gpt.apiBase());
    proxy = ProxyUnderTest.start(vertx, config).await();
  }

  @AfterAll
  static void stop() {
    if (vertx != null) {
      vertx.close().await();
    }
  }

  @BeforeEach
  void reset() {
    claude.reset();
  }

  private static List<FakeResponsesRoute.Received> turnsSince(int before) {
    List<FakeResponsesRoute.Received> all = gpt.received();
    return all.subList(before, all.size());
  }

  @Test
  void xp1_xp2_xp3_xp5_xp6_codexExecOnAGptModel() {
    int before = gpt.received().size();
    gpt.setDefault(ResponsesReply.text("Hello from the fake GPT"));
    RealCli.Result result = RealCli.codex(proxy, ProxyUnderTest.CLIENT_KEY, "gpt-5.4", "Say hello");
    assertEquals(0, result.exitCode(), result.describe());
    assertTrue(result.stdout().contains("Hello from the fake GPT"), result.describe());

    List<FakeResponsesRoute.Received> turns = turnsSince(before);
    assertFalse(turns.isEmpty(), result.describe());
    for (FakeResponsesRoute.Received turn : turns) {
      assertNull(turn.rejection(), turn.rejection());
      JsonObject body = turn.body();
      assertTrue(body.getString("instructions").startsWith(FakeResponsesRoute.DROID_IDENTITY), body.encode());
      assertEquals(false, body.getBoolean("store"));
      assertFalse(body.containsKey("client_metadata"), body.encode());
      for (Object item : body.getJsonArray("input")) {
        assertFalse(((JsonObject) item).containsKey("id"), item.toString());
      }
      for (Object tool : body.getJsonArray("tools", new JsonArray())) {
        assertFalse(((JsonObject) tool).getString("type").startsWith("web_search"), tool.toString());
      }
    }
  }

  @Test
  void xr5_codexRunsTheFakesFunctionCallAndSendsItsOutput() {
    int before = gpt.received().size();
    JsonObject call = new JsonObject().put("type", "function_call").put("id", "fc_codex_1").put("call_id", "call_codex_1")
      .put("name", "exec_command").put("arguments", new JsonObject().put("cmd", "echo hi").encode())
      .put("status", "completed");
    gpt.enqueue(ResponsesReply.response(ResponsesReply.textResponse("").put("id", "resp_codex_call")
      .put("output", new JsonArray().add(call))));
    gpt.enqueue(ResponsesReply.text("The command printed hi"));
    gpt.setDefault(ResponsesReply.text("The command printed hi"));
    RealCli.Result result = RealCli.codex(proxy, ProxyUnderTest.CLIENT_KEY, "gpt-5.4", "Run echo hi");
    assertEquals(0, result.exitCode(), result.describe());
    assertTrue(result.stdout().contains("The command printed hi"), result.describe());

    List<FakeResponsesRoute.Received> turns = turnsSince(before);
    assertTrue(turns.size() >= 2, result.describe());
    JsonObject second = turns.get(1).body();
    assertNull(turns.get(1).rejection(), turns.get(1).rejection());
    JsonObject output = null;
    for (Object item : second.getJsonArray("input")) {
      JsonObject o = (JsonObject) item;
      if ("function_call_output".equals(o.getString("type"))) {
        output = o;
      }
    }
    assertTrue(output != null, second.encode());
    assertEquals("call_codex_1", output.getString("call_id"));
    assertTrue(String.valueOf(output.getValue("output")).contains("hi"), output.encode());
  }

  @Test
  void xr3_xt6_codexExecOnAClaudeModelThroughTheHub() {
    claude.setDefault(Reply.text("Hello from the fake Claude"));
    RealCli.Result result = RealCli.codex(proxy, ProxyUnderTest.CLIENT_KEY, "claude-sonnet-4-5-20250929",
      "Say hello");
    assertEquals(0, result.exitCode(), result.describe());
    assertTrue(result.stdout().contains("Hello from the fake Claude"), result.describe());
    assertFalse(claude.received().isEmpty(), result.describe());
    assertNull(claude.lastRequest().rejection(), claude.lastRequest().rejection());
  }
}
