package dev.factoryproxy.http;

import dev.factoryproxy.config.ModelInfo;
import dev.factoryproxy.config.ProxyConfig;
import dev.factoryproxy.ops.RequestHistory;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * {@code GET /status/data} (SP5-SP8): what the status page shows, from the sources {@code /health} and
 * {@code /metrics} read: the health report (credentials, routes), this node's request ring, the stream slots
 * behind the {@code proxy_active_streams} gauge, the Micrometer request counters, the model table and the
 * cluster's member list. Credentials are copied field by field from a fixed list, so nothing but ids, prefixes
 * and states can reach the page, whatever the health entry holds.
 */
final class StatusData {
  /** The credential fields the page may show; {@code key} is already a prefix in /health (never a key). */
  private static final Set<String> CREDENTIAL_FIELDS = Set.of("id", "key", "kind", "state", "login", "reason",
    "expiresAt", "usableInMs", "status", "recheckInMs", "quota");

  private final HealthEndpoint health;
  private final ProxyConfig config;
  private final RequestHistory history;
  private final IntSupplier openStreams;
  private final MeterRegistry registry;
  private final Supplier<JsonArray> clusterNodes;

  StatusData(HealthEndpoint health, ProxyConfig config, RequestHistory history, IntSupplier openStreams,
             MeterRegistry registry, Supplier<JsonArray> clusterNodes) {
    this.health = health;
    this.config = config;
    this.history = history;
    this.openStreams = openStreams;
    this.registry = registry;
    this.clusterNodes = clusterNodes;
  }

  Future<JsonObject> snapshot() {
    return health.report().map(report -> new JsonObject()
      .put("generatedAt", Instant.now().toString())
      .put("status", report.getString("status"))
      .put("uptime", report.getValue("uptime"))
      .put("sandbox", report.getBoolean("sandbox", false))
      .put("credentials", credentials(report))
      .put("models", models())
      .put("routes", report.getJsonObject("routes", new JsonObject()))
      .put("firstFailure", report.getJsonObject("firstFailure"))
      .put("requests", history.snapshot())
      .put("chatCompletions", chatCompletions())
      .put("openStreams", openStreams.getAsInt())
      .put("nodes", clusterNodes.get()));
  }

  /** The upstream check's key pool, each entry named by id or prefix; {@code kind} filled in for plain keys. */
  static JsonObject credentials(JsonObject report) {
    JsonObject upstream = report.getJsonObject("checks", new JsonObject()).getJsonObject("upstream");
    JsonObject data = upstream == null ? null : upstream.getJsonObject("data");
    JsonObject pool = data == null ? null : data.getJsonObject("keys");
    if (pool == null) {
      return new JsonObject().put("mode", "unknown")
        .put("reason", upstream == null ? "no upstream check" : "upstream not reachable");
    }
    JsonArray keys = new JsonArray();
    for (Object item : pool.getJsonArray("keys", new JsonArray())) {
      if (item instanceof JsonObject entry) {
        JsonObject shown = new JsonObject();
        entry.forEach(field -> {
          if (CREDENTIAL_FIELDS.contains(field.getKey())) {
            shown.put(field.getKey(), field.getValue());
          }
        });
        if (!shown.containsKey("id")) {
          shown.put("id", entry.getString("key", "?"));
        }
        shown.remove("key");
        if (!shown.containsKey("kind")) {
          shown.put("kind", "api_key");
        }
        keys.add(shown);
      }
    }
    JsonObject shown = new JsonObject().put("mode", pool.getString("mode", "unknown")).put("keys", keys);
    for (String count : List.of("usable", "cooling_down", "set_aside")) {
      if (pool.containsKey(count)) {
        shown.put(count, pool.getValue(count));
      }
    }
    return shown;
  }

  private JsonArray models() {
    JsonArray models = new JsonArray();
    for (ModelInfo model : config.translation().models().all()) {
      models.add(new JsonObject().put("id", model.id()).put("route", model.route().label())
        .put("provider", model.provider()));
    }
    return models;
  }

  /** {@code proxy_requests_total} as /metrics counts it (chat completions since start); null with metrics off. */
  private JsonObject chatCompletions() {
    if (registry == null) {
      return null;
    }
    double all = 0;
    double errors = 0;
    for (Counter counter : registry.find("proxy.requests").counters()) {
      all += counter.count();
      String status = counter.getId().getTag("status");
      if (status != null && Integer.parseInt(status) >= 400) {
        errors += counter.count();
      }
    }
    return new JsonObject().put("requests", (long) all).put("errors", (long) errors);
  }

  /** SP8: this node alone, when it is not clustered: its address and roles as configured. */
  static JsonArray singleNode(ProxyConfig config) {
    JsonArray roles = new JsonArray();
    config.roles().stream().sorted().forEach(role -> roles.add(role.name().toLowerCase(java.util.Locale.ROOT)));
    return new JsonArray().add(new JsonObject().put("address", config.http().host() + ":" + config.http().port())
      .put("roles", roles).put("self", true));
  }
}
