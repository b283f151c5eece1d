package dev.factoryproxy.http;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.RoutingContext;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.function.LongSupplier;

/**
 * Who may see the status page (SP2, SP3): a request with {@code Authorization: Bearer <admin key>}, or a browser
 * holding the session cookie the login form sets. The key is compared in constant time on fixed-length digests.
 * The cookie never holds the key: it is {@code v1.<expiry>.<HMAC-SHA256 of the expiry>} under a key derived from
 * the admin key, so every node with the same admin key accepts it (no session store), it expires by itself, and
 * changing the admin key ends every session.
 */
final class AdminAuth {
  static final String COOKIE = "fp_status";
  static final String PATH = "/status";
  static final long SESSION_SECONDS = 12 * 3600;

  private final byte[] keyDigest;
  private final SecretKeySpec macKey;
  private final LongSupplier clockSeconds;

  /** @param adminKey the configured key; null: the status page is off (SP1) */
  AdminAuth(String adminKey, LongSupplier clockSeconds) {
    this.keyDigest = adminKey == null ? null : sha256("admin|" + adminKey);
    this.macKey = adminKey == null ? null : new SecretKeySpec(sha256("status-session|" + adminKey), "HmacSHA256");
    this.clockSeconds = clockSeconds;
  }

  boolean enabled() {
    return keyDigest != null;
  }

  /** Whether {@code presented} is the admin key (constant time: both sides are digests of one length). */
  boolean isKey(String presented) {
    return enabled() && presented != null && MessageDigest.isEqual(sha256("admin|" + presented), keyDigest);
  }

  /** A Bearer admin key or a valid session cookie. */
  boolean allows(RoutingContext ctx) {
    if (!enabled()) {
      return false;
    }
    String header = ctx.request().getHeader("authorization");
    if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return isKey(header.substring(7).trim());
    }
    Cookie cookie = ctx.request().getCookie(COOKIE);
    return cookie != null && validSession(cookie.getValue());
  }

  /** The session cookie for a browser that just logged in; Secure when the browser reached us over TLS. */
  Cookie sessionCookie(boolean secure) {
    long expiry = clockSeconds.getAsLong() + SESSION_SECONDS;
    return Cookie.cookie(COOKIE, "v1." + expiry + "." + mac(expiry)).setPath(PATH).setHttpOnly(true)
      .setSameSite(CookieSameSite.STRICT).setMaxAge(SESSION_SECONDS).setSecure(secure);
  }

  /** Clears the session cookie (logout). */
  static Cookie clearedCookie(boolean secure) {
    return Cookie.cookie(COOKIE, "").setPath(PATH).setHttpOnly(true).setSameSite(CookieSameSite.STRICT)
      .setMaxAge(0).setSecure(secure);
  }

  boolean validSession(String value) {
    String[] parts = value == null ? new String[0] : value.split("\\.", -1);
    if (parts.length != 3 || !parts[0].equals("v1")) {
      return false;
    }
    long expiry;
    try {
      expiry = Long.parseLong(parts[1]);
    } catch (NumberFormatException e) {
      return false;
    }
    boolean signed = MessageDigest.isEqual(mac(expiry).getBytes(StandardCharsets.US_ASCII),
      parts[2].getBytes(StandardCharsets.US_ASCII));
    return signed && expiry > clockSeconds.getAsLong() && expiry <= clockSeconds.getAsLong() + SESSION_SECONDS;
  }

  private String mac(long expiry) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(macKey);
      byte[] tag = mac.doFinal(("fp-status-session|" + expiry).getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(tag);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] sha256(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
