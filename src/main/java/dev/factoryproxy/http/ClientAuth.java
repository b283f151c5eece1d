package dev.factoryproxy.http;

import dev.factoryproxy.config.ProxyConfig;
import dev.factoryproxy.config.Secrets;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * Client authentication. When the proxy holds the Factory key, clients must present one of the proxy keys as
 * their Bearer token (compared in constant time); in passthrough mode the client's token is its Factory key.
 */
final class ClientAuth implements Handler<RoutingContext> {
  /** Routing-context keys set for the handlers after this one. */
  static final String CLIENT_KEY = "clientKey";
  static final String CLIENT_ID = "clientId";

  private final List<byte[]> keyDigests;
  private final boolean passthrough;
  private final boolean open;

  /**
   * Client keys configured: clients must present one. None, and an open proxy allowed: anyone may call. None at all:
   * passthrough. The Factory keys may live on other nodes (split roles), so they do not decide the mode here.
   */
  ClientAuth(ProxyConfig config) {
    this.open = config.auth().proxyApiKeys().isEmpty() && config.auth().allowOpenProxy();
    this.passthrough = config.auth().proxyApiKeys().isEmpty() && !open;
    this.keyDigests = config.auth().proxyApiKeys().stream().map(ClientAuth::sha256).toList();
  }

  @Override
  public void handle(RoutingContext ctx) {
    String token = bearer(ctx.request().getHeader("authorization"));
    if (token == null) {
      token = ctx.request().getHeader("x-api-key"); // some clients send Anthropic-style keys
    }
    if (passthrough) {
      if (token == null || token.isBlank()) {
        Responses.error(ctx, 401, "Missing API key: this proxy forwards your own Factory API key "
          + "(Authorization: Bearer fk-..., or x-api-key: fk-...)", "authentication_error", "invalid_api_key");
        return;
      }
      ctx.put(CLIENT_KEY, token);
      identify(ctx, Secrets.id(token)); // I1: limits, logs and metrics tell tokens apart by their digest
    } else if (open) {
      identify(ctx, "open");
    } else {
      int match = token == null ? -1 : match(token);
      if (match < 0) {
        Responses.error(ctx, 401, "Incorrect or missing API key for this proxy (Authorization: Bearer "
          + "<PROXY_API_KEY>, or x-api-key: <PROXY_API_KEY>)", "authentication_error", "invalid_api_key");
        return;
      }
      identify(ctx, "key-" + (match + 1));
    }
  }

  /** Names the client (never by its key) for logs and per-client limits, and lets the request through. */
  private static void identify(RoutingContext ctx, String clientId) {
    ctx.put(CLIENT_ID, clientId);
    ctx.<AccessLog.Entry>get(HttpVerticle.LOG_ENTRY).client(clientId);
    ctx.next();
  }

  /** Compares against every key, always all of them, on fixed-length digests: no timing signal. */
  private int match(String token) {
    byte[] digest = sha256(token);
    int found = -1;
    for (int i = 0; i < keyDigests.size(); i++) {
      if (MessageDigest.isEqual(digest, keyDigests.get(i))) {
        found = i;
      }
    }
    return found;
  }

  private static String bearer(String header) {
    if (header == null || header.length() < 7 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    String token = header.substring(7).trim();
    return token.isEmpty() ? null : token;
  }

  private static byte[] sha256(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
