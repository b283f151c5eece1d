package dev.factoryproxy.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.Set;

/**
 * V1: every key of the configuration must be one the proxy reads; a misspelt key would otherwise be ignored and
 * its default used in silence. An unknown key stops start-up naming its path and the nearest known key.
 */
final class ConfigKeys {
  /** Known keys per section path; a section listed in {@link #FREE} may hold any key (maps of names). */
  private static final Map<String, Set<String>> KNOWN = Map.ofEntries(
    Map.entry("", Set.of("http", "auth", "upstream", "translator", "translation", "models", "modelAliases", "cluster",
      "logging", "limits", "metrics", "sandbox", "responses")),
    Map.entry("http", Set.of("host", "port", "instances", "maxBodyBytes", "requestTimeoutMs", "streamIdleTimeoutMs",
      "drainTimeoutMs", "headerTimeoutMs", "bodyTimeoutMs", "keepAliveTimeoutMs")),
    Map.entry("auth", Set.of("proxyApiKeys", "allowOpenProxy", "adminApiKey")),
    Map.entry("upstream", Set.of("url", "apiBase", "factoryApiKeys", "clientVersion", "headers", "instances",
      "connectTimeoutMs", "firstByteTimeoutMs", "idleTimeoutMs", "maxPoolSize", "maxEventBytes", "passThrough529",
      "heartbeatMs", "keyCooldownMs", "keyRecheckMs", "retry", "refreshToken", "authFile", "authFiles",
      "workosUrl", "refreshAheadMs", "quotaPollMs")),
    Map.entry("upstream.retry", Set.of("maxAttempts", "baseDelayMs", "maxDelayMs", "budgetMs")),
    Map.entry("translator", Set.of("instances")),
    Map.entry("translation", Set.of("droidPrompt", "defaultMaxOutputTokens", "nonStreamMaxTokensCap",
      "thinkingBudgets", "messages")),
    Map.entry("translation.messages", Set.of("allowedBetas", "promptRewrites", "dropBillingHeader")),
    Map.entry("translation.thinkingBudgets", Set.of("minimal", "low", "medium", "high")),
    Map.entry("models[]", Set.of("id", "ownedBy", "maxOutputTokens", "adaptiveThinking", "exclusiveSampling",
      "noSamplingParams", "nativeStructuredOutput", "strictTools", "route", "provider")),
    Map.entry("cluster", Set.of("enabled", "roles", "name", "members", "host", "hazelcastPort", "eventBusPort",
      "configFile")),
    Map.entry("logging", Set.of("level", "format")),
    Map.entry("limits", Set.of("maxConcurrentStreams", "maxConcurrentStreamsPerClient", "requestsPerMinute")),
    Map.entry("metrics", Set.of("enabled", "eventBus")),
    Map.entry("sandbox", Set.of("enabled")),
    Map.entry("responses", Set.of("conversationStore")),
    Map.entry("responses.conversationStore", Set.of("enabled", "maxEntries", "maxChars", "ttlSeconds")));
  private static final Set<String> FREE = Set.of("upstream.headers", "modelAliases",
    "translation.messages.promptRewrites");

  private ConfigKeys() {
  }

  static void check(JsonObject root) {
    check(root, "", "");
  }

  private static void check(JsonObject section, String schemaPath, String shownPath) {
    Set<String> known = KNOWN.get(schemaPath);
    for (Map.Entry<String, Object> entry : section) {
      String key = entry.getKey();
      String shown = shownPath.isEmpty() ? key : shownPath + "." + key;
      String schema = schemaPath.isEmpty() ? key : schemaPath + "." + key;
      if (!known.contains(key)) {
        String nearest = nearest(key, known);
        throw new ConfigException(shown + " is not a configuration key"
          + (nearest == null ? "" : "; did you mean " + (shownPath.isEmpty() ? "" : shownPath + ".") + nearest + "?"));
      }
      if (FREE.contains(schema)) {
        continue;
      }
      if (entry.getValue() instanceof JsonObject child && KNOWN.containsKey(schema)) {
        check(child, schema, shown);
      } else if (entry.getValue() instanceof JsonArray list && KNOWN.containsKey(schema + "[]")) {
        for (int i = 0; i < list.size(); i++) {
          if (list.getValue(i) instanceof JsonObject item) {
            check(item, schema + "[]", shown + "[" + i + "]");
          }
        }
      }
      // a wrong type (a string where a section belongs) is the typed readers' to report, naming the key
    }
  }

  /** The known key closest in edit distance (case ignored), if it is close enough to be a likely typo. */
  static String nearest(String key, Set<String> known) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : known) {
      int d = distance(key.toLowerCase(java.util.Locale.ROOT), candidate.toLowerCase(java.util.Locale.ROOT));
      if (d < bestDistance || d == bestDistance && candidate.compareTo(best) < 0) {
        best = candidate;
        bestDistance = d;
      }
    }
    return bestDistance <= Math.max(2, key.length() / 3) ? best : null;
  }

  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
