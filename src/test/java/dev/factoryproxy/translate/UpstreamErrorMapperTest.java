package dev.factoryproxy.translate;

import dev.factoryproxy.translate.UpstreamErrorMapper.MappedError;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class UpstreamErrorMapperTest {

  private static final Clock NOW = Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC);

  private static String anthropic(String type, String message) {
    return new JsonObject().put("type", "error")
      .put("error", new JsonObject().put("type", type).put("message", message))
      .put("request_id", "req_011CSHoEeqs5C35K2UUqR7Fy").encode();
  }

  /** status in, body in, status out, expected OpenAI error body. */
  static Stream<Arguments> e2_table() {
    return Stream.of(
      arguments(400, anthropic("invalid_request_error", "max_tokens: must be positive"), 400, """
          {"error":{"message":"max_tokens: must be positive","type":"invalid_request_error","param":null,"code":null}}"""),
      arguments(400, anthropic("invalid_request_error", "prompt is too long: 210000 tokens > 200000 maximum"), 400, """
          {"error":{"message":"prompt is too long: 210000 tokens > 200000 maximum","type":"invalid_request_error",
           "param":null,"code":"context_length_exceeded"}}"""),
      arguments(401, anthropic("authentication_error", "invalid x-api-key"), 401, """
          {"error":{"message":"invalid x-api-key","type":"authentication_error","param":null,"code":"invalid_api_key"}}"""),
      arguments(402, anthropic("billing_error", "Your credit balance is too low"), 402, """
          {"error":{"message":"Your credit balance is too low","type":"billing_error","param":null,
           "code":"insufficient_quota"}}"""),
      arguments(403, anthropic("permission_error", "Forbidden"), 403, """
          {"error":{"message":"Forbidden","type":"permission_error","param":null,"code":null}}"""),
      arguments(404, anthropic("not_found_error", "model: claude-nope"), 404, """
          {"error":{"message":"model: claude-nope","type":"not_found_error","param":null,"code":"model_not_found"}}"""),
      arguments(404, anthropic("not_found_error", "The requested resource could not be found."), 404, """
          {"error":{"message":"The requested resource could not be found.","type":"not_found_error","param":null,
           "code":null}}"""),
      arguments(409, anthropic("conflict_error", "Conflict"), 409, """
          {"error":{"message":"Conflict","type":"conflict_error","param":null,"code":null}}"""),
      arguments(413, anthropic("request_too_large", "Request exceeds the maximum allowed number of bytes."), 413, """
          {"error":{"message":"Request exceeds the maximum allowed number of bytes.","type":"request_too_large",
           "param":null,"code":"request_too_large"}}"""),
      arguments(429, anthropic("rate_limit_error", "Number of request tokens has exceeded your rate limit"), 429, """
          {"error":{"message":"Number of request tokens has exceeded your rate limit","type":"rate_limit_error",
           "param":null,"code":"rate_limit_exceeded"}}"""),
      arguments(500, anthropic("api_error", "Internal server error"), 500, """
          {"error":{"message":"Internal server error","type":"api_error","param":null,"code":null}}"""),
      arguments(504, anthropic("timeout_error", "Request timed out"), 504, """
          {"error":{"message":"Request timed out","type":"timeout_error","param":null,"code":"timeout"}}"""),
      arguments(529, anthropic("overloaded_error", "Overloaded"), 503, """
          {"error":{"message":"Overloaded","type":"overloaded_error","param":null,"code":"overloaded"}}"""),
      // Factory's own 402 quota answer: detail is what the user must see
      arguments(402, """
          {"detail":"You've reached your 5-hour standard usage limit (resets in 1h 0min).","status":402,
           "title":"Payment Required","displayToUser":true,"requestId":"req-fake-1"}""", 402, """
          {"error":{"message":"You've reached your 5-hour standard usage limit (resets in 1h 0min).",
           "type":"insufficient_quota","param":null,"code":"insufficient_quota"}}"""),
      // Cloudflare's HTML 413: not JSON, the status still gives the code
      arguments(413, "<html><body><h1>413 Request Entity Too Large</h1></body></html>", 413, """
          {"error":{"message":"<html><body><h1>413 Request Entity Too Large</h1></body></html>","type":"api_error",
           "param":null,"code":"request_too_large"}}"""),
      arguments(502, "Bad Gateway", 502, """
          {"error":{"message":"Bad Gateway","type":"api_error","param":null,"code":null}}"""),
      arguments(500, "", 500, """
          {"error":{"message":"Upstream error without a body","type":"api_error","param":null,"code":null}}"""),
      arguments(400, "[1,2]", 400, """
          {"error":{"message":"[1,2]","type":"api_error","param":null,"code":null}}"""),
      // other JSON shapes: detail, message, error as a string
      arguments(400, "{\"detail\":\"Unable to determine client version\"}", 400, """
          {"error":{"message":"Unable to determine client version","type":"invalid_request_error","param":null,
           "code":null}}"""),
      arguments(429, "{\"message\":\"Too many requests\"}", 429, """
          {"error":{"message":"Too many requests","type":"rate_limit_error","param":null,"code":"rate_limit_exceeded"}}"""),
      arguments(401, "{\"error\":\"Unauthorized\"}", 401, """
          {"error":{"message":"Unauthorized","type":"authentication_error","param":null,"code":"invalid_api_key"}}"""),
      arguments(422, "{\"detail\":[{\"loc\":[\"body\"],\"msg\":\"field required\"}]}", 422, """
          {"error":{"message":"[{\\"loc\\":[\\"body\\"],\\"msg\\":\\"field required\\"}]","type":"api_error",
           "param":null,"code":null}}"""),
      arguments(500, "{\"unexpected\":true}", 500, """
          {"error":{"message":"{\\"unexpected\\":true}","type":"api_error","param":null,"code":null}}"""),
      // E5: an "error" that came with a success status never goes out as one
      arguments(200, anthropic("api_error", "odd"), 502, """
          {"error":{"message":"odd","type":"api_error","param":null,"code":null}}"""));
  }

  @ParameterizedTest(name = "{0} -> {2}: {1}")
  @MethodSource
  void e2_table(int status, String body, int expectedStatus, String expectedBody) {
    MappedError mapped = UpstreamErrorMapper.map(status, body, Map.of(), false, NOW);
    assertEquals(expectedStatus, mapped.status());
    assertEquals(new JsonObject(expectedBody), mapped.body());
  }

  @Test
  void e2_529Becomes503WithUpstreamStatusHeader() {
    MappedError mapped = UpstreamErrorMapper.map(529, anthropic("overloaded_error", "Overloaded"), Map.of(), false, NOW);
    assertEquals(503, mapped.status());
    assertEquals(Map.of("x-upstream-status", "529"), mapped.headers());
  }

  @Test
  void e2_529PassesThroughWhenConfigured() {
    MappedError mapped = UpstreamErrorMapper.map(529, anthropic("overloaded_error", "Overloaded"), Map.of(), true, NOW);
    assertEquals(529, mapped.status());
    assertEquals(Map.of(), mapped.headers());
  }

  @Test
  void e2_nonJsonMessageIsTruncatedTo1Kb() {
    String html = "<html>" + "x".repeat(5000) + "</html>";
    MappedError mapped = UpstreamErrorMapper.map(413, html, Map.of(), false, NOW);
    assertEquals(html.substring(0, 1024), mapped.body().getJsonObject("error").getString("message"));
  }

  @Test
  void e2_truncationNeverSplitsASurrogatePair() {
    String body = "x".repeat(1023) + "\uD83C\uDF0D" + "tail";
    assertEquals("x".repeat(1023), UpstreamErrorMapper.truncate(body));
  }

  static Stream<Arguments> t12_codeForMidStreamErrors() {
    return Stream.of(
      arguments("overloaded_error", "Overloaded", "overloaded"),
      arguments("api_error", "Internal server error", null),
      arguments("rate_limit_error", "slow down", "rate_limit_exceeded"),
      arguments("invalid_request_error", "prompt is too long: 1 > 0", "context_length_exceeded"),
      arguments("something_new", "?", null));
  }

  @ParameterizedTest(name = "{0} -> {2}")
  @MethodSource
  void t12_codeForMidStreamErrors(String type, String message, String expectedCode) {
    assertEquals(expectedCode, UpstreamErrorMapper.codeFor(type, 200, message));
  }

  @Test
  void e3_retryAfterSecondsPassesThroughAndAddsMillis() {
    MappedError mapped = UpstreamErrorMapper.map(429, anthropic("rate_limit_error", "slow down"),
      Map.of("retry-after", "30", "x-should-retry", "true"), false, NOW);
    assertEquals(Map.of("retry-after", "30", "retry-after-ms", "30000", "x-should-retry", "true"), mapped.headers());
  }

  @Test
  void e3_retryAfterHttpDateBecomesMillisFromNow() {
    MappedError mapped = UpstreamErrorMapper.map(503, "Service Unavailable",
      Map.of("retry-after", "Wed, 01 Jan 2025 00:01:30 GMT"), false, NOW);
    assertEquals(Map.of("retry-after", "Wed, 01 Jan 2025 00:01:30 GMT", "retry-after-ms", "90000"), mapped.headers());
  }

  @Test
  void e3_unreadableRetryAfterIsPassedWithoutMillis() {
    MappedError mapped = UpstreamErrorMapper.map(429, "{}", Map.of("retry-after", "soon"), false, NOW);
    assertEquals(Map.of("retry-after", "soon"), mapped.headers());
  }

  @Test
  void e3_spendCap429WithoutRetryAfterGetsNone() {
    MappedError mapped = UpstreamErrorMapper.map(429, anthropic("rate_limit_error", "spend cap"), Map.of(), false, NOW);
    assertEquals(Map.of(), mapped.headers());
  }

  @Test
  void s9_e4_successHeadersExposeRequestIdAndOpenAiRateLimits() {
    Map<String, String> upstream = Map.of(
      "request-id", "req_fake_123",
      "anthropic-ratelimit-requests-limit", "50",
      "anthropic-ratelimit-requests-remaining", "49",
      "anthropic-ratelimit-requests-reset", "2025-01-01T00:00:01Z",
      "anthropic-ratelimit-tokens-limit", "100000",
      "anthropic-ratelimit-tokens-remaining", "99000",
      "anthropic-ratelimit-tokens-reset", "2025-01-01T00:06:00Z",
      "anthropic-ratelimit-input-tokens-limit", "80000",
      "content-type", "application/json");
    assertEquals(Map.ofEntries(
        Map.entry("request-id", "req_fake_123"),
        Map.entry("x-request-id", "req_fake_123"),
        Map.entry("anthropic-ratelimit-requests-limit", "50"),
        Map.entry("anthropic-ratelimit-requests-remaining", "49"),
        Map.entry("anthropic-ratelimit-requests-reset", "2025-01-01T00:00:01Z"),
        Map.entry("anthropic-ratelimit-tokens-limit", "100000"),
        Map.entry("anthropic-ratelimit-tokens-remaining", "99000"),
        Map.entry("anthropic-ratelimit-tokens-reset", "2025-01-01T00:06:00Z"),
        Map.entry("anthropic-ratelimit-input-tokens-limit", "80000"),
        Map.entry("x-ratelimit-limit-requests", "50"),
        Map.entry("x-ratelimit-remaining-requests", "49"),
        Map.entry("x-ratelimit-reset-requests", "1s"),
        Map.entry("x-ratelimit-limit-tokens", "100000"),
        Map.entry("x-ratelimit-remaining-tokens", "99000"),
        Map.entry("x-ratelimit-reset-tokens", "6m0s")),
      SuccessHeaders.of(upstream, NOW));
  }

  @Test
  void e4_tokenLimitsFallBackToInputTokens() {
    Map<String, String> upstream = Map.of(
      "anthropic-ratelimit-input-tokens-limit", "80000",
      "anthropic-ratelimit-input-tokens-remaining", "70000",
      "anthropic-ratelimit-input-tokens-reset", "2025-01-01T01:02:03Z");
    Map<String, String> headers = SuccessHeaders.of(upstream, NOW);
    assertEquals("80000", headers.get("x-ratelimit-limit-tokens"));
    assertEquals("70000", headers.get("x-ratelimit-remaining-tokens"));
    assertEquals("1h2m3s", headers.get("x-ratelimit-reset-tokens"));
  }

  @Test
  void e4_errorAnswersCarryRateLimitAndRequestIdHeadersToo() {
    MappedError mapped = UpstreamErrorMapper.map(429, anthropic("rate_limit_error", "slow down"), Map.of(
      "request-id", "req_fake_9", "anthropic-ratelimit-requests-remaining", "0", "retry-after", "5"), false, NOW);
    assertEquals(Map.of(
      "request-id", "req_fake_9", "x-request-id", "req_fake_9",
      "anthropic-ratelimit-requests-remaining", "0", "x-ratelimit-remaining-requests", "0",
      "retry-after", "5", "retry-after-ms", "5000"), mapped.headers());
  }

  static Stream<Arguments> e4_goDurations() {
    return Stream.of(
      arguments("2025-01-01T00:06:00Z", "6m0s"),
      arguments("2025-01-01T00:00:01Z", "1s"),
      arguments("2025-01-01T01:02:03Z", "1h2m3s"),
      arguments("2025-01-01T02:00:00Z", "2h0m0s"),
      arguments("2025-01-01T00:00:00.200Z", "1s"),
      arguments("2024-12-31T23:59:00Z", "0s"),
      arguments("2025-01-01T01:00:00+01:00", "0s"));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource
  void e4_goDurations(String reset, String expected) {
    Map<String, String> headers = SuccessHeaders.of(
      Map.of("anthropic-ratelimit-requests-reset", reset), NOW);
    assertEquals(expected, headers.get("x-ratelimit-reset-requests"));
  }

  @Test
  void e4_unparseableResetIsKeptButNotConverted() {
    Map<String, String> headers = SuccessHeaders.of(
      Map.of("anthropic-ratelimit-requests-reset", "tomorrow"), NOW);
    assertEquals(Map.of("anthropic-ratelimit-requests-reset", "tomorrow"), headers);
  }
}
