package dev.factoryproxy.e2e;

import dev.factoryproxy.testing.ProxyFixture;
import dev.factoryproxy.testing.FakeFactory;
import dev.factoryproxy.testing.ProxyClient;
import dev.factoryproxy.testing.ProxyClient.Answer;
import dev.factoryproxy.testing.ProxyUnderTest;
import dev.factoryproxy.testing.Reply;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Rules of docs/translation.md that only the whole proxy can show (T1, E5). */
class SpecRulesEndToEndTest {
  private static final String KEEP_ALIVE = ": keep-alive\n\n";

  @RegisterExtension
  static final ProxyFixture PROXY = new ProxyFixture(config -> {
    config.getJsonObject("http").put("streamIdleTimeoutMs", 2_000);
    config.getJsonObject("upstream").put("heartbeatMs", 100); // a quiet stream gets a keep-alive soon
  });

  @BeforeEach
  void reset() {
    PROXY.fake().reset();
  }

  /**
   * A stream that goes quiet after its first text gets SSE comments, which the OpenAI SDK skips, so idle
   * intermediaries keep it open; the output stays data-only SSE and ends normally.
   */
  @Test
  void t1_aQuietStreamGetsKeepAliveCommentsAndStaysDataOnly() {
    Promise<Void> sawKeepAlive = Promise.promise();
    PROXY.fake().enqueue(Reply.gated("one ", sawKeepAlive.future(), "two"));
    StringBuilder body = new StringBuilder();
    HttpClient http = PROXY.vertx().createHttpClient();
    int status = ProxyClient.await(http.request(ProxyClient.chatRequest(PROXY.port(), ProxyUnderTest.CLIENT_KEY))
      .compose(req -> req.send(ProxyClient.chatBody(true).toBuffer()).compose(resp -> {
        Promise<Integer> end = Promise.promise();
        resp.handler(chunk -> {
          body.append(chunk);
          int first = body.indexOf("\"content\":\"one \"");
          if (first >= 0 && body.indexOf(KEEP_ALIVE, first) > first) {
            sawKeepAlive.tryComplete(); // only now does Factory send the rest
          }
        });
        resp.endHandler(v -> end.complete(resp.statusCode()));
        return end.future();
      })));
    String sse = body.toString();
    assertEquals(200, status);
    assertTrue(sse.indexOf(KEEP_ALIVE) > sse.indexOf("\"content\":\"one \""), sse);
    assertTrue(sse.indexOf("\"content\":\"two\"") > sse.indexOf(KEEP_ALIVE), sse);
    assertTrue(sse.endsWith("data: [DONE]\n\n"), sse);
    for (String frame : sse.split("\n\n")) {
      assertTrue(frame.startsWith("data: ") || frame.equals(": keep-alive"), frame);
    }
    ProxyClient.await(http.close());
  }

  /** Factory's 200 with a body that is not JSON is a 502 error for the PROXY.client(), never a 200 with an error. */
  @Test
  void e5_aBrokenSuccessIsAnErrorStatusNotA200() {
    PROXY.fake().enqueue(Reply.raw(200, "application/json", "<html>gateway</html>"));
    Answer answer = PROXY.client().chat(false);
    assertEquals(502, answer.status());
    assertEquals("bad_upstream_response", answer.error().getString("code"));
  }

  /** An error event before any output is answered with its own status, not a 200 stream holding an error. */
  @Test
  void e5_anErrorBeforeAnyOutputIsAnErrorStatusNotA200() {
    PROXY.fake().enqueue(Reply.events("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\","
      + "\"message\":\"messages: bad\"}}\n\n"));
    Answer answer = PROXY.client().chat(true);
    assertEquals(400, answer.status());
    assertEquals("invalid_request_error", answer.error().getString("type"));
    assertFalse(answer.body().contains("[DONE]"), answer.body());
  }
}
