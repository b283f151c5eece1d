package dev.factoryproxy.upstream;

import dev.factoryproxy.bus.Bus;
import dev.factoryproxy.bus.StreamEnvelope;
import dev.factoryproxy.bus.StreamMessage;
import dev.factoryproxy.bus.StreamSender;
import dev.factoryproxy.bus.UpstreamJob;
import dev.factoryproxy.client.chat.ChatClient;
import dev.factoryproxy.config.ConfigLoader;
import dev.factoryproxy.config.ModelInfo;
import dev.factoryproxy.config.ProxyConfig;
import dev.factoryproxy.config.Route;
import dev.factoryproxy.dialect.Dialects;
import dev.factoryproxy.dialect.Pipeline;
import dev.factoryproxy.ops.CallState;
import dev.factoryproxy.ops.ProxyMetrics;
import dev.factoryproxy.ops.TimeoutQueue;
import dev.factoryproxy.route.messages.MessagesRoute;
import dev.factoryproxy.testing.FakeFactory;
import dev.factoryproxy.testing.Reply;
import dev.factoryproxy.translate.ResponseContext;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.ref.WeakReference;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One {@link UpstreamCall} over an in-process event bus against the fake Factory: its states and the messages it
 * sends to the HTTP inbox, without HTTP verticles or a client.
 */
class UpstreamCallTest {
  private static final String INBOX = "test.inbox";
  private static final String KEY = "fk-test-0000";
  private static Vertx vertx;
  private static FakeFactory fake;
  private static UpstreamCall.Settings settings;
  private static Pipeline pipeline;
  private static ModelInfo model;
  private static final List<StreamMessage> received = new CopyOnWriteArrayList<>();
  private static final List<Long> seqs = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    Bus.registerCodecs(vertx.eventBus()); // as the composition root does once per node
    fake = FakeFactory.start(vertx).await();
    JsonObject json = ConfigLoader.load(Map.of());
    json.getJsonObject("upstream").put("url", fake.url());
    ProxyConfig config = ProxyConfig.fromJson(json);
    ProxyConfig.Upstream upstream = config.upstream();
    settings = new UpstreamCall.Settings(vertx.createHttpClient(), new FactoryEndpoint(upstream),
      new TimeoutQueue(vertx, 5_000), new TimeoutQueue(vertx, 5_000),
      upstream.maxEventBytes(), false, upstream.heartbeatMs(), new RetryPolicy(upstream.retry(), () -> 0.5),
      upstream.keyCooldownMs(), ProxyMetrics.disabled());
    Dialects dialects = Dialects.builder().route(new MessagesRoute(config.translation()))
      .client(ChatClient.PATH, new ChatClient()).build();
    pipeline = dialects.pipeline("chat", Route.MESSAGES);
    model = config.translation().models().resolve(FakeFactory.validRequest().getString("model"));
    vertx.eventBus().<StreamEnvelope>consumer(INBOX, message -> {
      seqs.add(message.body().seq());
      received.add(message.body().message());
    }).completion().await();
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  @BeforeEach
  void reset() {
    fake.reset().expectKey(KEY);
    received.clear();
    seqs.clear();
  }

  private static UpstreamCall call(boolean stream) {
    return call(stream, () -> { }, null);
  }

  /** @param sentBody set to the request body, weakly (to see what keeps it), or null */
  private static UpstreamCall call(boolean stream, Runnable streamStarted, AtomicReference<WeakReference<?>> sentBody) {
    ResponseContext context = new ResponseContext(model.id(), stream, false, 1_700_000_000L, false, null, Map.of());
    JsonObject body = stream ? FakeFactory.validRequest().put("stream", true) : FakeFactory.validRequest();
    if (sentBody != null) {
      sentBody.set(new WeakReference<>(body));
    }
    UpstreamJob job = new UpstreamJob("s1", "req-1", INBOX, "chat", "messages", body, context, Map.of(), null);
    return new UpstreamCall(vertx, job, new StreamSender(vertx.eventBus(), INBOX, "s1", "test.control"), settings,
      pipeline, model, streamStarted);
  }

  /** Runs on the call's own context, as the upstream verticle does, and waits for its future to settle. */
  private static <T> T onContext(java.util.function.Supplier<Future<T>> action) throws Exception {
    CompletableFuture<T> result = new CompletableFuture<>();
    vertx.runOnContext(v -> action.get().onComplete(r -> {
      if (r.succeeded()) {
        result.complete(r.result());
      } else {
        result.completeExceptionally(r.cause());
      }
    }));
    try {
      return result.get(10, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw (Exception) e.getCause();
    }
  }

  private static void awaitMessages(int count) throws InterruptedException {
    for (int i = 0; i < 200 && received.size() < count; i++) {
      Thread.sleep(10);
    }
  }

  @Test
  void oneAnswerIsOneCompleteMessageAndTheCallIsDone() throws Exception {
    fake.setDefault(Reply.text("Hi there"));
    UpstreamCall call = call(false);
    UpstreamCall.Outcome outcome = onContext(() -> call.run(KEY));
    assertEquals(new UpstreamCall.Outcome(200, null), outcome);
    assertEquals(CallState.DONE, call.state());
    awaitMessages(1);
    assertEquals(List.of(0L), seqs);
    StreamMessage.Complete complete = assertInstanceOf(StreamMessage.Complete.class, received.get(0));
    assertEquals(200, complete.status());
    assertEquals("Hi there", complete.answer().getJsonArray("choices").getJsonObject(0)
      .getJsonObject("message").getString("content"));
  }

  @Test
  void aStreamIsHeadDataEndInOrderAndTheCallIsDone() throws Exception {
    fake.setDefault(Reply.text("Hi there"));
    UpstreamCall call = call(true);
    UpstreamCall.Outcome outcome = onContext(() -> call.run(KEY));
    assertEquals(new UpstreamCall.Outcome(200, null), outcome);
    assertEquals(CallState.DONE, call.state());
    Thread.sleep(100); // every message was sent before the outcome; give the bus a moment to deliver them
    assertInstanceOf(StreamMessage.Head.class, received.get(0));
    assertInstanceOf(StreamMessage.End.class, received.get(received.size() - 1));
    assertTrue(received.size() >= 3, "HEAD, at least one DATA, END: " + received);
    for (int i = 0; i < seqs.size(); i++) {
      assertEquals(i, seqs.get(i), "numbered in order");
    }
  }

  @Test
  void rq1_theStreamHeadIsReportedOnceSoTheRetryingCallLetsTheRequestGo() throws Exception {
    fake.setDefault(Reply.text("Hi there, in several deltas"));
    AtomicInteger started = new AtomicInteger();
    UpstreamCall call = call(true, started::incrementAndGet, null);
    assertEquals(new UpstreamCall.Outcome(200, null), onContext(() -> call.run(KEY)));
    assertEquals(1, started.get(), "once, with the HEAD");

    fake.setDefault(Reply.error(529, new JsonObject().put("type", "error")
      .put("error", new JsonObject().put("type", "overloaded_error").put("message", "Overloaded"))));
    AtomicInteger notStarted = new AtomicInteger();
    UpstreamCall failing = call(true, notStarted::incrementAndGet, null);
    assertThrows(UpstreamFailure.class, () -> onContext(() -> failing.run(KEY)));
    assertEquals(0, notStarted.get(), "no head went out: the retrying call keeps the body for the next try");
  }

  @Test
  void rq1_theCallKeepsNoReferenceToTheRequestBodyOnceItIsSent() throws Exception {
    fake.setDefault(Reply.text("Hi there"));
    AtomicReference<WeakReference<?>> body = new AtomicReference<>();
    UpstreamCall call = call(true, () -> { }, body);
    assertEquals(new UpstreamCall.Outcome(200, null), onContext(() -> call.run(KEY)));
    for (int i = 0; i < 20 && body.get().get() != null; i++) {
      System.gc(); // a full collection clears a weak reference to what nothing else holds
      Thread.sleep(10);
    }
    assertEquals(null, body.get().get(), "the call (still referenced here) holds its request body no longer");
    assertEquals(CallState.DONE, call.state());
  }

  @Test
  void anErrorAnswerFailsTheFutureSendsNothingAndTheCallIsFailed() throws Exception {
    fake.setDefault(Reply.error(529, new JsonObject().put("type", "error")
      .put("error", new JsonObject().put("type", "overloaded_error").put("message", "Overloaded"))));
    UpstreamCall call = call(true);
    Exception failure = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
      () -> onContext(() -> call.run(KEY)));
    UpstreamFailure upstreamFailure = assertInstanceOf(UpstreamFailure.class, failure);
    assertEquals(529, upstreamFailure.status());
    assertEquals(CallState.FAILED, call.state());
    Thread.sleep(100);
    assertEquals(List.of(), received, "a failure before any output leaves the retry to RetryingCall");
  }

  @Test
  void cancelBeforeTheAnswerIsCancelledWith499AndSendsNothing() throws Exception {
    fake.setDefault(Reply.drip("slow", 5, 200));
    UpstreamCall call = call(true);
    UpstreamCall.Outcome outcome = onContext(() -> {
      Future<UpstreamCall.Outcome> running = call.run(KEY);
      call.cancel();
      return running;
    });
    assertEquals(new UpstreamCall.Outcome(499, "client_cancelled"), outcome);
    assertEquals(CallState.CANCELLED, call.state());
    Thread.sleep(100);
    assertEquals(List.of(), received);
  }
}
