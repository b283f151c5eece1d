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
 * WorkOS's device authorization flow (RFC 8628) with the Droid CLI's client id (DL1, DL2):
 * {@code POST /user_management/authorize/device} for a code, then {@code POST /user_management/authenticate} with
 * the device-code grant until the user confirmed it. Never puts the device code or a token in a message.
 */
final class WorkOsDeviceClient {
  static final String AUTHORIZE_PATH = "/user_management/authorize/device";
  static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:device_code";
  /** RFC 8628 §3.2: the interval to use when WorkOS names none. */
  static final long DEFAULT_INTERVAL_S = 5;
  private static final long DEFAULT_EXPIRES_IN_S = 300;
  private static final int TIMEOUT_MS = 10_000;

  /** What the user is shown (the URL and the user code) and what the poller keeps to itself (the device code). */
  record DeviceCode(String deviceCode, String userCode, String verificationUri, String verificationUriComplete,
                    long expiresInS, long intervalS) {
    @Override
    public String toString() {
      return "DeviceCode[userCode=" + userCode + ", verificationUri=" + verificationUri + "]";
    }
  }

  /** One poll's answer: the user has not confirmed yet, WorkOS wants fewer polls, or the flow ended. */
  enum Status { PENDING, SLOW_DOWN, DENIED, EXPIRED, GRANTED }

  /** @param tokens and {@code email} (null when WorkOS named none) only when {@link Status#GRANTED} */
  record PollAnswer(Status status, WorkOsClient.Tokens tokens, String email) {
  }

  /** WorkOS refused the request for good (a 4xx other than the polling answers): trying again cannot help. */
  static final class Refused extends RuntimeException {
    Refused(String message) {
      super(message, null, false, false);
    }
  }

  /** WorkOS answered something unexpected (a 5xx, a 200 without the fields); the message is the proxy's own. */
  static final class Unexpected extends RuntimeException {
    Unexpected(String message) {
      super(message, null, false, false);
    }
  }

  private final HttpClient client;
  private final String baseUrl;

  WorkOsDeviceClient(Vertx vertx, String baseUrl) {
    this.client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(TIMEOUT_MS));
    this.baseUrl = baseUrl;
  }

  String baseUrl() {
    return baseUrl;
  }

  /** A new device code; fails with {@link Refused}, or any other error when WorkOS could not be reached. */
  Future<DeviceCode> authorize() {
    return post(AUTHORIZE_PATH, "client_id=" + WorkOsClient.CLIENT_ID).map(answer -> {
      if (answer.status() != 200) {
        throw failure("the device authorization", answer);
      }
      JsonObject json = answer.json();
      String deviceCode = text(json, "device_code");
      String userCode = text(json, "user_code");
      String uri = text(json, "verification_uri");
      if (deviceCode == null || userCode == null || uri == null) {
        throw new Unexpected("WorkOS answered 200 without device_code, user_code and verification_uri");
      }
      return new DeviceCode(deviceCode, userCode, uri, text(json, "verification_uri_complete"),
        seconds(json, "expires_in", DEFAULT_EXPIRES_IN_S), seconds(json, "interval", DEFAULT_INTERVAL_S));
    });
  }

  /** One poll; fails with {@link Refused} (e.g. {@code invalid_grant}), or any other error when the answer was lost. */
  Future<PollAnswer> poll(String deviceCode) {
    String form = "grant_type=" + URLEncoder.encode(GRANT_TYPE, StandardCharsets.UTF_8)
      + "&device_code=" + URLEncoder.encode(deviceCode, StandardCharsets.UTF_8)
      + "&client_id=" + WorkOsClient.CLIENT_ID;
    return post(WorkOsClient.PATH, form).map(answer -> {
      if (answer.status() == 200) {
        JsonObject json = answer.json();
        String access = text(json, "access_token");
        String refresh = text(json, "refresh_token");
        if (access == null || refresh == null) {
          throw new Unexpected("WorkOS answered 200 without access_token and refresh_token");
        }
        Object user = json.getValue("user");
        String email = user instanceof JsonObject u ? text(u, "email") : null;
        return new PollAnswer(Status.GRANTED, new WorkOsClient.Tokens(access, refresh), email);
      }
      String error = answer.status() == 400 || answer.status() == 401 ? errorCode(answer.json()) : "";
      return switch (error) {
        case "authorization_pending" -> new PollAnswer(Status.PENDING, null, null);
        case "slow_down" -> new PollAnswer(Status.SLOW_DOWN, null, null);
        case "access_denied" -> new PollAnswer(Status.DENIED, null, null);
        case "expired_token" -> new PollAnswer(Status.EXPIRED, null, null);
        default -> throw failure("the login", answer);
      };
    });
  }

  private record Answer(int status, JsonObject json) {
  }

  private Future<Answer> post(String path, String form) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(baseUrl + path)
      .setIdleTimeout(TIMEOUT_MS)
      .setHeaders(MultiMap.caseInsensitiveMultiMap()
        .add("content-type", "application/x-www-form-urlencoded").add("accept", "application/json"));
    return client.request(options)
      // the response's callbacks inside the request's: `login` runs this from its main thread, where a chained
      // callback can be attached after the body went by
      .compose(request -> request.send(Buffer.buffer(form))
        .compose(response -> response.body().map(body -> new Answer(response.statusCode(), json(body)))));
  }

  /** A 4xx is WorkOS's final word ({@link Refused}); anything else may pass (a 5xx, a proxy in between). */
  private static RuntimeException failure(String what, Answer answer) {
    if (answer.status() >= 400 && answer.status() < 500) {
      String code = errorCode(answer.json());
      return new Refused("WorkOS refused " + what + " (" + answer.status() + (code.isEmpty() ? "" : " " + code) + ")");
    }
    return new Unexpected("WorkOS answered " + answer.status());
  }

  /** The OAuth {@code error} code when it looks like one; never free text, which could echo what was sent. */
  private static String errorCode(JsonObject json) {
    Object error = json.getValue("error");
    return error instanceof String code && code.matches("[a-z_]{1,40}") ? code : "";
  }

  private static JsonObject json(Buffer body) {
    try {
      return body.length() == 0 ? new JsonObject() : body.toJsonObject();
    } catch (RuntimeException e) {
      return new JsonObject();
    }
  }

  private static String text(JsonObject json, String key) {
    return json.getValue(key) instanceof String value && !value.isBlank() ? value : null;
  }

  private static long seconds(JsonObject json, String key, long fallback) {
    return json.getValue(key) instanceof Number number && number.longValue() > 0 ? number.longValue() : fallback;
  }
}
