package dev.factoryproxy.bus;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;

import java.util.Map;

/**
 * The upstream side of one exchange: sends its messages, numbered and in {@link StreamEnvelope}s, to the owning HTTP
 * inbox.
 * The messages are {@link StreamMessage}s: {@code COMPLETE}, or {@code HEAD}, {@code DATA}..., {@code END}.
 */
public final class StreamSender {
  private final EventBus bus;
  private final String inbox;
  private final String streamId;
  private final String control;
  private long seq;

  public StreamSender(EventBus bus, String inbox, String streamId, String control) {
    this.bus = bus;
    this.inbox = inbox;
    this.streamId = streamId;
    this.control = control;
  }

  public void complete(int status, Map<String, String> headers, JsonObject body) {
    send(new StreamMessage.Complete(status, headers, body));
  }

  public void head(int status, Map<String, String> headers) {
    send(new StreamMessage.Head(status, headers, control));
  }

  public void data(Buffer sseText) {
    send(new StreamMessage.Data(sseText));
  }

  /** The stream is over; {@code error} is the error code when it ended with an error frame, else null. */
  public void end(String finishReason, JsonObject usage, String error) {
    send(new StreamMessage.End(finishReason, usage, error));
  }

  /**
   * Tells the HTTP side the call is alive. Completes with true while the client is still there, false when the
   * HTTP side no longer knows the stream; fails when the HTTP side cannot be reached (its node may be gone).
   */
  public Future<Boolean> heartbeat(long timeoutMs) {
    DeliveryOptions options = StreamEnvelope.sendOptions().setSendTimeout(timeoutMs);
    return bus.<JsonObject>request(inbox, new StreamEnvelope(streamId, seq++, new StreamMessage.Heartbeat()), options)
      .map(reply -> HeartbeatReply.fromJson(reply.body()).known());
  }

  private void send(StreamMessage message) {
    bus.send(inbox, new StreamEnvelope(streamId, seq++, message), StreamEnvelope.OPTIONS);
  }
}
