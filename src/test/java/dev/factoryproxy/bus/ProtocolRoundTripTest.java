package dev.factoryproxy.bus;

import dev.factoryproxy.translate.ResponseContext;
import dev.factoryproxy.translate.TranslatedRequest;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.eventbus.impl.codecs.BufferMessageCodec;
import io.vertx.core.eventbus.impl.codecs.NullMessageCodec;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * Every bus message, encoded as its sender encodes it, through the codec a cluster uses on the wire, and decoded as
 * its receiver decodes it, is the message that was sent.
 */
class ProtocolRoundTripTest {
  private static final String STREAM = "abc-7";

  /** The body as a remote node receives it: written by the message's codec at an offset, read back. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Object overTheWire(Object body, DeliveryOptions options) {
    MessageCodec codec = body == null ? new NullMessageCodec()
      : body instanceof Buffer ? new BufferMessageCodec()
      : SharedJsonCodec.NAME.equals(options.getCodecName()) ? new SharedJsonCodec()
      : new io.vertx.core.eventbus.impl.codecs.JsonObjectMessageCodec();
    Buffer wire = Buffer.buffer("header");
    codec.encodeToWire(wire, body);
    return codec.decodeFromWire("header".length(), wire);
  }

  private static MultiMap headers(DeliveryOptions options) {
    MultiMap copy = MultiMap.caseInsensitiveMultiMap();
    if (options.getHeaders() != null) {
      copy.addAll(options.getHeaders());
    }
    return copy;
  }

  /** An envelope as a remote inbox receives it: written by its codec at an offset, read back. */
  private static StreamEnvelope overTheWire(StreamEnvelope envelope) {
    StreamEnvelope.Codec codec = new StreamEnvelope.Codec();
    Buffer wire = Buffer.buffer("header");
    codec.encodeToWire(wire, envelope);
    StreamEnvelope received = codec.decodeFromWire("header".length(), wire);
    assertEquals(StreamEnvelope.Codec.NAME, StreamEnvelope.sendOptions().getCodecName());
    assertNull(StreamEnvelope.sendOptions().getHeaders(), "stream messages carry no headers");
    return received;
  }

  private static StreamMessage roundTrip(StreamMessage message, long seq) {
    StreamEnvelope received = overTheWire(new StreamEnvelope(STREAM, seq, message));
    assertEquals(STREAM, received.streamId());
    assertEquals(seq, received.seq());
    StreamEnvelope local = new StreamEnvelope.Codec().transform(new StreamEnvelope(STREAM, seq, message));
    assertSame(message, local.message(), "a local delivery hands over the sender's message");
    return received.message();
  }

  @Test
  void streamMessagesRoundTrip() {
    List<StreamMessage> messages = List.of(
      new StreamMessage.Complete(429, Map.of("retry-after", "2"), new JsonObject().put("error",
        new JsonObject().put("message", "slow \u2603"))),
      new StreamMessage.Head(200, Map.of("x-ratelimit-remaining-requests", "9"), "factory-proxy.upstream.control.u1"),
      new StreamMessage.Data(Buffer.buffer("data: {\"a\":\"é\"}\n\n")),
      new StreamMessage.End("tool_calls", new JsonObject().put("prompt_tokens", 3), null),
      new StreamMessage.End(null, null, "stream_truncated"),
      new StreamMessage.Heartbeat());
    long seq = 0;
    for (StreamMessage message : messages) {
      assertEquals(message, roundTrip(message, seq++));
    }
  }

  @Test
  void anUnknownKindDecodesToNothing() {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add(Bus.H_KIND, "from-a-newer-node");
    assertNull(StreamMessage.decode("from-a-newer-node", null));
    assertNull(StreamMessage.decode(null, null));
    assertNull(Control.decode(headers));
    // an envelope of a kind this version does not know, as the codec lays it out: id, seq, kind, body
    Buffer wire = Buffer.buffer("header").appendInt(STREAM.length()).appendString(STREAM).appendLong(4)
      .appendInt("from-a-newer-node".length()).appendString("from-a-newer-node").appendInt(1).appendString("x");
    StreamEnvelope received = new StreamEnvelope.Codec().decodeFromWire("header".length(), wire);
    assertEquals(STREAM, received.streamId());
    assertEquals(4, received.seq());
    assertNull(received.message());
  }

  @Test
  void controlMessagesRoundTrip() {
    for (Control control : List.of(new Control.Ack(STREAM, 16_384), new Control.Cancel(STREAM))) {
      DeliveryOptions options = control.options();
      assertNull(overTheWire(null, options));
      assertEquals(control, Control.decode(headers(options)));
    }
  }

  @Test
  void repliesRoundTrip() {
    for (boolean known : new boolean[] {true, false}) {
      HeartbeatReply reply = new HeartbeatReply(known);
      assertEquals(reply, HeartbeatReply.fromJson((JsonObject) overTheWire(reply.toJson(), new DeliveryOptions())));
    }
    assertEquals(new HeartbeatReply(false), HeartbeatReply.fromJson(null));
    StartAck ack = new StartAck("factory-proxy.upstream.control.u2");
    assertEquals(ack, StartAck.fromJson((JsonObject) overTheWire(ack.toJson(), Bus.json())));
  }

  @Test
  void translateRequestRoundTrips() {
    TranslateRequest request = new TranslateRequest("chat", new JsonObject().put("model", "claude-x")
      .put("messages", new JsonArray().add(new JsonObject().put("role", "user").put("content", "hi"))),
      Map.of("anthropic-beta", "b1"), "req_1", 1_700_000_000L);
    DeliveryOptions options = request.options(10_000);
    MultiMap headers = headers(options);
    assertEquals(10_000, options.getSendTimeout());
    TranslateRequest received = TranslateRequest.fromJson((JsonObject) overTheWire(request.toJson(), options),
      headers.get(Bus.H_REQUEST_ID), Long.parseLong(headers.get(Bus.H_RECEIVED_AT)));
    assertEquals(request, received);
  }

  /** A node from before the dialects sends the chat request itself: it is read as a Chat Completions request. */
  @Test
  void aTranslateRequestInTheOldWireFormIsAChatRequest() {
    JsonObject chat = new JsonObject().put("model", "claude-x").put("messages", new JsonArray());
    assertEquals(new TranslateRequest("chat", chat, Map.of(), "req_3", 9L),
      TranslateRequest.fromJson(chat, "req_3", 9L));
  }

  @Test
  void translationRepliesAndFailuresRoundTrip() {
    ResponseContext ctx = new ResponseContext("claude-x", true, true, 7, true, "json_tool", Map.of("a_b", "a.b"),
      new JsonObject().put("client", new JsonObject().put("k", 1)));
    TranslationReply reply = new TranslationReply("messages", new TranslatedRequest(new JsonObject().put("x", 1),
      ctx, Map.of("anthropic-beta", "interleaved-thinking-2025-05-14"), List.of("a warning")));
    TranslationReply received = TranslationReply.fromJson((JsonObject) overTheWire(reply.toJson(), Bus.json()));
    assertEquals(reply.route(), received.route());
    assertEquals(reply.translated().body(), received.translated().body());
    assertEquals(reply.translated().context(), received.translated().context());
    assertEquals(reply.translated().upstreamHeaders(), received.translated().upstreamHeaders());
    assertEquals(reply.translated().warnings(), received.translated().warnings());

    TranslationFailure failure = new TranslationFailure(400, new JsonObject().put("error",
      new JsonObject().put("param", "messages[0].content")));
    var error = new io.vertx.core.eventbus.ReplyException(io.vertx.core.eventbus.ReplyFailure.RECIPIENT_FAILURE,
      failure.status(), failure.body().encode());
    assertEquals(failure, TranslationFailure.of(error));
    assertNull(TranslationFailure.of(new io.vertx.core.eventbus.ReplyException(
      io.vertx.core.eventbus.ReplyFailure.NO_HANDLERS, "none")));
  }

  @Test
  void upstreamJobsRoundTripWithoutShowingTheKey() {
    ResponseContext ctx = new ResponseContext("claude-x", false, false, 7, false, null, Map.of());
    UpstreamJob job = new UpstreamJob(STREAM, "req_2", "factory-proxy.http.inbox.h1", "chat", "messages",
      new JsonObject().put("model", "claude-x"), ctx, Map.of("x-session-id", "s"), "fk-test-0000");
    UpstreamJob received = UpstreamJob.fromJson((JsonObject) overTheWire(job.toJson(), Bus.json()));
    assertEquals(job, received);
    assertEquals(false, job.toString().contains("fk-test-0000"));
  }
}
