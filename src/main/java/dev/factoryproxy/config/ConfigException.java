package dev.factoryproxy.config;

/** Bad configuration; the message names the offending key so start-up can fail with it. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }
}
