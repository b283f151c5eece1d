package dev.factoryproxy.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Map;

/**
 * {@code GET /status}: the operator's page (docs/status-page.md). Everything it loads is served from here, out of
 * the jar's {@code status/} resources (read once, off the event loop), under a Content-Security-Policy that lets
 * the browser fetch nothing from anywhere else (SP4). The page polls {@code /status/data}; both need the admin key
 * (SP2): as a Bearer token, or the session cookie the login form sets (SP3). No key configured: 404 (SP1).
 */
final class StatusPage {
  static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
  private static final Map<String, String> ASSETS = Map.of(
    "status.css", "text/css; charset=utf-8",
    "status.js", "text/javascript; charset=utf-8",
    "favicon.svg", "image/svg+xml");

  private final AdminAuth auth;
  private final StatusData data;
  /** The page's files; set by {@link #load} before the server listens, so no request sees it unset. */
  private volatile Map<String, Buffer> files;

  StatusPage(AdminAuth auth, StatusData data) {
    this.auth = auth;
    this.data = data;
  }

  /** Reads the page's files from the classpath on a worker thread. */
  Future<Void> load(Vertx vertx) {
    return vertx.executeBlocking(() -> Map.of(
      "page.html", resource("page.html"), "login.html", resource("login.html"),
      "status.css", resource("status.css"), "status.js", resource("status.js"),
      "favicon.svg", resource("favicon.svg")))
      .onSuccess(loaded -> files = loaded).mapEmpty();
  }

  private static Buffer resource(String name) {
    try (InputStream in = StatusPage.class.getResourceAsStream("/status/" + name)) {
      if (in == null) {
        throw new IllegalStateException("status page resource missing: /status/" + name);
      }
      return Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void mount(Router router) {
    router.get(AdminAuth.PATH).handler(this::page);
    router.get(AdminAuth.PATH + "/data").handler(this::data);
    router.post(AdminAuth.PATH + "/login").handler(BodyHandler.create(false).setBodyLimit(4096))
      .handler(this::login);
    router.post(AdminAuth.PATH + "/logout").handler(this::logout);
    router.get(AdminAuth.PATH + "/assets/:name").handler(this::asset);
  }

  private void page(RoutingContext ctx) {
    if (off(ctx)) {
      return;
    }
    if (auth.allows(ctx)) {
      html(ctx, 200, files.get("page.html"));
    } else {
      loginForm(ctx, "Enter the admin key (ADMIN_API_KEY) to open the status page.", "ask");
    }
  }

  private void data(RoutingContext ctx) {
    if (off(ctx)) {
      return;
    }
    if (!auth.allows(ctx)) {
      Responses.error(ctx, 401, "Incorrect or missing admin key for the status page (Authorization: Bearer "
        + "<ADMIN_API_KEY>, or log in at /status)", "authentication_error", "invalid_api_key");
      return;
    }
    data.snapshot().onSuccess(body -> headers(ctx.response(), "application/json").end(body.toBuffer()))
      .onFailure(ctx::fail);
  }

  /** SP3: the key comes in a form body (never the URL, which logs and browser history keep). */
  private void login(RoutingContext ctx) {
    if (off(ctx) || foreignOrigin(ctx)) {
      return;
    }
    if (!auth.isKey(ctx.request().getFormAttribute("key"))) {
      loginForm(ctx, "That is not the admin key.", "refused");
      return;
    }
    ctx.response().addCookie(auth.sessionCookie(secure(ctx)));
    headers(ctx.response(), "text/plain; charset=utf-8").setStatusCode(303).putHeader("location", AdminAuth.PATH)
      .end();
  }

  private void logout(RoutingContext ctx) {
    if (off(ctx) || foreignOrigin(ctx)) {
      return;
    }
    ctx.response().addCookie(AdminAuth.clearedCookie(secure(ctx)));
    headers(ctx.response(), "text/plain; charset=utf-8").setStatusCode(303).putHeader("location", AdminAuth.PATH)
      .end();
  }

  /** The stylesheet and script: the same for everyone and secret-free, so the login form may use them too. */
  private void asset(RoutingContext ctx) {
    String name = ctx.pathParam("name");
    String type = ASSETS.get(name);
    if (off(ctx)) {
      return;
    }
    if (type == null) {
      Responses.error(ctx, 404, "Unknown path GET " + ctx.request().path(), "invalid_request_error", "not_found");
      return;
    }
    headers(ctx.response(), type).end(files.get(name));
  }

  /** SP1: without an admin key the page does not exist on this node, and says how to turn it on. */
  private boolean off(RoutingContext ctx) {
    if (auth.enabled()) {
      return false;
    }
    Responses.error(ctx, 404, "The status page is off: set ADMIN_API_KEY (auth.adminApiKey) to turn it on",
      "invalid_request_error", "not_found");
    return true;
  }

  /** A form posted from another site is refused (login CSRF); browsers send Origin on every POST. */
  private static boolean foreignOrigin(RoutingContext ctx) {
    String origin = ctx.request().getHeader("origin");
    String host = ctx.request().getHeader("host");
    if (origin == null) {
      return false; // not a browser (curl): nothing to forge
    }
    String originHost;
    try {
      URI uri = URI.create(origin);
      originHost = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
    } catch (IllegalArgumentException e) {
      originHost = null;
    }
    if (originHost != null && originHost.equalsIgnoreCase(host)) {
      return false;
    }
    Responses.error(ctx, 403, "Cross-site form posts to the status page are refused", "permission_error", null);
    return true;
  }

  private static boolean secure(RoutingContext ctx) {
    return ctx.request().isSSL() || "https".equalsIgnoreCase(ctx.request().getHeader("x-forwarded-proto"));
  }

  private void loginForm(RoutingContext ctx, String message, String tone) {
    String page = files.get("login.html").toString().replace("{{message}}", message) // fixed texts only
      .replace("{{tone}}", tone);
    html(ctx, 401, Buffer.buffer(page));
  }

  private static void html(RoutingContext ctx, int status, Buffer body) {
    headers(ctx.response(), "text/html; charset=utf-8").setStatusCode(status).end(body);
  }

  private static HttpServerResponse headers(HttpServerResponse response, String type) {
    return response.putHeader("content-type", type)
      .putHeader("cache-control", "no-store")
      .putHeader("content-security-policy", CSP)
      .putHeader("x-content-type-options", "nosniff")
      .putHeader("x-frame-options", "DENY")
      // same-origin, not no-referrer: with no-referrer Chrome sends "Origin: null" on the login form's post
      .putHeader("referrer-policy", "same-origin");
  }
}
