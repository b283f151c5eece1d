package dev.factoryproxy.testing;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict fake of WorkOS's token endpoint on 127.0.0.1 (issue 15): {@code POST /user_management/authenticate},
 * a form with exactly {@code grant_type=refresh_token}, {@code refresh_token} and the Droid CLI's
 * {@code client_id}. Each refresh rotates the refresh token; the old one keeps working for a grace period (30 s,
 * as WorkOS), then answers 400 {@code invalid_grant}. It can drop the next answer (rotate, then cut the
 * connection: the lost answer) or refuse every refresh.
 *
 * <p>It also serves the device flow (DL1, DL2; RFC 8628 as WorkOS's CLI Auth): {@code POST
 * /user_management/authorize/device} with exactly {@code client_id} gives a device code, and the authenticate
 * endpoint with exactly {@code grant_type=urn:ietf:params:oauth:grant-type:device_code}, {@code device_code} and
 * {@code client_id} answers each poll from a script ({@link #devicePolls}; {@code authorization_pending} once it
 * runs out). A wrong client id is 400 {@code invalid_client}, an unknown grant type 400
 * {@code unsupported_grant_type}, an unknown or already used device code 400 {@code invalid_grant}. The fake
 * holds one account: a confirmed device login makes its new refresh token the current one.
 */
public final class FakeWorkOs {
  public static final String PATH = "/user_management/authenticate";
  public static final String CLIENT_ID = "client_01HNM792M5G5G1A2THWPXKFMXB";
  public static final String DEVICE_PATH = "/user_management/authorize/device";
  public static final String DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";
  /** A poll outcome for {@link #devicePolls}: the user confirmed; any other outcome is answered as an error code. */
  public static final String APPROVE = "approve";
  /** A poll outcome for {@link #devicePolls}: the connection is cut before any answer (the code stays good). */
  public static final String DROP = "drop";
  public static final String USER_CODE = "TEST-0001";
  public static final String VERIFICATION_URI = "https://auth.factory.ai/device";
  public static final String EMAIL = "test@example.invalid";
  private static final long GRACE_MS = 30_000;

  /** One refresh request as the fake saw it: the refresh token sent and the status answered (0: dropped). */
  public record Call(String refreshToken, int status) {
  }

  private final Vertx vertx;
  private HttpServer server;
  private String current;
  /** Rotated-out refresh tokens and when they stop working. */
  private final Map<String, Long> graceUntil = new HashMap<>();
  private final List<Call> calls = new ArrayList<>();
  private final List<String> issuedAccessTokens = new ArrayList<>();
  private final List<String> violations = new ArrayList<>();
  private int dropNext;
  private boolean refuse;
  private long accessTtlMs = 3_600_000;
  private int counter;
  private String nextAccess;
  private String alwaysAccess;
  private final java.util.ArrayDeque<String> deviceScript = new java.util.ArrayDeque<>();
  /** Device codes issued, and whether each is still open (false once granted, denied or expired). */
  private final Map<String, Boolean> deviceCodes = new HashMap<>();
  private final List<String> devicePollAnswers = new ArrayList<>();
  private long deviceExpiresIn = 300;
  private long deviceInterval = 5;
  private int deviceAuthorizations;

  private FakeWorkOs(Vertx vertx, String refreshToken) {
    this.vertx = vertx;
    this.current = refreshToken;
  }

  /** Listens on a free port of 127.0.0.1, accepting {@code refreshToken} as the current one. */
  public static Future<FakeWorkOs> start(Vertx vertx, String refreshToken) {
    FakeWorkOs fake = new FakeWorkOs(vertx, refreshToken);
    return vertx.createHttpServer().requestHandler(fake::handle).listen(0, "127.0.0.1").map(server -> {
      fake.server = server;
      return fake;
    });
  }

  public String url() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  /** A JWT (unsigned, as the proxy never verifies) whose {@code exp} is {@code expMs} (epoch ms). */
  public static String jwt(String subject, long expMs) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String header = b64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
    String payload = b64.encodeToString(new JsonObject().put("sub", subject).put("exp", expMs / 1000)
      .encode().getBytes(StandardCharsets.UTF_8));
    return header + "." + payload + ".c2lnbmF0dXJl";
  }

  /** How long the access tokens it issues last. */
  public synchronized FakeWorkOs accessTtlMs(long ms) {
    accessTtlMs = ms;
    return this;
  }

  /** The next {@code count} refreshes rotate the tokens but their answers are lost (the connection is cut). */
  public synchronized FakeWorkOs dropNext(int count) {
    dropNext = count;
    return this;
  }

  /** The access token the next refresh issues (else a fresh JWT), so a test can tell Factory's fake to expect it. */
  public synchronized FakeWorkOs issueNext(String accessToken) {
    nextAccess = accessToken;
    return this;
  }

  /**
   * The access token every refresh issues from now on: for a test that asserts what the login then does with it,
   * whether or not a lost answer made it replay the refresh (CL4).
   */
  public synchronized FakeWorkOs issueAlways(String accessToken) {
    nextAccess = accessToken;
    alwaysAccess = accessToken;
    return this;
  }

  /** Every refresh from now on is refused (400 invalid_grant), as after a sign-out elsewhere. */
  public synchronized FakeWorkOs refuseAll() {
    refuse = true;
    return this;
  }

  /** The answers to the next device polls, in order: error codes ({@code slow_down}, ...) or {@link #APPROVE}. */
  public synchronized FakeWorkOs devicePolls(String... outcomes) {
    deviceScript.addAll(List.of(outcomes));
    return this;
  }

  /** The {@code expires_in} and {@code interval} (seconds) of the device codes it issues (default 300 and 5). */
  public synchronized FakeWorkOs deviceTiming(long expiresInS, long intervalS) {
    deviceExpiresIn = expiresInS;
    deviceInterval = intervalS;
    return this;
  }

  /** How many device codes it issued. */
  public synchronized int deviceAuthorizations() {
    return deviceAuthorizations;
  }

  /** What each device poll was answered: an error code, or {@code granted}. */
  public synchronized List<String> devicePollAnswers() {
    return List.copyOf(devicePollAnswers);
  }

  /** The device codes it issued (secrets a test checks were never shown). */
  public synchronized List<String> deviceCodes() {
    return List.copyOf(deviceCodes.keySet());
  }

  public synchronized List<Call> calls() {
    return List.copyOf(calls);
  }

  public synchronized List<String> issuedAccessTokens() {
    return List.copyOf(issuedAccessTokens);
  }

  /** The refresh token WorkOS considers current. */
  public synchronized String currentRefreshToken() {
    return current;
  }

  /** What a request got wrong (wrong method, path, content type, form fields, client id); empty when none. */
  public synchronized List<String> violations() {
    return List.copyOf(violations);
  }

  public Future<Void> close() {
    return server.close();
  }

  private void handle(HttpServerRequest request) {
    request.body().onSuccess(body -> answer(request, body.toString(StandardCharsets.UTF_8)));
  }

  private synchronized void answer(HttpServerRequest request, String body) {
    Map<String, String> form = parse(body);
    if (request.method() == HttpMethod.POST && DEVICE_PATH.equals(request.path())) {
      authorizeDevice(request, form);
      return;
    }
    String grant = form.get("grant_type");
    if (request.method() == HttpMethod.POST && PATH.equals(request.path()) && grant != null
      && !grant.equals("refresh_token")) {
      if (DEVICE_GRANT.equals(grant)) {
        pollDevice(request, form);
      } else {
        violations.add("unsupported grant_type " + grant);
        send(request, 400, oauthError("unsupported_grant_type", "The grant type is not supported."));
      }
      return;
    }
    String problem = check(request, form);
    String token = form.get("refresh_token");
    if (problem != null) {
      violations.add(problem);
      calls.add(new Call(token, 400));
      send(request, 400, new JsonObject().put("error", "invalid_request").put("error_description", problem));
      return;
    }
    long now = System.currentTimeMillis();
    boolean valid = token.equals(current) || graceUntil.getOrDefault(token, 0L) > now;
    if (refuse || !valid) {
      calls.add(new Call(token, 400));
      send(request, 400, new JsonObject().put("error", "invalid_grant")
        .put("error_description", "Refresh token is invalid or expired."));
      return;
    }
    String previous = current;
    graceUntil.put(previous, now + GRACE_MS);
    counter++;
    current = "rt-test-rotated-" + counter;
    String access = nextAccess != null ? nextAccess : jwt("user_test_" + counter, now + accessTtlMs);
    nextAccess = alwaysAccess;
    issuedAccessTokens.add(access);
    if (dropNext > 0) {
      dropNext--;
      calls.add(new Call(token, 0));
      request.connection().close(); // rotated, but the answer never arrives
      return;
    }
    calls.add(new Call(token, 200));
    send(request, 200, new JsonObject().put("access_token", access).put("refresh_token", current)
      .put("user", new JsonObject().put("id", "user_test").put("email", "test@example.invalid"))
      .put("organization_id", "org_test"));
  }

  private void authorizeDevice(HttpServerRequest request, Map<String, String> form) {
    String problem = formProblem(request, form, java.util.Set.of("client_id"));
    if (problem != null) {
      violations.add(problem);
      send(request, 400, oauthError(problem.startsWith("unknown client_id") ? "invalid_client" : "invalid_request",
        problem));
      return;
    }
    deviceAuthorizations++;
    String deviceCode = "dc-test-" + java.util.UUID.randomUUID();
    deviceCodes.put(deviceCode, true);
    send(request, 200, new JsonObject().put("device_code", deviceCode).put("user_code", USER_CODE)
      .put("verification_uri", VERIFICATION_URI)
      .put("verification_uri_complete", VERIFICATION_URI + "?user_code=" + USER_CODE)
      .put("expires_in", deviceExpiresIn).put("interval", deviceInterval));
  }

  private void pollDevice(HttpServerRequest request, Map<String, String> form) {
    String problem = formProblem(request, form, java.util.Set.of("grant_type", "device_code", "client_id"));
    if (problem != null) {
      violations.add(problem);
      devicePollAnswers.add("violation");
      send(request, 400, oauthError(problem.startsWith("unknown client_id") ? "invalid_client" : "invalid_request",
        problem));
      return;
    }
    String deviceCode = form.get("device_code");
    if (!deviceCodes.getOrDefault(deviceCode, false)) {
      devicePollAnswers.add("invalid_grant");
      send(request, 400, oauthError("invalid_grant", "The device code is invalid or was already used."));
      return;
    }
    String outcome = deviceScript.isEmpty() ? "authorization_pending" : deviceScript.poll();
    if (outcome.equals(DROP)) {
      devicePollAnswers.add(DROP);
      request.connection().close();
      return;
    }
    if (!outcome.equals(APPROVE)) {
      if (outcome.equals("access_denied") || outcome.equals("expired_token")) {
        deviceCodes.put(deviceCode, false);
      }
      devicePollAnswers.add(outcome);
      send(request, 400, oauthError(outcome, "Device authorization: " + outcome));
      return;
    }
    deviceCodes.put(deviceCode, false);
    counter++;
    current = "rt-test-device-" + counter;
    String access = nextAccess != null ? nextAccess
      : jwt("user_test_device_" + counter, System.currentTimeMillis() + accessTtlMs);
    nextAccess = null;
    issuedAccessTokens.add(access);
    devicePollAnswers.add("granted");
    send(request, 200, new JsonObject().put("access_token", access).put("refresh_token", current)
      .put("user", new JsonObject().put("id", "user_test").put("email", EMAIL))
      .put("organization_id", "org_test").put("authentication_method", "GoogleOAuth"));
  }

  /** What a device-flow request got wrong (its content type, its fields, the client id), or null. */
  private static String formProblem(HttpServerRequest request, Map<String, String> form, java.util.Set<String> fields) {
    String type = request.getHeader("content-type");
    if (type == null || !type.startsWith("application/x-www-form-urlencoded")) {
      return "expected a form body, got content-type " + type;
    }
    if (!form.keySet().equals(fields)) {
      return "expected the form fields " + fields + "; got " + form.keySet();
    }
    if (!CLIENT_ID.equals(form.get("client_id"))) {
      return "unknown client_id " + form.get("client_id");
    }
    return form.values().stream().anyMatch(String::isBlank) ? "a form field is empty" : null;
  }

  private static JsonObject oauthError(String code, String description) {
    return new JsonObject().put("error", code).put("error_description", description);
  }

  private static String check(HttpServerRequest request, Map<String, String> form) {
    if (request.method() != HttpMethod.POST || !PATH.equals(request.path())) {
      return "expected POST " + PATH + ", got " + request.method() + " " + request.path();
    }
    String type = request.getHeader("content-type");
    if (type == null || !type.startsWith("application/x-www-form-urlencoded")) {
      return "expected a form body, got content-type " + type;
    }
    if (!form.keySet().equals(java.util.Set.of("grant_type", "refresh_token", "client_id"))) {
      return "expected the form fields grant_type, refresh_token, client_id; got " + form.keySet();
    }
    if (!"refresh_token".equals(form.get("grant_type"))) {
      return "grant_type must be refresh_token";
    }
    if (!CLIENT_ID.equals(form.get("client_id"))) {
      return "unknown client_id " + form.get("client_id");
    }
    if (form.get("refresh_token").isBlank()) {
      return "refresh_token is empty";
    }
    return null;
  }

  private static Map<String, String> parse(String body) {
    Map<String, String> form = new HashMap<>();
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return form;
  }

  private static void send(HttpServerRequest request, int status, JsonObject body) {
    MultiMap headers = request.response().headers();
    headers.add("content-type", "application/json");
    request.response().setStatusCode(status).end(body.encode());
  }
}
