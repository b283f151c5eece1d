package dev.factoryproxy.e2e;

import dev.factoryproxy.bus.Bus;
import dev.factoryproxy.bus.Control;
import dev.factoryproxy.bus.StartAck;
import dev.factoryproxy.bus.StreamEnvelope;
import dev.factoryproxy.bus.StreamMessage;
import dev.factoryproxy.bus.StreamSender;
import dev.factoryproxy.bus.UpstreamJob;
import dev.factoryproxy.testing.ProxyClient;
import dev.factoryproxy.testing.ProxyClient.Answer;
import dev.factoryproxy.testing.ProxyUnderTest;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.function.BiConsumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The HTTP side against a scripted upstream verticle that speaks the bus protocol through its typed messages: what
 * the client sees when the messages of a stream arrive wrong, and what the HTTP side sends back.
 */
class BusProtocolFaultsTest {
  private static final String CONTROL = "test.upstream.control";
  private Vertx vertx;
  private ProxyClient client;
  private int port;
  private final Promise<Control> control = Promise.promise();
  private BiConsumer<UpstreamJob, StreamSender> script;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    port = ProxyUnderTest.freePort();
    JsonObject config = ProxyUnderTest.config("http://127.0.0.1:9/api/llm/a/v1/messages", port);
    config.put("cluster", new JsonObject().put("roles", new JsonArray().add("http").add("translator")));
    EventBus bus = vertx.eventBus();
    bus.<JsonObject>consumer(Bus.UPSTREAM_START, message -> {
      if (Bus.isPing(message)) {
        Bus.replyToPing(message, new JsonObject());
        return;
      }
      UpstreamJob job = UpstreamJob.fromJson(message.body());
      message.reply(new StartAck(CONTROL).toJson(), Bus.json());
      script.accept(job, new StreamSender(bus, job.inbox(), job.streamId(), CONTROL));
    }).completion().await();
    bus.consumer(CONTROL, message -> control.tryComplete(Control.decode(message))).completion().await();
    ProxyUnderTest.start(vertx, config).await();
    client = new ProxyClient(vertx, port);
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  /** A message lost in transit (a gap in the sequence) ends the stream with an error frame and cancels the call. */
  @Test
  void aSequenceGapEndsTheStreamWithStreamInterruptedAndCancelsTheCall() {
    script = (job, out) -> {
      out.head(200, Map.of());
      out.data(Buffer.buffer("data: {\"choices\":[]}\n\n")); // seq 1
      StreamMessage lost = new StreamMessage.Data(Buffer.buffer("data: {\"never\":1}\n\n"));
      vertx.eventBus().send(job.inbox(), new StreamEnvelope(job.streamId(), 3, lost), // seq 2 never came
        StreamEnvelope.sendOptions());
    };
    Answer answer = client.chat(true);
    assertEquals(200, answer.status());
    JsonObject error = answer.lastFrame().getJsonObject("error");
    assertEquals("stream_interrupted", error.getString("code"), answer.body());
    assertFalse(answer.body().contains("[DONE]"), answer.body());
    assertFalse(answer.body().contains("never"), answer.body());
    Control cancel = ProxyClient.await(control.future());
    assertInstanceOf(Control.Cancel.class, cancel);
  }

  /** The route's warnings reach the client as {@code x-proxy-warning}, on a complete answer as on a stream. */
  @Test
  void r21_aClampedTemperatureIsAnnouncedInXProxyWarning() {
    script = (job, out) -> {
      assertEquals(1.0, job.body().getDouble("temperature"));
      out.complete(200, Map.of(), new JsonObject().put("id", "chatcmpl-1").put("choices", new JsonArray()));
    };
    Answer answer = ProxyClient.await(vertx.createHttpClient()
      .request(ProxyClient.chatRequest(port, ProxyUnderTest.CLIENT_KEY))
      .compose(req -> req.send(ProxyClient.chatBody(false).put("temperature", 1.7).toBuffer())
        .compose(resp -> resp.body().map(b -> new Answer(resp.statusCode(), resp.headers(), b.toString())))));
    assertEquals(200, answer.status());
    String warning = answer.headers().get("x-proxy-warning");
    assertTrue(warning != null && warning.contains("temperature"), String.valueOf(warning));
  }
}
