package dev.factoryproxy.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The rules for showing a secret anywhere (logs, ids, health): its first few characters at most, or (I1) an id
 * derived from a digest of the whole secret, which tells apart tokens that share a prefix (every JWT begins
 * {@code eyJhbG}, every Factory key {@code fk-}) and reveals nothing of them.
 */
public final class Secrets {
  private Secrets() {
  }

  public static String prefix(String key) {
    return key == null ? "none" : key.substring(0, Math.min(6, key.length())) + "…";
  }

  /** I1: {@code key-} and the first 8 hex digits of the secret's SHA-256. */
  public static String id(String secret) {
    if (secret == null) {
      return "none";
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
      return "key-" + HexFormat.of().formatHex(digest, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
