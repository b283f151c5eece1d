package dev.factoryproxy.bus;

import io.vertx.core.eventbus.DeliveryOptions;

/**
 * The event-bus protocol, defined once: addresses, header names and message kinds.
 *
 * <pre>
 *  HTTP ──request(TRANSLATE, {@link TranslateRequest})──▶ translator  reply: {@link TranslationReply}
 *                                                            or failure: {@link TranslationFailure}
 *  HTTP ──request(UPSTREAM_START, {@link UpstreamJob})──▶ upstream       reply: {@link StartAck}
 *  upstream ──send(job.inbox, {@link StreamEnvelope}: id, seq=0,1,2…, {@link StreamMessage})──▶ the one HTTP
 *                          instance holding the client
 *  upstream ──request(job.inbox, {@link Heartbeats}: every call it runs for that inbox)──▶ HTTP, each period
 *                          reply {@link Heartbeats.Reply}: the streams it no longer holds
 *                          (a {@link StreamMessage.Heartbeat}, one stream's beat, is still answered: older nodes)
 *  HTTP ──send(control, {@link Control}: ACK bytes | CANCEL)──▶ the upstream instance running the call
 *  health ──request(TRANSLATE | UPSTREAM_START, kind=PING)──▶ any instance   reply: {ok: true, ...}
 * </pre>
 * Every message is a typed value whose encoding and decoding live in its class in this package.
 *
 * Ordering holds only from one sender to one consumer, so every stream's messages go to an inbox address with
 * exactly one consumer and carry a sequence number in their envelope (gaps are detected); DATA is acknowledged
 * once written to a client socket that is not backed up (credits, see {@link #FLOW_WINDOW_BYTES}). Bodies are
 * envelopes, JsonObject or Buffer. A message is the sender's to build and the receiver's once sent: senders never
 * touch it again, so local delivery shares it instead of copying ({@link SharedJsonCodec},
 * {@link StreamEnvelope.Codec}). The envelope's codec name carries the protocol's version (v2: stream id and number
 * in the body instead of headers); an HTTP node of an earlier version cannot read it, so a cluster runs one
 * version of the stream protocol (upgrade all nodes together, or drain the old ones first).
 */
public final class Bus {
  /** Request/reply: any translator instance (round-robin). */
  public static final String TRANSLATE = "factory-proxy.translate";
  /** Request/reply: any upstream instance; the reply acknowledges the job and names its control address. */
  public static final String UPSTREAM_START = "factory-proxy.upstream.start";

  /** Headers. */
  public static final String H_KIND = "kind";
  public static final String H_STREAM = "stream-id";
  public static final String H_REQUEST_ID = "request-id";
  public static final String H_RECEIVED_AT = "received-at";
  public static final String H_BYTES = "bytes";

  /**
   * Flow control: an upstream call keeps at most this many bytes of DATA unacknowledged by the HTTP side, and
   * stops reading from Factory until acknowledgements come. The bus has no back-pressure of its own, so without
   * this a slow client would make the proxy buffer a whole stream.
   */
  public static final int FLOW_WINDOW_BYTES = 64 * 1024;

  /** Message kinds (value of {@link #H_KIND}). */
  public static final String PING = "ping";
  public static final String HEAD = "head";
  public static final String DATA = "data";
  public static final String END = "end";
  /** Upstream → HTTP, a request: "still working on it"; the reply says whether the client is still there. */
  public static final String HEARTBEAT = "heartbeat";
  /** Upstream → HTTP, a request: {@link Heartbeats}, the beat of every call one upstream instance runs for an inbox. */
  public static final String HEARTBEATS = "heartbeats";
  public static final String COMPLETE = "complete";
  /** HTTP → upstream: this many bytes of DATA reached the client's socket (credit-based flow control). */
  public static final String ACK = "ack";
  public static final String CANCEL = "cancel";

  private Bus() {
  }

  /** A health ping's options. */
  public static DeliveryOptions ping(long timeoutMs) {
    return new DeliveryOptions().addHeader(H_KIND, PING).setSendTimeout(timeoutMs);
  }

  public static boolean isPing(io.vertx.core.eventbus.Message<?> message) {
    return PING.equals(message.headers().get(H_KIND));
  }

  /** Answers a health ping: {@code ok: true} plus what the instance reports. */
  public static void replyToPing(io.vertx.core.eventbus.Message<?> message, io.vertx.core.json.JsonObject report) {
    message.reply(report.put("ok", true));
  }

  /**
   * Registers the protocol's codecs on a node's event bus ({@link SharedJsonCodec}, {@link StreamEnvelope.Codec});
   * the composition root calls it once per node. A second node on the same Vert.x instance (tests) finds them
   * registered already, which is fine: they hold no state.
   */
  public static void registerCodecs(io.vertx.core.eventbus.EventBus bus) {
    SharedJsonCodec.register(bus);
    registerOnce(bus, new StreamEnvelope.Codec());
  }

  /** Registers {@code codec} unless a codec of its name is registered already (they hold no state). */
  static void registerOnce(io.vertx.core.eventbus.EventBus bus, io.vertx.core.eventbus.MessageCodec<?, ?> codec) {
    synchronized (bus) {
      try {
        bus.registerCodec(codec);
      } catch (IllegalStateException alreadyRegistered) {
        // another node on this Vert.x instance (tests) registered it
      }
    }
  }

  /** Options for sending a JsonObject message (shared, not copied, on local delivery). */
  public static DeliveryOptions json() {
    return new DeliveryOptions().setCodecName(SharedJsonCodec.NAME);
  }

  /** The private inbox of one HTTP verticle instance (exactly one consumer). */
  public static String httpInbox(String instanceId) {
    return "factory-proxy.http.inbox." + instanceId;
  }

  /** The private control address of one upstream verticle instance (exactly one consumer). */
  public static String upstreamControl(String instanceId) {
    return "factory-proxy.upstream.control." + instanceId;
  }
}
