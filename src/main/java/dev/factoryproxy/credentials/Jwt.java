package dev.factoryproxy.credentials;

import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Reads a JWT's {@code exp} without verifying it: the proxy only needs to know when to refresh (CL2). */
final class Jwt {
  private Jwt() {
  }

  /** The {@code sub} claim (the WorkOS user, the same across refreshes), or null when there is none. */
  static String subject(String token) {
    Object sub = claims(token).getValue("sub");
    return sub instanceof String s && !s.isBlank() ? s : null;
  }

  private static JsonObject claims(String token) {
    String[] parts = token == null ? new String[0] : token.split("\\.");
    if (parts.length < 2) {
      return new JsonObject();
    }
    try {
      return new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
    } catch (RuntimeException e) {
      return new JsonObject();
    }
  }

  /** The expiry in epoch milliseconds, or -1 when the token is no JWT or names no {@code exp}. */
  static long expiryMs(String token) {
    if (token == null) {
      return -1;
    }
    String[] parts = token.split("\\.");
    if (parts.length < 2) {
      return -1;
    }
    try {
      String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
      Object exp = new JsonObject(payload).getValue("exp");
      return exp instanceof Number number ? number.longValue() * 1000 : -1;
    } catch (RuntimeException e) {
      return -1; // not base64 or not JSON: treated as expired, so it is refreshed
    }
  }
}
