package dev.factoryproxy.translate;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Deterministic rewrites of client strings into what Anthropic accepts (R11 ids, R16 names, R24 user ids). */
public final class Identifiers {
  /** Anthropic's alphabet for tool names and tool_use ids. */
  private static final Pattern SAFE = Pattern.compile("[a-zA-Z0-9_-]+");
  private static final Pattern UNSAFE_CHARACTER = Pattern.compile("[^a-zA-Z0-9_-]");
  private static final int HASH_CHARS = 8;

  private Identifiers() {
  }

  /**
   * {@code raw} itself when it already fits {@code ^[a-zA-Z0-9_-]{1,maxLength}$}; otherwise its characters
   * with every other character replaced by {@code _}, cut to fit, plus a short hash of {@code raw}, so two
   * different inputs that sanitize alike still get different results and the same input always the same one.
   */
  public static String safe(String raw, int maxLength) {
    if (raw.length() <= maxLength && SAFE.matcher(raw).matches()) {
      return raw;
    }
    String sanitized = UNSAFE_CHARACTER.matcher(raw).replaceAll("_");
    String suffix = "_" + sha256Hex(raw).substring(0, HASH_CHARS);
    return truncate(sanitized, maxLength - suffix.length()) + suffix;
  }

  public static String truncate(String s, int maxLength) {
    return s.length() <= maxLength ? s : s.substring(0, maxLength);
  }

  public static String sha256Hex(String s) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime provides SHA-256", e);
    }
  }
}
