package dev.factoryproxy.cluster;

import dev.factoryproxy.bus.Bus;
import dev.factoryproxy.client.chat.ChatClient;
import dev.factoryproxy.client.messages.ClaudePassThrough;
import dev.factoryproxy.client.messages.MessagesClient;
import dev.factoryproxy.client.messages.MessagesSettings;
import dev.factoryproxy.client.responses.GptPassThrough;
import dev.factoryproxy.client.responses.ResponsesClient;
import com.hazelcast.core.HazelcastInstance;
import dev.factoryproxy.client.responses.InMemoryResponseStore;
import dev.factoryproxy.config.ConversationStoreSettings;
import dev.factoryproxy.config.ProxyConfig;
import dev.factoryproxy.conversation.ClusterConversationStore;
import dev.factoryproxy.conversation.ConversationStore;
import dev.factoryproxy.conversation.LocalConversationStore;
import dev.factoryproxy.conversation.ResponsesConversations;
import dev.factoryproxy.http.Conversations;
import dev.factoryproxy.config.ProxyConfig.Role;
import dev.factoryproxy.dialect.Dialects;
import dev.factoryproxy.http.HttpRole;
import dev.factoryproxy.ops.NodeState;
import dev.factoryproxy.ops.NodeVertx;
import dev.factoryproxy.ops.ProxyMetrics;
import dev.factoryproxy.route.chat.CoreChatRoute;
import dev.factoryproxy.route.gemini.GeminiRoute;
import dev.factoryproxy.route.messages.MessagesRoute;
import dev.factoryproxy.route.responses.ResponsesRoute;
import dev.factoryproxy.sandbox.Sandbox;
import dev.factoryproxy.translator.TranslatorRole;
import dev.factoryproxy.credentials.DroidLogin;
import dev.factoryproxy.credentials.LoginSharing;
import dev.factoryproxy.upstream.UpstreamRole;
import io.vertx.core.Deployable;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One proxy node, and the composition root: the configuration is parsed once here, the node's shared objects
 * (metrics, drain state, dialects, each role's pools and limits) are built once, the bus codec is registered once,
 * and every verticle gets what it needs through its constructor. The same code serves a single JVM and a cluster.
 */
public final class Node {
  private static final Logger LOG = LoggerFactory.getLogger(Node.class);
  private static final long DRAIN_POLL_MS = 100;

  private final Vertx vertx;
  private final ProxyConfig config;
  private final NodeState state;

  private Node(Vertx vertx, ProxyConfig config, NodeState state) {
    this.vertx = vertx;
    this.config = config;
    this.state = state;
  }

  public Vertx vertx() {
    return vertx;
  }

  /**
   * The dialects this proxy speaks: one line per Factory route, client dialect (with its path) and pass-through.
   * Adding a dialect is adding its package and its line here.
   */
  static Dialects dialects(ProxyConfig config, MessagesSettings messages) {
    return Dialects.builder()
      .route(new MessagesRoute(config.translation()))
      .route(new ResponsesRoute(config.translation()))
      .route(new CoreChatRoute(config.translation().droidPrompt()))
      .route(new GeminiRoute(config.translation().droidPrompt()))
      .client(ChatClient.PATH, new ChatClient())
      .client(MessagesClient.PATH, new MessagesClient(messages))
      .client(ResponsesClient.PATH, new ResponsesClient())
      .passThrough(new ClaudePassThrough(messages))
      .passThrough(new GptPassThrough(config.translation().droidPrompt()))
      .build();
  }

  /**
   * Creates the Vert.x instance the configuration asks for (metered unless metrics are off) and deploys this
   * node's roles on it. With {@code sandbox.enabled} ({@code --sandbox}, {@code FACTORY_SANDBOX}) the in-process
   * fake Factory starts first and the upstream is pointed at it (refused next to real Factory credentials).
   */
  public static Future<Node> start(JsonObject configJson) {
    ProxyConfig config = ProxyConfig.fromJson(configJson);
    boolean sandboxed = Sandbox.enabled(configJson);
    if (sandboxed) {
      try {
        Sandbox.checkStartable(configJson, System.getenv());
      } catch (RuntimeException refused) {
        return Future.failedFuture(refused);
      }
    }
    // Netty's epoll transport where the jar carries it (Linux x86_64 / aarch64), NIO elsewhere: per streamed delta
    // it saves the NIO selector's work and syscalls (issue 16); the start-up line says which is used.
    VertxOptions base = new VertxOptions().setEventLoopPoolSize(config.eventLoops()).setPreferNativeTransport(true);
    VertxOptions options = config.cluster().enabled() ? ClusterSetup.withEventBus(config.cluster(), base) : base;
    NodeVertx setup = NodeVertx.configure(config.metrics(), options);
    Future<Vertx> vertx = config.cluster().enabled()
      ? ClusterSetup.clusteredVertx(config, setup.builder())
      : Future.succeededFuture(setup.build());
    NodeState state = new NodeState();
    return vertx.compose(v -> {
      Future<JsonObject> json = !sandboxed ? Future.succeededFuture(configJson)
        : Sandbox.start(v).map(sandbox -> {
          state.markSandbox();
          LOG.warn("SANDBOX: answers come from a fake Factory at {} inside this process; nothing is sent to "
            + "Factory (directives: sandbox:tool, sandbox:reasoning, sandbox:error=NNN)", sandbox.apiBase());
          return sandbox.configure(configJson);
        });
      return json.compose(actual -> {
        ProxyConfig used = ProxyConfig.fromJson(actual);
        return deploy(v, used, ConversationStoreSettings.fromJson(actual), setup.metrics(), state)
          .map(ignored -> {
            setup.startJvmMetrics(v);
            return new Node(v, used, state);
          });
      }).recover(err -> v.close().transform(closed -> Future.failedFuture(err)));
    });
  }

  /** Whether this node answers from the in-process sandbox. */
  public boolean sandbox() {
    return state.sandbox();
  }

  /** Deploys a node's roles on a Vert.x instance made elsewhere (tests), with metrics of the proxy's own series. */
  public static Future<Void> deploy(Vertx vertx, JsonObject configJson) {
    ProxyConfig config = ProxyConfig.fromJson(configJson);
    return deploy(vertx, config, ConversationStoreSettings.fromJson(configJson),
      ProxyMetrics.standalone(config.metrics().enabled()), new NodeState());
  }

  /** The same on a Vert.x instance built by {@link NodeVertx}, whose metrics the proxy's series join. */
  public static Future<Void> deploy(Vertx vertx, ProxyMetrics metrics, JsonObject configJson) {
    return deploy(vertx, ProxyConfig.fromJson(configJson), ConversationStoreSettings.fromJson(configJson), metrics,
      new NodeState());
  }

  /**
   * Deploys the verticles of this node's roles. Translator and upstream consumers come first, so the HTTP
   * verticles never accept a request that nothing could serve.
   */
  private static Future<Void> deploy(Vertx vertx, ProxyConfig config, ConversationStoreSettings conversations,
                                     ProxyMetrics metrics, NodeState state) {
    Bus.registerCodecs(vertx.eventBus());
    MessagesSettings messages = MessagesSettings.from(config.translation()); // translation.messages, once
    Dialects dialects = dialects(config, messages);
    Future<Void> translators = !config.runs(Role.TRANSLATOR) ? Future.succeededFuture() : deploy(vertx,
      new TranslatorRole(dialects, config.translation().models(), config.translatorInstances()));
    Future<Void> upstreams = !config.runs(Role.UPSTREAM) ? Future.succeededFuture() : droidLogins(vertx, config)
      .compose(logins -> {
        UpstreamRole role = new UpstreamRole(config, metrics, state, dialects, logins);
        // SH7: a cluster's upstream nodes tell each other which keys are refused or resting
        Future<Void> shared = vertx.isClustered() ? role.shareKeysAcrossTheCluster(vertx) : Future.succeededFuture();
        return shared.compose(v -> upstream(vertx, role));
      });
    return Future.all(translators, upstreams).compose(v -> !config.runs(Role.HTTP) ? Future.succeededFuture()
      : sharedRate(vertx, config).compose(rate -> deploy(vertx, new HttpRole(config, metrics, state, dialects,
        new ClaudePassThrough(messages), conversations(vertx, conversations), rate)
        .clusterNodes(clusterNodes(vertx)))));
  }

  /**
   * SH8: in a cluster, {@code limits.requestsPerMinute} is counted in a Hazelcast map every node shares (its
   * configuration is a cluster operation: made on a worker thread); on one node, or with no limit, nothing.
   */
  private static Future<HazelcastRate> sharedRate(Vertx vertx, ProxyConfig config) {
    HazelcastInstance hazelcast = ClusterSetup.hazelcast(vertx);
    if (hazelcast == null || config.limits().requestsPerMinute() <= 0) {
      return Future.succeededFuture(null);
    }
    return vertx.executeBlocking(() -> new HazelcastRate(vertx, hazelcast), false);
  }

  /**
   * The node's Droid logins (issue 15; DL4: one per auth file), each started (its token refreshed when missing or
   * expired) before the upstream verticles take jobs, so the first request has a token. A login's start never
   * fails: one that cannot be refreshed is set aside and the others carry on.
   */
  private static Future<List<DroidLogin>> droidLogins(Vertx vertx, ProxyConfig config) {
    List<ProxyConfig.DroidLogin> configured = config.upstream().droidLogins();
    HazelcastInstance hazelcast = ClusterSetup.hazelcast(vertx); // SH1: in a cluster, one refresher per login
    Future<LoginSharing> sharing = configured.isEmpty() || hazelcast == null ? Future.succeededFuture(null)
      : vertx.executeBlocking(() -> new HazelcastLogins(vertx, hazelcast), false);
    return sharing.compose(shared -> {
      List<DroidLogin> logins = configured.stream()
        .map(settings -> DroidLogin.create(vertx, settings, shared)).toList();
      return Future.all(logins.stream().map(DroidLogin::start).toList()).map(started -> logins);
    });
  }

  /**
   * What each client endpoint remembers between requests: the Responses endpoint's conversation store serves
   * {@code previous_response_id} (XR17) from memory on one node, from a Hazelcast map shared by a cluster's nodes
   * (the next turn may land on another node); off, such a request is a 400 that says so (XP4).
   */
  static Map<String, Conversations> conversations(Vertx vertx, ConversationStoreSettings settings) {
    if (!settings.enabled()) {
      return Map.of();
    }
    HazelcastInstance hazelcast = ClusterSetup.hazelcast(vertx);
    ConversationStore store = hazelcast != null ? new ClusterConversationStore(vertx, hazelcast, settings)
      : new LocalConversationStore(new InMemoryResponseStore(settings.maxEntries(), settings.maxChars(),
        Duration.ofSeconds(settings.ttlSeconds())));
    return Map.of(ResponsesClient.NAME, new ResponsesConversations(store));
  }

  /** SP8: Hazelcast's member list when clustered, else null (the HTTP role shows this node alone). */
  private static Supplier<JsonArray> clusterNodes(Vertx vertx) {
    return ClusterSetup.hazelcast(vertx) == null ? null : () -> ClusterSetup.members(vertx);
  }

  private static Future<Void> deploy(Vertx vertx, TranslatorRole role) {
    return deploy(vertx, role.verticles(), role.instances());
  }

  private static Future<Void> deploy(Vertx vertx, UpstreamRole role) {
    return deploy(vertx, role.verticles(), role.instances());
  }

  /** The upstream verticles, then the quota polls (QU1), which start-up does not wait for. */
  private static Future<Void> upstream(Vertx vertx, UpstreamRole role) {
    return deploy(vertx, role).onSuccess(v -> role.startQuotaPolling(vertx));
  }

  private static Future<Void> deploy(Vertx vertx, HttpRole role) {
    return deploy(vertx, role.verticles(), role.instances());
  }

  private static Future<Void> deploy(Vertx vertx, Supplier<Deployable> verticles, int instances) {
    return vertx.deployVerticle(verticles, new DeploymentOptions().setInstances(instances)).mapEmpty();
  }

  /**
   * Graceful stop: health turns unhealthy and new requests are refused at once; in-flight requests may finish
   * for up to {@code http.drainTimeoutMs}; then the verticles stop (cancelling what is left upstream) and the
   * node leaves the cluster.
   */
  public Future<Void> shutdown() {
    state.startDraining();
    LOG.info("draining: {} request(s) in flight, waiting up to {} ms", state.inFlight(),
      config.http().drainTimeoutMs());
    return drained(state, System.currentTimeMillis() + config.http().drainTimeoutMs())
      .eventually(() -> vertx.close());
  }

  private Future<Void> drained(NodeState state, long deadline) {
    if (state.inFlight() == 0) {
      return Future.succeededFuture();
    }
    Promise<Void> done = Promise.promise();
    vertx.setPeriodic(DRAIN_POLL_MS, id -> {
      if (state.inFlight() == 0 || System.currentTimeMillis() >= deadline) {
        vertx.cancelTimer(id);
        if (state.inFlight() > 0) {
          LOG.warn("drain timeout: {} request(s) still in flight are cut off", state.inFlight());
        }
        done.complete();
      }
    });
    return done.future();
  }

  public ProxyConfig config() {
    return config;
  }
}
