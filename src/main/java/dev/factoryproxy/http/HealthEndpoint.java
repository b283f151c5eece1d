package dev.factoryproxy.http;

import dev.factoryproxy.bus.Bus;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.CheckResult;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.RoutingContext;

import java.time.Instant;
import java.util.function.BooleanSupplier;

/**
 * {@code GET /health}: the original proxy's fields ({@code status}, {@code timestamp}, {@code uptime}) plus one entry
 * per check. The checks ping the translator and upstream consumers over the bus; the upstream reports what its
 * last real call saw. No check ever calls Factory (that would cost money).
 */
final class HealthEndpoint implements Handler<RoutingContext> {
  private static final long CHECK_TIMEOUT_MS = 2_000;

  private final HealthChecks checks;
  private final long startedAt = System.currentTimeMillis();
  /** What this node is set up with ({@code sandbox}, {@code credentials} as counts), shown on every answer. */
  private final JsonObject facts;

  HealthEndpoint(Vertx vertx, BooleanSupplier draining) {
    this(vertx, draining, new JsonObject());
  }

  HealthEndpoint(Vertx vertx, BooleanSupplier draining, JsonObject facts) {
    this.facts = facts.copy();
    this.checks = HealthChecks.create(vertx)
      .register("accepting", CHECK_TIMEOUT_MS, p -> p.complete(draining.getAsBoolean()
        ? Status.KO(new JsonObject().put("reason", "draining")) : Status.OK()))
      .register("translator", CHECK_TIMEOUT_MS, ping(vertx, Bus.TRANSLATE))
      .register("upstream", CHECK_TIMEOUT_MS, ping(vertx, Bus.UPSTREAM_START));
  }

  private static Handler<Promise<Status>> ping(Vertx vertx, String address) {
    DeliveryOptions options = Bus.ping(CHECK_TIMEOUT_MS - 200);
    return promise -> vertx.eventBus().<JsonObject>request(address, new JsonObject(), options)
      .onSuccess(reply -> promise.complete(Status.OK(reply.body().copy().put("reachable", true))))
      .onFailure(err -> promise.complete(Status.KO(new JsonObject().put("reachable", false)
        .put("reason", err.getMessage()))));
  }

  @Override
  public void handle(RoutingContext ctx) {
    report().onComplete(result -> {
      JsonObject body = result.result();
      Responses.json(ctx, "healthy".equals(body.getString("status")) ? 200 : 503, body);
    });
  }

  /** The body {@code /health} answers with; the status page (SP5) reads the same. Never fails. */
  Future<JsonObject> report() {
    return checks.checkStatus().transform(result -> {
      boolean up = result.succeeded() && CheckResult.isUp(result.result());
      JsonObject details = new JsonObject();
      if (result.succeeded() && result.result().getChecks() != null) {
        result.result().getChecks().forEach(check -> details.put(check.getId(), check.toJson()));
      }
      JsonObject body = new JsonObject()
        .put("status", up ? "healthy" : "unhealthy")
        .put("timestamp", Instant.now().toString())
        .put("uptime", (System.currentTimeMillis() - startedAt) / 1000)
        .put("checks", details);
      body.mergeIn(facts);
      JsonObject upstream = details.getJsonObject("upstream");
      JsonObject seen = upstream == null ? null : upstream.getJsonObject("data");
      if (seen != null) { // lifted to the top, where a user looks first: what the upstream's real calls saw
        body.put("routes", seen.getJsonObject("routes")).put("firstFailure", seen.getJsonObject("firstFailure"));
      }
      return Future.succeededFuture(body);
    });
  }
}
