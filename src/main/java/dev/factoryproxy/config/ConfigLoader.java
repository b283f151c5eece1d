package dev.factoryproxy.config;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code conf/config.json} (or the file named by {@code PROXY_CONFIG}) and applies the environment
 * overrides on top. The result is the one configuration JSON every verticle gets.
 */
public final class ConfigLoader {

  /** Environment variable → configuration key (dotted path). */
  static final List<Map.Entry<String, String>> ENV_OVERRIDES = List.of(
    Map.entry("PORT", "http.port"),
    Map.entry("HOST", "http.host"),
    Map.entry("HTTP_INSTANCES", "http.instances"),
    Map.entry("MAX_BODY_BYTES", "http.maxBodyBytes"),
    Map.entry("STREAM_IDLE_TIMEOUT_MS", "http.streamIdleTimeoutMs"),
    Map.entry("REQUEST_TIMEOUT_MS", "http.requestTimeoutMs"),
    Map.entry("HEADER_TIMEOUT_MS", "http.headerTimeoutMs"),
    Map.entry("BODY_TIMEOUT_MS", "http.bodyTimeoutMs"),
    Map.entry("KEEP_ALIVE_TIMEOUT_MS", "http.keepAliveTimeoutMs"),
    Map.entry("PROXY_API_KEY", "auth.proxyApiKeys"),
    Map.entry("ALLOW_OPEN_PROXY", "auth.allowOpenProxy"),
    Map.entry("ADMIN_API_KEY", "auth.adminApiKey"),
    Map.entry("ANTHROPIC_TARGET_URL", "upstream.url"),
    Map.entry("FACTORY_API_BASE", "upstream.apiBase"),
    Map.entry("FACTORY_API_KEY", "upstream.factoryApiKeys"),
    Map.entry("FACTORY_REFRESH_TOKEN", "upstream.refreshToken"),
    Map.entry("FACTORY_AUTH_FILE", "upstream.authFile"),
    Map.entry("FACTORY_WORKOS_URL", "upstream.workosUrl"),
    Map.entry("FACTORY_REFRESH_AHEAD_MS", "upstream.refreshAheadMs"),
    Map.entry("FACTORY_CLIENT_VERSION", "upstream.clientVersion"),
    Map.entry("UPSTREAM_INSTANCES", "upstream.instances"),
    Map.entry("UPSTREAM_CONNECT_TIMEOUT_MS", "upstream.connectTimeoutMs"),
    Map.entry("UPSTREAM_FIRST_BYTE_TIMEOUT_MS", "upstream.firstByteTimeoutMs"),
    Map.entry("UPSTREAM_IDLE_TIMEOUT_MS", "upstream.idleTimeoutMs"),
    Map.entry("UPSTREAM_HEARTBEAT_MS", "upstream.heartbeatMs"),
    Map.entry("UPSTREAM_RETRY_MAX_ATTEMPTS", "upstream.retry.maxAttempts"),
    Map.entry("UPSTREAM_RETRY_BASE_DELAY_MS", "upstream.retry.baseDelayMs"),
    Map.entry("UPSTREAM_RETRY_MAX_DELAY_MS", "upstream.retry.maxDelayMs"),
    Map.entry("UPSTREAM_RETRY_BUDGET_MS", "upstream.retry.budgetMs"),
    Map.entry("UPSTREAM_KEY_COOLDOWN_MS", "upstream.keyCooldownMs"),
    Map.entry("UPSTREAM_KEY_RECHECK_MS", "upstream.keyRecheckMs"),
    Map.entry("UPSTREAM_QUOTA_POLL_MS", "upstream.quotaPollMs"),
    Map.entry("MAX_CONCURRENT_STREAMS", "limits.maxConcurrentStreams"),
    Map.entry("MAX_CONCURRENT_STREAMS_PER_CLIENT", "limits.maxConcurrentStreamsPerClient"),
    Map.entry("REQUESTS_PER_MINUTE", "limits.requestsPerMinute"),
    Map.entry("METRICS_ENABLED", "metrics.enabled"),
    Map.entry("METRICS_EVENT_BUS", "metrics.eventBus"),
    Map.entry("TRANSLATOR_INSTANCES", "translator.instances"),
    Map.entry("PROXY_ROLES", "cluster.roles"),
    Map.entry("PROXY_CLUSTER", "cluster.enabled"),
    Map.entry("PROXY_CLUSTER_NAME", "cluster.name"),
    Map.entry("PROXY_CLUSTER_MEMBERS", "cluster.members"),
    Map.entry("PROXY_CLUSTER_HOST", "cluster.host"),
    Map.entry("PROXY_CLUSTER_PORT", "cluster.hazelcastPort"),
    Map.entry("PROXY_EVENTBUS_PORT", "cluster.eventBusPort"),
    Map.entry("PROXY_CLUSTER_CONFIG", "cluster.configFile"),
    Map.entry("DRAIN_TIMEOUT_MS", "http.drainTimeoutMs"),
    Map.entry("LOG_LEVEL", "logging.level"),
    Map.entry("LOG_FORMAT", "logging.format"),
    Map.entry("FACTORY_SANDBOX", "sandbox.enabled"));

  private ConfigLoader() {
  }

  /** Loads, merges and validates; throws {@link ConfigException} with a message naming the bad key or file. */
  public static JsonObject load(Map<String, String> env) {
    JsonObject json = merged(env);
    ProxyConfig.fromJson(json); // validate now, so a bad value stops start-up before anything is deployed
    return json;
  }

  /**
   * The file and the environment merged, not yet validated as a running proxy's configuration: for the
   * {@code login} command, which needs only its own keys (ProxyConfig.loginSettings) and no client key.
   */
  public static JsonObject merged(Map<String, String> env) {
    JsonObject json = readFile(env);
    applyEnv(json, env);
    return json;
  }

  private static JsonObject readFile(Map<String, String> env) {
    String explicit = env.get("PROXY_CONFIG");
    Path path = Path.of(explicit != null ? explicit : "conf/config.json");
    if (!Files.exists(path)) {
      if (explicit != null) {
        throw new ConfigException("PROXY_CONFIG names " + path + ", which does not exist");
      }
      return new JsonObject(); // built-in defaults
    }
    try {
      return new JsonObject(Files.readString(path));
    } catch (IOException | DecodeException e) {
      throw new ConfigException(path + " is not readable JSON: " + e.getMessage());
    }
  }

  static void applyEnv(JsonObject json, Map<String, String> env) {
    for (Map.Entry<String, String> override : ENV_OVERRIDES) {
      String value = env.get(override.getKey());
      if (value != null && !value.isEmpty()) {
        put(json, override.getValue(), value);
      }
    }
    String keyFile = env.get("FACTORY_API_KEY_FILE");
    if (keyFile != null && !keyFile.isEmpty()) {
      put(json, "upstream.factoryApiKeys", readKeyFile(keyFile));
    }
  }

  /** One key per line; blank lines and lines starting with '#' are skipped. */
  private static String readKeyFile(String file) {
    try {
      return String.join(",", Files.readAllLines(Path.of(file)).stream()
        .map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList());
    } catch (IOException e) {
      throw new ConfigException("FACTORY_API_KEY_FILE " + file + " cannot be read: " + e.getMessage());
    }
  }

  private static void put(JsonObject json, String dotted, String value) {
    String[] parts = dotted.split("\\.");
    JsonObject target = json;
    for (int i = 0; i < parts.length - 1; i++) {
      JsonObject next = target.getJsonObject(parts[i]);
      if (next == null) {
        next = new JsonObject();
        target.put(parts[i], next);
      }
      target = next;
    }
    target.put(parts[parts.length - 1], value);
  }
}
