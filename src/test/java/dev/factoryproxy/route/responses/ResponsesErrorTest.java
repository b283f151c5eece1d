package dev.factoryproxy.route.responses;

import dev.factoryproxy.translate.UpstreamErrorMapper.MappedError;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Responses-route error answers → OpenAI-shaped errors, rules OE1–OE3 (docs/route-responses.md). */
class ResponsesErrorTest {

  private static MappedError map(int status, String body, Map<String, String> headers) {
    return Fixtures.ROUTE.error(status, body, headers, false);
  }

  @Test
  void oe1_openAiErrorBodiesKeepTypeParamAndCode() {
    MappedError e = map(400, """
      {"error": {"message": "Unknown parameter: 'foo'.", "type": "invalid_request_error", "param": "foo",
        "code": "unknown_parameter"}}""", Map.of());
    assertEquals(400, e.status());
    assertEquals(new JsonObject("""
      {"error": {"message": "Unknown parameter: 'foo'.", "type": "invalid_request_error", "param": "foo",
        "code": "unknown_parameter"}}"""), e.body());
  }

  @Test
  void oe1_missingTypeOrCodeTakeWhatTheStatusStandsFor() {
    MappedError e = map(429, "{\"error\": {\"message\": \"Too many\"}}", Map.of("retry-after", "2"));
    assertEquals(new JsonObject("""
      {"error": {"message": "Too many", "type": "rate_limit_error", "param": null, "code": "rate_limit_exceeded"}}"""),
      e.body());
    assertEquals("2000", e.headers().get("retry-after-ms"));
  }

  @Test
  void oe2_factoryQuotaAnswerAndOtherShapesAsOnTheMessagesRoute() {
    MappedError quota = map(402, "{\"detail\": \"You've reached your 5-hour standard usage limit.\","
      + " \"status\": 402, \"title\": \"Payment Required\"}", Map.of());
    assertEquals(402, quota.status());
    assertEquals(new JsonObject("""
      {"error": {"message": "You've reached your 5-hour standard usage limit.", "type": "insufficient_quota",
        "param": null, "code": "insufficient_quota"}}"""), quota.body());
    MappedError html = map(502, "<html>Bad gateway</html>", Map.of());
    assertEquals("<html>Bad gateway</html>", html.body().getJsonObject("error").getString("message"));
    MappedError overloaded = map(529, "{\"type\": \"error\", \"error\": {\"type\": \"overloaded_error\","
      + " \"message\": \"Overloaded\"}}", Map.of());
    assertEquals(503, overloaded.status());
    assertEquals("overloaded", overloaded.body().getJsonObject("error").getString("code"));
  }

  @Test
  void oe3_openAiRateLimitHeadersAndRequestIdPassThrough() {
    MappedError e = map(429, "{\"error\": {\"message\": \"x\", \"type\": \"rate_limit_error\", \"code\": null}}",
      Map.of("x-ratelimit-remaining-requests", "0", "x-request-id", "req_9", "set-cookie", "a=b"));
    assertEquals(Map.of("x-ratelimit-remaining-requests", "0", "x-request-id", "req_9"), e.headers());
    assertEquals("rate_limit_exceeded", e.body().getJsonObject("error").getString("code"));
  }
}
