package dev.factoryproxy.upstream;

import dev.factoryproxy.bus.UpstreamJob;
import dev.factoryproxy.config.ModelInfo;
import dev.factoryproxy.config.ProxyConfig;
import dev.factoryproxy.dialect.Pipeline;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How to call Factory: the route's URL and the headers the real Factory CLI sends (factory-upstream.md): the
 * route's identity headers for the model ({@code RouteDialect.identityHeaders}), then those of every route, each
 * value overridable from configuration ({@code upstream.headers}).
 */
final class FactoryEndpoint {
  private final ProxyConfig.Upstream config;
  private final Map<String, String> common;
  private final Map<String, String> overrides;

  FactoryEndpoint(ProxyConfig.Upstream config) {
    this.config = config;
    Map<String, String> h = new java.util.LinkedHashMap<>();
    h.put("x-factory-client", "cli");
    h.put("x-client-version", config.clientVersion());
    h.put("user-agent", "factory-cli/" + config.clientVersion());
    h.put("content-type", "application/json");
    this.common = Map.copyOf(h);
    Map<String, String> o = new java.util.LinkedHashMap<>();
    config.headers().forEach((k, v) -> o.put(k.toLowerCase(java.util.Locale.ROOT), v));
    this.overrides = Map.copyOf(o);
  }

  /**
   * A version-4 UUID from {@link ThreadLocalRandom}: these ids need to be unique, not secret, and
   * {@code UUID.randomUUID()} (SecureRandom) cost more than all the other headers of a call together.
   */
  static String randomUuid() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = (random.nextLong() & ~0xF000L) | 0x4000L; // version 4
    long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L; // IETF variant
    return new UUID(high, low).toString();
  }

  /**
   * The request to Factory. No Vert.x idle timeout on it: the call times the wait for the head and the silence
   * between reads itself, in its verticle's timeout queues (one timer fewer per request).
   */
  RequestOptions request(UpstreamJob job, Pipeline pipeline, ModelInfo model, String apiKey) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    pipeline.identityHeaders(model).forEach(headers::set);
    common.forEach(headers::set);
    overrides.forEach(headers::set);
    boolean sse = job.context().stream() || assembles(job, pipeline);
    headers.set("accept", sse ? "text/event-stream" : "application/json");
    headers.set("authorization", "Bearer " + apiKey);
    headers.set("x-session-id", randomUuid());
    headers.set("x-assistant-message-id", randomUuid());
    job.upstreamHeaders().forEach((name, value) -> {
      String key = name.toLowerCase(java.util.Locale.ROOT);
      if (key.equals("anthropic-beta") && headers.contains(key)) {
        headers.set(key, headers.get(key) + "," + value);
      } else {
        headers.set(key, value);
      }
    });
    return new RequestOptions()
      .setMethod(HttpMethod.POST)
      .setAbsoluteURI(job.pathSuffix() == null ? config.urlFor(pipeline.route())
        : config.urlFor(pipeline.route()) + job.pathSuffix())
      .setHeaders(headers);
  }

  /**
   * A one-answer client on a route that always streams (T16 Messages, OT11 Responses, CT9 Chat, GR1 Gemini): Factory
   * is asked for a stream, read whole and assembled. Not for a path under the route (count_tokens answers JSON).
   */
  static boolean assembles(UpstreamJob job, Pipeline pipeline) {
    return !job.context().stream() && pipeline.alwaysStreams() && job.pathSuffix() == null;
  }
}
