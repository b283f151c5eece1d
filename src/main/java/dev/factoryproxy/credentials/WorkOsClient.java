package dev.factoryproxy.credentials;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * WorkOS's token endpoint, as the Droid CLI calls it (CL2): {@code POST /user_management/authenticate} with the
 * form {@code grant_type=refresh_token}, {@code refresh_token}, {@code client_id}. Never puts a token in a message.
 */
final class WorkOsClient {
  /** The Droid CLI's WorkOS client id (factory-upstream.md, "Credentials, in more detail"). */
  static final String CLIENT_ID = "client_01HNM792M5G5G1A2THWPXKFMXB";
  static final String PATH = "/user_management/authenticate";
  private static final int TIMEOUT_MS = 10_000;

  /** The new pair; WorkOS rotates the refresh token on every refresh. */
  record Tokens(String accessToken, String refreshToken) {
    @Override
    public String toString() {
      return "Tokens[…]";
    }
  }

  /** WorkOS refused the refresh token for good (400/401, e.g. {@code invalid_grant}): retrying it cannot help. */
  static final class Refused extends RuntimeException {
    Refused(String message) {
      super(message, null, false, false);
    }
  }

  private final HttpClient client;
  private final String url;

  WorkOsClient(Vertx vertx, String baseUrl) {
    this.client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(TIMEOUT_MS));
    this.url = baseUrl + PATH;
  }

  /** The refreshed tokens; fails with {@link Refused}, or any other error when the answer was lost. */
  Future<Tokens> refresh(String refreshToken) {
    String form = "grant_type=refresh_token&refresh_token=" + URLEncoder.encode(refreshToken, StandardCharsets.UTF_8)
      + "&client_id=" + CLIENT_ID;
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url)
      .setIdleTimeout(TIMEOUT_MS)
      .setHeaders(MultiMap.caseInsensitiveMultiMap()
        .add("content-type", "application/x-www-form-urlencoded").add("accept", "application/json"));
    return client.request(options)
      // the response's callbacks inside the request's: chained outside, a caller off the event loop (the login
      // command's main thread) may attach them after the body went by
      .compose(request -> request.send(Buffer.buffer(form))
        .compose(response -> response.body().map(body -> tokens(response.statusCode(), body))));
  }

  private static Tokens tokens(int status, Buffer body) {
    JsonObject json;
    try {
      json = body.length() == 0 ? new JsonObject() : body.toJsonObject();
    } catch (RuntimeException e) {
      json = new JsonObject();
    }
    if (status == 400 || status == 401) {
      Object error = json.getValue("error");
      throw new Refused("WorkOS refused the refresh token (" + status
        + (error instanceof String code && code.matches("[a-z_]{1,40}") ? " " + code : "") + ")");
    }
    if (status != 200) {
      throw new IllegalStateException("WorkOS answered " + status);
    }
    Object access = json.getValue("access_token");
    Object refresh = json.getValue("refresh_token");
    if (!(access instanceof String a) || a.isBlank() || !(refresh instanceof String r) || r.isBlank()) {
      throw new IllegalStateException("WorkOS answered 200 without access_token and refresh_token");
    }
    return new Tokens(a, r);
  }
}
