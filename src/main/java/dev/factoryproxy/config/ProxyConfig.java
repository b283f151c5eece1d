package dev.factoryproxy.config;

import io.vertx.core.json.JsonObject;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The whole, validated configuration. Built once from the merged JSON (file + environment, see
 * {@link ConfigLoader}); verticles receive that JSON as their deployment config and read it back here.
 */
public record ProxyConfig(Set<Role> roles, Cluster cluster, Http http, Auth auth, Upstream upstream,
                          int translatorInstances, TranslationSettings translation, Logging logging, Limits limits,
                          Metrics metrics) {

  /** Factory's own host: never a third-party relay by default (factory-upstream.md). */
  public static final String DEFAULT_UPSTREAM_URL = "https://api.factory.ai/api/llm/a/v1/messages";
  /** Factory's base URL, under which every route's path lies (factory-upstream.md). */
  public static final String DEFAULT_API_BASE = "https://api.factory.ai";

  public enum Role { HTTP, TRANSLATOR, UPSTREAM }

  /**
   * @param instances           HTTP verticle instances (each owns one event-bus inbox)
   * @param maxBodyBytes        largest accepted request body (413 above)
   * @param streamIdleTimeoutMs no message (not even a heartbeat) from the upstream verticle for this long means it is
   *                            lost (its node died): retried elsewhere if nothing was sent yet, else an error frame
   * @param requestTimeoutMs    a request with no answer at all for this long gets 504
   * @param drainTimeoutMs      on shutdown, how long in-flight requests may take to finish
   * @param headerTimeoutMs     a new connection must send a complete request head within this (D1)
   * @param bodyTimeoutMs       a request body must be complete this long after its head (D2)
   * @param keepAliveTimeoutMs  a connection with no request in flight is closed after this (D3)
   */
  public record Http(String host, int port, int instances, int maxBodyBytes, int streamIdleTimeoutMs,
                     int requestTimeoutMs, int drainTimeoutMs, int headerTimeoutMs, int bodyTimeoutMs,
                     int keepAliveTimeoutMs) {
  }

  /**
   * Vert.x clustering over Hazelcast.
   *
   * @param enabled       join a cluster (else a single JVM)
   * @param name          Hazelcast cluster name: nodes with the same name form one proxy
   * @param members       TCP/IP join list ({@code host} or {@code host:port}); empty keeps conf/cluster.xml's join
   * @param host          the address this node binds and announces, for Hazelcast and the event bus
   * @param hazelcastPort Hazelcast member port (auto-increments when taken)
   * @param eventBusPort  event-bus TCP port (0 = any free port)
   * @param configFile    the Hazelcast XML configuration
   */
  public record Cluster(boolean enabled, String name, List<String> members, String host, int hazelcastPort,
                        int eventBusPort, String configFile) {
    public Cluster {
      members = List.copyOf(members);
    }
  }

  /**
   * @param proxyApiKeys   Bearer tokens clients must present (when the proxy holds the Factory key)
   * @param allowOpenProxy explicit opt-in to serve anyone with the proxy's Factory key
   * @param adminApiKey    the operator key that opens {@code /status} (SP1); null: the status page is off
   */
  public record Auth(List<String> proxyApiKeys, boolean allowOpenProxy, String adminApiKey) {
    public Auth {
      proxyApiKeys = List.copyOf(proxyApiKeys);
    }

    public Auth(List<String> proxyApiKeys, boolean allowOpenProxy) {
      this(proxyApiKeys, allowOpenProxy, null);
    }

    @Override
    public String toString() {
      return "Auth[" + proxyApiKeys.size() + " client key(s), allowOpenProxy=" + allowOpenProxy
        + ", adminApiKey=" + (adminApiKey == null ? "unset" : "set") + "]";
    }
  }

  /**
   * @param url               Factory's Anthropic-style Messages endpoint
   * @param factoryApiKeys    keys the proxy uses; empty means passthrough of the client's Bearer token
   * @param clientVersion     sent as {@code x-client-version} and in {@code user-agent} (Factory rejects requests without it)
   * @param headers           the CLI identity headers, overridable one by one
   * @param connectTimeoutMs  TCP connect to Factory
   * @param firstByteTimeoutMs from sending the request to the response head
   * @param idleTimeoutMs     longest silence between two reads of a response
   * @param passThrough529    answer 529 as is instead of 503 (E2)
   * @param heartbeatMs       how often a running call tells its HTTP verticle it is alive (and learns whether the client is)
   * @param retry             how failed calls are retried before anything reaches the client
   * @param keyCooldownMs     how long a key rests after a 429 that names no {@code retry-after}
   * @param keyRecheckMs      how long a key Factory refused (401/402/403) is set aside before it is tried again;
   *                          0 keeps it aside until restart
   * @param apiBase           Factory's base URL ({@code FACTORY_API_BASE}); every route but Messages is called at
   *                          {@code apiBase + route path}. Defaults to {@code url} without the Messages path.
   * @param droidLogins       the Droid logins next to the API keys (one per auth file, or one refresh token); may
   *                          be empty
   * @param quotaPollMs       how often every credential's quota is asked of Factory's limits endpoint; 0: never
   *                          (QU1, docs/quota.md)
   */
  public record Upstream(String url, List<String> factoryApiKeys, String clientVersion, Map<String, String> headers,
                         int connectTimeoutMs, int firstByteTimeoutMs, int idleTimeoutMs, int maxPoolSize,
                         int maxEventBytes, boolean passThrough529, int heartbeatMs, int instances, Retry retry,
                         int keyCooldownMs, int keyRecheckMs, String apiBase, List<DroidLogin> droidLogins,
                         int quotaPollMs) {
    public Upstream {
      factoryApiKeys = List.copyOf(factoryApiKeys);
      droidLogins = List.copyOf(droidLogins);
      headers = Map.copyOf(headers);
    }

    /** Neither API keys nor a Droid login: clients bring their own Factory key. */
    public boolean passthroughKeys() {
      return factoryApiKeys.isEmpty() && droidLogins.isEmpty();
    }

    /** Where a route is called: {@code url} for Messages (as before there were routes), else under {@code apiBase}. */
    public String urlFor(Route route) {
      return route == Route.MESSAGES ? url : apiBase + route.path();
    }

    @Override
    public String toString() {
      return "Upstream[url=" + url + ", " + factoryApiKeys.size() + " Factory key(s), "
        + droidLogins.size() + " Droid login(s), clientVersion=" + clientVersion + "]";
    }
  }

  /**
   * A Droid login (issue 15): WorkOS tokens refreshed by the proxy.
   *
   * @param refreshToken   the refresh token to start from ({@code FACTORY_REFRESH_TOKEN}); null to take the auth file's
   * @param authFile       a Droid {@code auth.json} ({@code FACTORY_AUTH_FILE}) read at start and rewritten on every
   *                       refresh; null keeps the tokens in memory only
   * @param workosUrl      WorkOS's base URL ({@code FACTORY_WORKOS_URL})
   * @param refreshAheadMs how long before the access token's {@code exp} it is refreshed
   */
  public record DroidLogin(String refreshToken, String authFile, String workosUrl, int refreshAheadMs) {
    @Override
    public String toString() {
      return "DroidLogin[authFile=" + authFile + ", workosUrl=" + workosUrl + "]"; // never the token
    }
  }

  /**
   * Retries of one upstream call, only while nothing has been sent to the client.
   *
   * @param maxAttempts  calls in all, the first included (1 = never retry)
   * @param baseDelayMs  backoff before the first retry; doubles each time, full jitter
   * @param maxDelayMs   longest single wait; a {@code retry-after} asking for more ends the retries
   * @param budgetMs     no retry starts later than this after the first call (below {@code http.requestTimeoutMs})
   */
  public record Retry(int maxAttempts, int baseDelayMs, int maxDelayMs, int budgetMs) {
  }

  /**
   * Per-node admission limits on chat completions; 0 turns a limit off.
   *
   * @param maxConcurrentStreams          chat completions in flight on this node (streamed or not)
   * @param maxConcurrentStreamsPerClient the same, per client key
   * @param requestsPerMinute             chat completions per client key and minute
   */
  public record Limits(int maxConcurrentStreams, int maxConcurrentStreamsPerClient, int requestsPerMinute) {
  }

  /**
   * @param enabled  Vert.x and proxy metrics, served at {@code GET /metrics}
   * @param eventBus Vert.x's event-bus series ({@code vertx_eventbus_*}), off by default: Vert.x looks up several
   *                 meters for every message (each streamed delta is one), a few percent of a busy node's CPU
   */
  public record Metrics(boolean enabled, boolean eventBus) {
  }

  public record Logging(String level, boolean json) {
  }

  public boolean runs(Role role) {
    return roles.contains(role);
  }

  /**
   * Event loops for this node: one per instance of its largest role, so that the n-th HTTP, translator and
   * upstream instances share a loop and a request's local hops stay on one thread. (Vert.x's default of two
   * loops per core would put them on different threads and pay a wake-up per event-bus message.)
   */
  public int eventLoops() {
    int loops = 1;
    if (runs(Role.HTTP)) {
      loops = Math.max(loops, http.instances());
    }
    if (runs(Role.UPSTREAM)) {
      loops = Math.max(loops, upstream.instances());
    }
    if (runs(Role.TRANSLATOR)) {
      loops = Math.max(loops, translatorInstances);
    }
    return loops;
  }

  /** Validates and reads the merged configuration JSON; throws {@link ConfigException} naming the bad key. */
  public static ProxyConfig fromJson(JsonObject json) {
    ConfigKeys.check(json); // V1: no misspelt key falls back to a default in silence
    int cores = Runtime.getRuntime().availableProcessors();
    Set<Role> roles = roles(json);
    Http http = http(ConfigReader.section(json, "http", ""), cores);
    Auth auth = auth(ConfigReader.section(json, "auth", ""));
    Upstream upstream = upstream(ConfigReader.section(json, "upstream", ""), cores);
    int translators = instances(ConfigReader.section(json, "translator", ""), "translator", 1);
    JsonObject log = ConfigReader.section(json, "logging", "");
    String format = ConfigReader.string(log, "format", "logging", "text");
    if (!format.equals("text") && !format.equals("json")) {
      throw new ConfigException("logging.format must be \"text\" or \"json\", got \"" + format + "\"");
    }
    ProxyConfig config = new ProxyConfig(roles, cluster(ConfigReader.section(json, "cluster", "")),
      http, auth, upstream, translators, TranslationSettings.fromJson(json),
      new Logging(ConfigReader.string(log, "level", "logging", "INFO").toUpperCase(), format.equals("json")),
      limits(ConfigReader.section(json, "limits", "")),
      metrics(ConfigReader.section(json, "metrics", "")));
    config.checkKeys();
    config.checkTimeouts();
    return config;
  }

  /**
   * Heartbeats must arrive well within the liveness timeout, or healthy streams would be declared lost; and the
   * HTTP side answers 504 after http.requestTimeoutMs without an answer, so retries must end before that.
   */
  private void checkTimeouts() {
    if (upstream.heartbeatMs() * 2 >= http.streamIdleTimeoutMs()) {
      throw new ConfigException("upstream.heartbeatMs (" + upstream.heartbeatMs() + ") must be less than half of "
        + "http.streamIdleTimeoutMs (" + http.streamIdleTimeoutMs() + ")");
    }
    if (upstream.retry().budgetMs() >= http.requestTimeoutMs()) {
      throw new ConfigException("upstream.retry.budgetMs (" + upstream.retry().budgetMs()
        + ") must be less than http.requestTimeoutMs (" + http.requestTimeoutMs() + "): retries have to end "
        + "before the client's request times out");
    }
    long beforeAnswer = (long) upstream.retry().budgetMs() + upstream.firstByteTimeoutMs();
    if (beforeAnswer >= http.requestTimeoutMs()) {
      // B2: the last attempt may start at the end of the budget and wait a first-byte timeout; the upstream side
      // must give up first, so the client learns the real cause (a 504 timeout) rather than a lost call
      throw new ConfigException("upstream.retry.budgetMs + upstream.firstByteTimeoutMs (" + beforeAnswer
        + ") must be less than http.requestTimeoutMs (" + http.requestTimeoutMs() + ")");
    }
  }

  /**
   * The proxy holding a Factory key with no client keys would spend it for anyone: refuse unless opted in.
   * Client keys with no Factory key on a node that calls Factory would leave it nothing to call with.
   */
  private void checkKeys() {
    if (auth.adminApiKey() != null && (auth.adminApiKey().length() < 16
      || auth.proxyApiKeys().contains(auth.adminApiKey()))) {
      // SP1: the operator key opens a page that shows every credential's state; a client must not hold it
      throw new ConfigException("auth.adminApiKey (ADMIN_API_KEY) must be at least 16 characters and differ from "
        + "every client key (auth.proxyApiKeys)");
    }
    if (runs(Role.HTTP) && !upstream.passthroughKeys() && auth.proxyApiKeys().isEmpty() && !auth.allowOpenProxy()) {
      throw new ConfigException("auth.proxyApiKeys (PROXY_API_KEY) is empty while upstream.factoryApiKeys "
        + "(FACTORY_API_KEY) is set: anyone could spend the Factory key. Set PROXY_API_KEY, or set "
        + "auth.allowOpenProxy (ALLOW_OPEN_PROXY=true) to run an open proxy on purpose");
    }
    if (runs(Role.HTTP) && runs(Role.UPSTREAM) && upstream.passthroughKeys()
      && (!auth.proxyApiKeys().isEmpty() || auth.allowOpenProxy())) {
      throw new ConfigException("upstream.factoryApiKeys (FACTORY_API_KEY) is empty while clients authenticate "
        + "with proxy keys: the proxy would have no Factory key to call with. Set FACTORY_API_KEY, or remove "
        + "PROXY_API_KEY to run in passthrough mode (clients send their own Factory key)");
    }
  }

  private static Set<Role> roles(JsonObject json) {
    List<String> names = ConfigReader.stringList(ConfigReader.section(json, "cluster", ""), "roles", "cluster");
    if (names.isEmpty()) {
      return EnumSet.allOf(Role.class);
    }
    EnumSet<Role> roles = EnumSet.noneOf(Role.class);
    for (String name : names) {
      try {
        roles.add(Role.valueOf(name.trim().toUpperCase()));
      } catch (IllegalArgumentException e) {
        throw new ConfigException("cluster.roles has \"" + name + "\"; allowed: http, translator, upstream");
      }
    }
    return roles;
  }

  private static Http http(JsonObject h, int cores) {
    return new Http(
      ConfigReader.string(h, "host", "http", "0.0.0.0"),
      ConfigReader.intInRange(h, "port", "http", 8000, 0, 65535),
      instances(h, "http", cores),
      ConfigReader.positiveInt(h, "maxBodyBytes", "http", 32 * 1024 * 1024),
      ConfigReader.positiveInt(h, "streamIdleTimeoutMs", "http", 15_000),
      ConfigReader.positiveInt(h, "requestTimeoutMs", "http", 120_000),
      ConfigReader.positiveInt(h, "drainTimeoutMs", "http", 30_000),
      ConfigReader.positiveInt(h, "headerTimeoutMs", "http", 10_000),
      ConfigReader.positiveInt(h, "bodyTimeoutMs", "http", 30_000),
      ConfigReader.positiveInt(h, "keepAliveTimeoutMs", "http", 60_000));
  }

  private static Cluster cluster(JsonObject c) {
    return new Cluster(
      ConfigReader.bool(c, "enabled", "cluster", false),
      ConfigReader.string(c, "name", "cluster", "factory-proxy"),
      ConfigReader.stringList(c, "members", "cluster"),
      ConfigReader.string(c, "host", "cluster", null),
      ConfigReader.intInRange(c, "hazelcastPort", "cluster", 5701, 1, 65535),
      ConfigReader.intInRange(c, "eventBusPort", "cluster", 0, 0, 65535),
      ConfigReader.string(c, "configFile", "cluster", "conf/cluster.xml"));
  }

  private static Auth auth(JsonObject a) {
    String admin = ConfigReader.string(a, "adminApiKey", "auth", null);
    return new Auth(ConfigReader.stringList(a, "proxyApiKeys", "auth"),
      ConfigReader.bool(a, "allowOpenProxy", "auth", false), admin == null || admin.isBlank() ? null : admin);
  }

  private static Upstream upstream(JsonObject u, int cores) {
    String url = ConfigReader.string(u, "url", "upstream", DEFAULT_UPSTREAM_URL);
    checkHttpUrl(url, "upstream.url");
    String messagesPath = Route.MESSAGES.path();
    String apiBase = ConfigReader.string(u, "apiBase", "upstream",
      url.endsWith(messagesPath) ? url.substring(0, url.length() - messagesPath.length()) : DEFAULT_API_BASE);
    checkHttpUrl(apiBase, "upstream.apiBase");
    apiBase = apiBase.endsWith("/") ? apiBase.substring(0, apiBase.length() - 1) : apiBase;
    String version = ConfigReader.string(u, "clientVersion", "upstream", "0.237.0");
    if (version.isBlank()) {
      throw new ConfigException("upstream.clientVersion must not be empty: Factory answers 400 without x-client-version");
    }
    return new Upstream(url,
      ConfigReader.stringList(u, "factoryApiKeys", "upstream"),
      version,
      ConfigReader.stringMap(u, "headers", "upstream"),
      ConfigReader.positiveInt(u, "connectTimeoutMs", "upstream", 10_000),
      ConfigReader.positiveInt(u, "firstByteTimeoutMs", "upstream", 30_000),
      ConfigReader.positiveInt(u, "idleTimeoutMs", "upstream", 60_000),
      ConfigReader.positiveInt(u, "maxPoolSize", "upstream", 10_000),
      ConfigReader.positiveInt(u, "maxEventBytes", "upstream", 16 * 1024 * 1024),
      ConfigReader.bool(u, "passThrough529", "upstream", false),
      ConfigReader.positiveInt(u, "heartbeatMs", "upstream", 5_000),
      instances(u, "upstream", cores),
      retry(ConfigReader.section(u, "retry", "upstream")),
      ConfigReader.positiveInt(u, "keyCooldownMs", "upstream", 60_000),
      ConfigReader.intInRange(u, "keyRecheckMs", "upstream", 600_000, 0, Integer.MAX_VALUE),
      apiBase, droidLogins(u),
      ConfigReader.intInRange(u, "quotaPollMs", "upstream", 300_000, 0, Integer.MAX_VALUE));
  }

  static final String DEFAULT_WORKOS_URL = "https://api.workos.com";

  /**
   * DL4: one Droid login per auth file ({@code upstream.authFile}, a comma-separated list as {@code FACTORY_AUTH_FILE}
   * gives it, and/or the array {@code upstream.authFiles}; a file named twice is one login, so that two logins never
   * refresh, and sign out, the same tokens), or one login from {@code upstream.refreshToken} alone. The refresh token
   * seeds a single auth file; next to several it could belong to any of them, so that is refused.
   */
  private static List<DroidLogin> droidLogins(JsonObject u) {
    String token = ConfigReader.string(u, "refreshToken", "upstream", "");
    String workos = workosUrl(u);
    int ahead = ConfigReader.intInRange(u, "refreshAheadMs", "upstream", 300_000, 0, Integer.MAX_VALUE);
    List<String> files = authFiles(u);
    String seed = token.isBlank() ? null : token.strip();
    if (seed != null && files.size() > 1) {
      throw new ConfigException("upstream.refreshToken (FACTORY_REFRESH_TOKEN) seeds one auth file, but "
        + files.size() + " are configured (upstream.authFile / upstream.authFiles / FACTORY_AUTH_FILE): unset the "
        + "refresh token, or run `java -jar factory-proxy.jar login --auth-file FILE` once per account");
    }
    if (files.isEmpty()) {
      return seed == null ? List.of() : List.of(new DroidLogin(seed, null, workos, ahead));
    }
    return files.stream().map(file -> new DroidLogin(seed, file, workos, ahead)).toList();
  }

  /**
   * What the {@code login} command (DL3) needs from a configuration, read without the checks a running proxy needs
   * (a login needs no client key): WorkOS's URL and the configured auth files.
   */
  public record LoginSettings(String workosUrl, List<String> authFiles) {
    public LoginSettings {
      authFiles = List.copyOf(authFiles);
    }
  }

  public static LoginSettings loginSettings(JsonObject root) {
    JsonObject upstream = ConfigReader.section(root, "upstream", "");
    return new LoginSettings(workosUrl(upstream), authFiles(upstream));
  }

  /** The auth files of the {@code upstream} section, in order, each once (by its absolute, normalized path). */
  private static List<String> authFiles(JsonObject upstream) {
    java.util.LinkedHashMap<java.nio.file.Path, String> files = new java.util.LinkedHashMap<>();
    List<String> named = new java.util.ArrayList<>(ConfigReader.stringList(upstream, "authFile", "upstream"));
    named.addAll(ConfigReader.stringList(upstream, "authFiles", "upstream"));
    for (String file : named) {
      files.putIfAbsent(java.nio.file.Path.of(file).toAbsolutePath().normalize(), file);
    }
    return List.copyOf(files.values());
  }

  /** WorkOS's base URL from the {@code upstream} section ({@code FACTORY_WORKOS_URL}), checked, without a final /. */
  private static String workosUrl(JsonObject upstream) {
    String workos = ConfigReader.string(upstream, "workosUrl", "upstream", DEFAULT_WORKOS_URL);
    checkHttpUrl(workos, "upstream.workosUrl");
    return workos.endsWith("/") ? workos.substring(0, workos.length() - 1) : workos;
  }

  private static void checkHttpUrl(String url, String key) {
    try {
      java.net.URI uri = new java.net.URI(url);
      if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme()) || uri.getHost() == null) {
        throw new ConfigException(key + " must be an http(s) URL, got \"" + url + "\"");
      }
    } catch (java.net.URISyntaxException e) {
      throw new ConfigException(key + " is not a valid URL: " + e.getMessage());
    }
  }

  private static Retry retry(JsonObject r) {
    String path = "upstream.retry";
    Retry retry = new Retry(
      ConfigReader.intInRange(r, "maxAttempts", path, 3, 1, 10),
      ConfigReader.positiveInt(r, "baseDelayMs", path, 500),
      ConfigReader.positiveInt(r, "maxDelayMs", path, 8_000),
      ConfigReader.positiveInt(r, "budgetMs", path, 25_000));
    if (retry.baseDelayMs() > retry.maxDelayMs()) {
      throw new ConfigException("upstream.retry.baseDelayMs (" + retry.baseDelayMs()
        + ") must not exceed upstream.retry.maxDelayMs (" + retry.maxDelayMs() + ")");
    }
    return retry;
  }

  private static Metrics metrics(JsonObject m) {
    return new Metrics(ConfigReader.bool(m, "enabled", "metrics", true), ConfigReader.bool(m, "eventBus", "metrics", false));
  }

  private static Limits limits(JsonObject l) {
    return new Limits(
      ConfigReader.intInRange(l, "maxConcurrentStreams", "limits", 10_000, 0, Integer.MAX_VALUE),
      ConfigReader.intInRange(l, "maxConcurrentStreamsPerClient", "limits", 0, 0, Integer.MAX_VALUE),
      ConfigReader.intInRange(l, "requestsPerMinute", "limits", 0, 0, Integer.MAX_VALUE));
  }

  /** 0 or absent means "one per core", which suits the event-loop-bound HTTP and upstream verticles. */
  private static int instances(JsonObject section, String path, int fallback) {
    int n = ConfigReader.intInRange(section, "instances", path, fallback, 0, 1024);
    return n == 0 ? fallback : n;
  }
}
