package dev.factoryproxy.e2e;

import dev.factoryproxy.testing.ProxyFixture;
import dev.factoryproxy.testing.FakeFactory;
import dev.factoryproxy.testing.ProxyClient;
import dev.factoryproxy.testing.ProxyClient.Answer;
import dev.factoryproxy.testing.ProxyUnderTest;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 10 §3 end to end: a non-standard body is a 400 naming the problem, and Factory never sees it (J1–J9). */
class StrictBodyTest {
  private static final String GOOD = "{\"model\":\"" + ProxyClient.MODEL + "\",\"messages\":[{\"role\":\"user\","
    + "\"content\":\"Hi\"}]";

  @RegisterExtension
  static final ProxyFixture PROXY = new ProxyFixture();

  private Answer post(String body) {
    return PROXY.client().send(ProxyClient.chatRequest(PROXY.port(), ProxyUnderTest.CLIENT_KEY), body);
  }

  @ParameterizedTest(name = "[{index}] \u00ab{0}\u00bb")
  @ValueSource(strings = {
    GOOD + ",\"model\":\"x\"}", // duplicate key
    GOOD + " /* comment */}", GOOD + " // comment\n}", // comments
    "{'model':'x'}", "{model:\"x\"}", // single quotes, unquoted names
    GOOD + ",}", // trailing comma
    GOOD + ",\"max_tokens\":07}", GOOD + ",\"temperature\":NaN}", // leading zero, NaN
    GOOD + "} trailing", GOOD + "}{}", "[" + GOOD + "}]", "\"text\"", ""})
  void j1_to_j9_aNonStandardBodyIs400AndNeverReachesFactory(String body) {
    int before = PROXY.fake().callCount();
    Answer answer = post(body);
    assertEquals(400, answer.status(), answer.body());
    assertEquals("invalid_request_error", answer.error().getString("type"));
    assertEquals("invalid_json", answer.error().getString("code"));
    assertTrue(answer.error().getString("message").startsWith("The request body "), answer.body());
    assertEquals(before, PROXY.fake().callCount());
  }

  @Test
  void aStandardBodyStillPasses() {
    assertEquals(200, post(GOOD + "}").status());
  }
}
