package dev.factoryproxy.testing;

import io.vertx.core.MultiMap;

import static dev.factoryproxy.testing.Rejection.requireValid;

/** The headers Factory's endpoint insists on, as the real CLI sends them (factory-upstream.md, "Headers"). */
final class HeaderRules {
  private HeaderRules() {
  }

  static void check(MultiMap headers, java.util.Set<String> expectedKeys) {
    String authorization = headers.get("authorization");
    if (authorization == null || !authorization.startsWith("Bearer ") || !expectedKeys.contains(authorization.substring(7))) {
      throw Rejection.unauthenticated("Invalid bearer token");
    }
    requireEqual(headers, "x-api-key", "placeholder");
    requirePresent(headers, "anthropic-version");
    requireEqual(headers, "x-api-provider", "anthropic");
    requireEqual(headers, "x-factory-client", "cli");
    String clientVersion = headers.get("x-client-version");
    requireValid(clientVersion != null && !clientVersion.isBlank(), "Unable to determine client version");
    requireEqual(headers, "user-agent", "factory-cli/" + clientVersion);
    requirePresent(headers, "x-session-id");
    requirePresent(headers, "x-assistant-message-id");
    requireValid(isJson(headers.get("content-type")), "content-type: expected application/json");
  }

  private static void requireEqual(MultiMap headers, String name, String expected) {
    requireValid(expected.equals(headers.get(name)), name + ": header must be \"" + expected + "\"");
  }

  private static void requirePresent(MultiMap headers, String name) {
    String value = headers.get(name);
    requireValid(value != null && !value.isBlank(), name + ": header is required");
  }

  /** {@code application/json}, optionally with parameters such as {@code charset=utf-8}. */
  private static boolean isJson(String contentType) {
    return contentType != null && contentType.split(";")[0].trim().equalsIgnoreCase("application/json");
  }
}
