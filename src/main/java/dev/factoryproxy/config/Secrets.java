package dev.factoryproxy.config;

/** The one rule for showing a secret anywhere (logs, ids, health): its first few characters at most. */
public final class Secrets {
  private Secrets() {
  }

  public static String prefix(String key) {
    return key == null ? "none" : key.substring(0, Math.min(6, key.length())) + "…";
  }
}
