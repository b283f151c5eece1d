package dev.factoryproxy.dialect;

import dev.factoryproxy.config.ModelInfo;
import dev.factoryproxy.config.Route;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dialects one node speaks, registered once by the composition root: Factory routes by {@link Route}, client
 * dialects by name (each with the HTTP path it answers on), pass-throughs by (client, route). Adding a dialect is
 * its package plus one registration line. Immutable once built, so every verticle instance may share it.
 */
public final class Dialects {
  /** A client dialect and the {@code POST} path it answers on (e.g. {@code /v1/chat/completions}). */
  public record ClientEndpoint(String path, ClientDialect dialect) {
  }

  private final Map<Route, RouteDialect> routes;
  private final Map<String, ClientDialect> clients;
  private final List<ClientEndpoint> endpoints;
  private final Map<String, PassThrough> passThroughs;
  private final Map<String, Pipeline> pipelines = new java.util.concurrent.ConcurrentHashMap<>();

  private Dialects(Builder builder) {
    this.routes = Map.copyOf(builder.routes);
    this.clients = Map.copyOf(builder.clients);
    this.endpoints = List.copyOf(builder.endpoints);
    this.passThroughs = Map.copyOf(builder.passThroughs);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The client endpoints in registration order, for the HTTP router. */
  public List<ClientEndpoint> endpoints() {
    return endpoints;
  }

  /** The client dialect of this name; fails when none is registered (a wiring bug, not a client error). */
  public ClientDialect client(String name) {
    ClientDialect dialect = clients.get(name);
    if (dialect == null) {
      throw new IllegalArgumentException("no client dialect \"" + name + "\" is registered");
    }
    return dialect;
  }

  public boolean serves(Route route) {
    return routes.containsKey(route);
  }

  /**
   * The route that serves a model. A configured model names its own; an id the table does not know is routed by
   * its prefix ({@link Route#forModelId}). A route whose package is not registered yet falls back to the Messages
   * route, which served every model before there were others.
   */
  public Route routeFor(ModelInfo model, boolean configured) {
    Route route = configured ? model.route() : Route.forModelId(model.id());
    // no prefix rule matches: the request is refused (404 model_not_found); the Messages pipeline only renders it
    return route != null && routes.containsKey(route) ? route : Route.MESSAGES;
  }

  /**
   * The model as the route that serves it sees it: an id the table does not know was assumed to be a Messages
   * model, so on another route it gets that route's provider ({@link ModelInfo#defaultProvider}).
   */
  public static ModelInfo onRoute(ModelInfo model, Route route) {
    if (model.route() == route) {
      return model;
    }
    return new ModelInfo(model.id(), model.ownedBy(), model.maxOutputTokens(), model.adaptiveThinking(),
      model.exclusiveSampling(), model.noSamplingParams(), model.nativeStructuredOutput(), model.strictTools(),
      route, Route.providerFor(model.id(), route));
  }

  /** What translates between this client dialect and this route: a pass-through if registered, else via the hub. */
  public Pipeline pipeline(String client, Route route) {
    return pipelines.computeIfAbsent(client + " " + route.label(), key -> {
      PassThrough passThrough = passThroughs.get(key);
      if (passThrough != null) {
        return new PassThroughPipeline(passThrough, client(client), routes.get(route));
      }
      RouteDialect dialect = routes.get(route);
      if (dialect == null) {
        throw new IllegalArgumentException("no route dialect for \"" + route.label() + "\" is registered");
      }
      return new HubPipeline(client(client), dialect);
    });
  }

  /** Collects the registrations; the order of client endpoints is kept. */
  public static final class Builder {
    private final Map<Route, RouteDialect> routes = new EnumMap<>(Route.class);
    private final Map<String, ClientDialect> clients = new LinkedHashMap<>();
    private final List<ClientEndpoint> endpoints = new ArrayList<>();
    private final Map<String, PassThrough> passThroughs = new LinkedHashMap<>();

    private Builder() {
    }

    public Builder route(RouteDialect dialect) {
      if (routes.putIfAbsent(dialect.route(), dialect) != null) {
        throw new IllegalStateException("route " + dialect.route().label() + " is registered twice");
      }
      return this;
    }

    public Builder client(String path, ClientDialect dialect) {
      if (clients.putIfAbsent(dialect.name(), dialect) != null) {
        throw new IllegalStateException("client dialect " + dialect.name() + " is registered twice");
      }
      endpoints.add(new ClientEndpoint(path, dialect));
      return this;
    }

    public Builder passThrough(PassThrough passThrough) {
      String key = passThrough.client() + " " + passThrough.route().label();
      if (passThroughs.putIfAbsent(key, passThrough) != null) {
        throw new IllegalStateException("pass-through " + key + " is registered twice");
      }
      return this;
    }

    public Dialects build() {
      passThroughs.values().forEach(p -> {
        if (!clients.containsKey(p.client())) {
          throw new IllegalStateException("pass-through for unregistered client dialect " + p.client());
        }
        if (!routes.containsKey(p.route())) { // its identity headers and opening errors are the route's
          throw new IllegalStateException("pass-through for unregistered route " + p.route().label());
        }
      });
      return new Dialects(this);
    }
  }
}
