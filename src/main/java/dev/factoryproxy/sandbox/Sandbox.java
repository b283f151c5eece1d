package dev.factoryproxy.sandbox;

import dev.factoryproxy.config.ConfigException;
import dev.factoryproxy.config.ProxyConfig;
import dev.factoryproxy.config.Route;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Map;

/**
 * A fake Factory inside the proxy's own process (issue 17, docs/sandbox.md), for a first run without a Factory
 * account and for CI of apps wired to the proxy: it serves Factory's four routes on 127.0.0.1 (a random port) in
 * their wire formats, streamed and not, with the reply shapes of the strict test fakes, and takes directives from
 * the last user message ({@link Directives}). Never on by default ({@code --sandbox} or {@code FACTORY_SANDBOX=true});
 * refuses to start next to real Factory credentials, so no one mistakes its answers for Factory's.
 */
public final class Sandbox {
  /** The obviously fake key the proxy calls the sandbox with. */
  public static final String KEY = "fk-sandbox-0000";
  /** On every answer of a sandboxed proxy, the proxy's own included. */
  public static final String HEADER = "x-proxy-sandbox";
  public static final String FLAG = "--sandbox";
  public static final String ENV = "FACTORY_SANDBOX";
  private static final String HOST = "127.0.0.1";

  private final HttpServer server;

  private Sandbox(HttpServer server) {
    this.server = server;
  }

  /** Whether a configuration asks for the sandbox ({@code sandbox.enabled}, set by {@code FACTORY_SANDBOX}). */
  public static boolean enabled(JsonObject config) {
    JsonObject section = config.getJsonObject("sandbox");
    Object value = section == null ? null : section.getValue("enabled");
    return Boolean.TRUE.equals(value) || value instanceof String text && text.trim().equalsIgnoreCase("true");
  }

  /**
   * Refuses (with a message saying what to unset) a sandbox next to real Factory credentials, or on a node that
   * cannot hold the whole proxy: the sandbox lives in one process and must never stand in for a real Factory key.
   *
   * @param env the process environment, for credentials the configuration does not read ({@code FACTORY_API_KEYS})
   */
  public static void checkStartable(JsonObject config, Map<String, String> env) {
    ProxyConfig parsed = ProxyConfig.fromJson(config);
    if (!parsed.upstream().droidLogins().isEmpty()) { // issue 15: a Droid login is a real credential too
      throw new ConfigException("the sandbox (--sandbox / FACTORY_SANDBOX) will not start while a Droid login is "
        + "configured (upstream.authFile(s) / FACTORY_AUTH_FILE, upstream.refreshToken / FACTORY_REFRESH_TOKEN): unset "
        + "it to try the sandbox, or drop --sandbox / FACTORY_SANDBOX to call Factory");
    }
    int keys = parsed.upstream().factoryApiKeys().size();
    String listed = env.get("FACTORY_API_KEYS");
    if (keys > 0 || listed != null && !listed.isBlank()) {
      throw new ConfigException("the sandbox (--sandbox / FACTORY_SANDBOX) will not start while real Factory "
        + "credentials are configured (" + (keys > 0 ? keys + " key(s) in upstream.factoryApiKeys / FACTORY_API_KEY"
        + " / FACTORY_API_KEY_FILE" : "FACTORY_API_KEYS is set") + "): unset them to try the sandbox, or drop "
        + "--sandbox / FACTORY_SANDBOX to call Factory");
    }
    if (parsed.cluster().enabled() || parsed.roles().size() < ProxyConfig.Role.values().length) {
      throw new ConfigException("the sandbox runs inside one process: unset PROXY_CLUSTER / cluster.enabled and "
        + "PROXY_ROLES / cluster.roles to use it");
    }
  }

  /** Starts the fake Factory on a free port of 127.0.0.1. */
  public static Future<Sandbox> start(Vertx vertx) {
    Sandbox[] holder = new Sandbox[1];
    return vertx.createHttpServer().requestHandler(request -> holder[0].handle(request)).listen(0, HOST)
      .map(server -> holder[0] = new Sandbox(server));
  }

  /** The base URL the proxy's {@code upstream.apiBase} names, e.g. {@code http://127.0.0.1:41234}. */
  public String apiBase() {
    return "http://" + HOST + ":" + server.actualPort();
  }

  /**
   * The configuration pointed at this sandbox: its URLs and fake key; one attempt per call (a requested error
   * comes back at once, not after retries); a refused key back in use at once; and, unless client keys are
   * configured, an open proxy (nothing can be spent).
   */
  public JsonObject configure(JsonObject config) {
    JsonObject json = config.copy();
    JsonObject upstream = section(json, "upstream");
    upstream.put("url", apiBase() + Route.MESSAGES.path()).put("apiBase", apiBase())
      .put("factoryApiKeys", new JsonArray().add(KEY)).put("keyRecheckMs", 1).put("keyCooldownMs", 1)
      .put("quotaPollMs", 0); // the sandbox has no limits endpoint (QU1)
    section(upstream, "retry").put("maxAttempts", 1);
    JsonObject auth = section(json, "auth");
    Object clientKeys = auth.getValue("proxyApiKeys");
    boolean noClientKeys = clientKeys == null || clientKeys instanceof JsonArray list && list.isEmpty()
      || clientKeys instanceof String text && text.isBlank();
    if (noClientKeys) {
      auth.put("allowOpenProxy", true);
    }
    return json;
  }

  public Future<Void> close() {
    return server.close();
  }

  private static JsonObject section(JsonObject parent, String name) {
    JsonObject section = parent.getJsonObject(name);
    if (section == null) {
      section = new JsonObject();
      parent.put(name, section);
    }
    return section;
  }

  private void handle(HttpServerRequest request) {
    request.body().onSuccess(raw -> answer(request, raw)).onFailure(err -> request.connection().close());
  }

  private void answer(HttpServerRequest request, Buffer raw) {
    String path = request.path();
    SandboxAnswer answer;
    JsonObject body = parse(raw);
    String authorization = request.getHeader("authorization");
    if (request.method() != HttpMethod.POST) {
      answer = MessagesAnswers.error(405, "the sandbox answers POST only");
    } else if (authorization == null || !authorization.startsWith("Bearer ")) {
      answer = errorFor(path, 401, "the sandbox wants a Bearer key (any value)");
    } else if (body == null) {
      answer = errorFor(path, 400, "the body is not a JSON object");
    } else if (path.equals(Route.MESSAGES.path() + "/count_tokens")) {
      answer = MessagesAnswers.countTokens(body);
    } else if (path.equals(Route.MESSAGES.path())) {
      answer = MessagesAnswers.answer(body, Directives.of(body));
    } else if (path.equals(Route.RESPONSES.path())) {
      answer = ResponsesAnswers.answer(body, Directives.of(body));
    } else if (path.equals(Route.CHAT.path())) {
      answer = ChatAnswers.answer(body, Directives.of(body));
    } else if (path.equals(Route.GEMINI.path())) {
      answer = GeminiAnswers.answer(body, Directives.of(body));
    } else {
      answer = MessagesAnswers.error(404, "the sandbox has no route " + path);
    }
    write(request, answer);
  }

  private static SandboxAnswer errorFor(String path, int status, String message) {
    if (path.startsWith(Route.GEMINI.path())) {
      return GeminiAnswers.error(status, message);
    }
    return path.startsWith("/api/llm/o/") ? ResponsesAnswers.error(status, message)
      : MessagesAnswers.error(status, message);
  }

  private static void write(HttpServerRequest request, SandboxAnswer answer) {
    request.response().setStatusCode(answer.status()).putHeader(HEADER, "true");
    if (answer.events() != null) {
      request.response().putHeader("content-type", "text/event-stream; charset=utf-8").end(answer.sse());
    } else {
      request.response().putHeader("content-type", "application/json").end(answer.json().encode());
    }
  }

  private static JsonObject parse(Buffer raw) {
    try {
      return raw.length() > 0 && io.vertx.core.json.Json.decodeValue(raw) instanceof JsonObject object ? object : null;
    } catch (DecodeException notJson) {
      return null;
    }
  }
}
