package dev.factoryproxy.client.messages;

import dev.factoryproxy.translate.OpenAiErrors;
import dev.factoryproxy.translate.UpstreamErrorMapper.MappedError;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AnthropicErrorsTest {
  private final MessagesClient client = new MessagesClient(Fixtures.settings());

  @Test
  void me2_eachStatusGetsAnthropicsType() {
    Map<Integer, String> table = Map.of(400, "invalid_request_error", 401, "authentication_error",
      402, "billing_error", 403, "permission_error", 404, "not_found_error", 413, "request_too_large",
      429, "rate_limit_error", 500, "api_error", 529, "overloaded_error", 502, "api_error");
    table.forEach((status, type) -> assertEquals(type, AnthropicErrors.typeForStatus(status), "status " + status));
  }

  @Test
  void me1_aHubErrorBecomesAnthropicsShape() {
    JsonObject hub = OpenAiErrors.body("messages[0].content: Field required", "invalid_request_error",
      "messages[0].content", null);
    assertEquals(new JsonObject("""
      {"type":"error","error":{"type":"invalid_request_error","message":"messages[0].content: Field required"}}"""),
      client.errorBody(400, hub));
  }

  @Test
  void me1_openAisGenericTypesOnAStatusOfItsOwnTakeThatStatussType() {
    assertEquals("request_too_large", client.errorBody(413, OpenAiErrors.body("too big", "invalid_request_error",
      null, "request_too_large")).getJsonObject("error").getString("type"));
    assertEquals("not_found_error", client.errorBody(404, OpenAiErrors.body("no such path", "invalid_request_error",
      null, "not_found")).getJsonObject("error").getString("type"));
    assertEquals("timeout_error", client.errorBody(504, OpenAiErrors.body("slow", "api_error", null, "timeout"))
      .getJsonObject("error").getString("type"));
    assertEquals("api_error", client.errorBody(503, OpenAiErrors.body("draining", "api_error", null, null))
      .getJsonObject("error").getString("type"));
    assertEquals("overloaded_error", client.errorBody(503, OpenAiErrors.body("busy", "overloaded_error", null, null))
      .getJsonObject("error").getString("type"));
  }

  @Test
  void me1_nonAnthropicTypesFollowTheStatus() {
    assertEquals("billing_error", client.errorBody(402, OpenAiErrors.body("quota", "insufficient_quota", null,
      "insufficient_quota")).getJsonObject("error").getString("type"));
    assertEquals("api_error", client.errorBody(500, OpenAiErrors.body("boom", "server_error", null, null))
      .getJsonObject("error").getString("type"));
  }

  @Test
  void me3_aMidStreamErrorIsAnErrorEvent() {
    assertEquals("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\","
      + "\"message\":\"slow down\"}}\n\n",
      client.streamErrorFrame(OpenAiErrors.body("slow down", "rate_limit_error", null, "rate_limit_exceeded")));
    assertEquals("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"billing_error\","
      + "\"message\":\"limit\"}}\n\n",
      client.streamErrorFrame(OpenAiErrors.body("limit", "insufficient_quota", null, "insufficient_quota")));
  }

  @Test
  void me5_anErrorEventBeforeAnyOutputStandsForItsStatus() {
    ClaudePassThrough passThrough = new ClaudePassThrough(Fixtures.settings());
    JsonObject overloaded = AnthropicErrors.body("overloaded_error", "Overloaded");
    assertEquals(529, passThrough.openingErrorStatus("error", overloaded));
    assertEquals(529, passThrough.openingErrorStatus(null, overloaded.copy()));
    assertEquals(0, passThrough.openingErrorStatus("message_start", new JsonObject().put("type", "message_start")));
  }

  @Test
  void me4_factorys402DetailIsTheBillingErrorMessage() {
    String body = "{\"detail\":\"You've reached your 5-hour standard usage limit (resets in 1h 0min).\","
      + "\"status\":402,\"title\":\"Payment Required\",\"displayToUser\":true,\"requestId\":\"r1\"}";
    MappedError mapped = new ClaudePassThrough(Fixtures.settings()).error(402, body, Map.of(), false);
    assertEquals(402, mapped.status());
    assertEquals(AnthropicErrors.body("billing_error",
      "You've reached your 5-hour standard usage limit (resets in 1h 0min)."), mapped.body());
  }

  @Test
  void me4_anthropicErrorsKeepTypeAndStatusIncluding529() {
    String body = "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}";
    MappedError mapped = AnthropicErrors.fromRoute(529, body, Map.of("retry-after", "3"));
    assertEquals(529, mapped.status());
    assertEquals(new JsonObject(body), mapped.body());
    assertEquals("3", mapped.headers().get("retry-after"));
  }

  @Test
  void me4_aNonJsonBodyGetsTheStatussTypeAndItsText() {
    MappedError mapped = AnthropicErrors.fromRoute(413, "<html>413 Request Entity Too Large</html>", Map.of());
    assertEquals(413, mapped.status());
    assertEquals(AnthropicErrors.body("request_too_large", "<html>413 Request Entity Too Large</html>"), mapped.body());
  }
}
