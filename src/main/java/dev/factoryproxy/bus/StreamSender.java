package dev.factoryproxy.bus;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;

import java.util.Map;

/**
 * The upstream side of one exchange: sends its messages, numbered, to the owning HTTP inbox.
 * <ul>
 *   <li>{@code COMPLETE {status, headers, body}}: the whole answer (non-stream, or an error before any output);</li>
 *   <li>{@code HEAD {status, headers}}, then {@code DATA} buffers of OpenAI SSE text, then
 *       {@code END {finishReason, usage, error}}: a stream.</li>
 * </ul>
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
    send(Bus.COMPLETE, new JsonObject().put("status", status).put("headers", JsonMaps.toJson(headers)).put("body", body));
  }

  public void head(int status, Map<String, String> headers) {
    send(Bus.HEAD, new JsonObject().put("status", status).put("headers", JsonMaps.toJson(headers))
      .put("control", control));
  }

  public void data(Buffer sseText) {
    send(Bus.DATA, sseText);
  }

  /** The stream is over; {@code error} is the error code when it ended with an error frame, else null. */
  public void end(String finishReason, JsonObject usage, String error) {
    send(Bus.END, new JsonObject().put("finishReason", finishReason).put("usage", usage).put("error", error));
  }

  /**
   * Tells the HTTP side the call is alive. Completes with true while the client is still there, false when the
   * HTTP side no longer knows the stream; fails when the HTTP side cannot be reached (its node may be gone).
   */
  public Future<Boolean> heartbeat(long timeoutMs) {
    return bus.<JsonObject>request(inbox, null, options(Bus.HEARTBEAT).setSendTimeout(timeoutMs))
      .map(reply -> reply.body().getBoolean("known", false));
  }

  private void send(String kind, Object body) {
    DeliveryOptions options = options(kind);
    if (body instanceof JsonObject) {
      options.setCodecName(SharedJsonCodec.NAME);
    }
    bus.send(inbox, body, options);
  }

  private DeliveryOptions options(String kind) {
    return new DeliveryOptions()
      .addHeader(Bus.H_KIND, kind)
      .addHeader(Bus.H_STREAM, streamId)
      .addHeader(Bus.H_SEQ, Long.toString(seq++));
  }
}
