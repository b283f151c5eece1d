package dev.factoryproxy.bus;

import io.vertx.core.eventbus.DeliveryOptions;

/**
 * The event-bus protocol, defined once: addresses, header names and message kinds.
 *
 * <pre>
 *  HTTP verticle ──request(TRANSLATE, OpenAI JSON)──────────▶ translator   reply: {@link TranslationReply} JSON
 *  HTTP verticle ──request(UPSTREAM_START, {@link UpstreamJob})──▶ upstream     reply: ack {control: address}
 *  upstream ──send(job.inbox, HEAD|DATA|END|COMPLETE|HEARTBEAT, seq=0,1,2…)──▶ the one HTTP instance holding the client
 *  HTTP verticle ──send(control, ACK bytes|CANCEL)──▶ the upstream instance running the call
 * </pre>
 *
 * Ordering holds only from one sender to one consumer, so every stream's messages go to an inbox address with
 * exactly one consumer and carry a sequence number (gaps are detected); DATA is acknowledged once written to a
 * client socket that is not backed up (credits, see {@link #FLOW_WINDOW_BYTES}). Bodies are JsonObject or Buffer.
 * A JsonObject message is the sender's to build and the receiver's once sent: senders never touch it again, so
 * local delivery shares it instead of copying ({@link SharedJsonCodec}, same wire format across a cluster).
 */
public final class Bus {
  /** Request/reply: any translator instance (round-robin). */
  public static final String TRANSLATE = "factory-proxy.translate";
  /** Request/reply: any upstream instance; the reply acknowledges the job and names its control address. */
  public static final String UPSTREAM_START = "factory-proxy.upstream.start";

  /** Headers. */
  public static final String H_KIND = "kind";
  public static final String H_STREAM = "stream-id";
  public static final String H_SEQ = "seq";
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
  public static final String COMPLETE = "complete";
  /** HTTP → upstream: this many bytes of DATA reached the client's socket (credit-based flow control). */
  public static final String ACK = "ack";
  public static final String CANCEL = "cancel";

  private Bus() {
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
