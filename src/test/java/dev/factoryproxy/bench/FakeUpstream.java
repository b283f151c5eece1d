package dev.factoryproxy.bench;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.VerticleBase;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

import java.nio.charset.StandardCharsets;

/**
 * Benchmark only: a minimal, fast fake Factory (Anthropic Messages API) that validates nothing.
 * <ul>
 *   <li>a body without {@code "stream":true}: one canned Anthropic message (JSON);</li>
 *   <li>{@code "stream":true}: a canned SSE stream with 5 text_delta events, written at once;</li>
 *   <li>{@code "stream":true} and the text {@code bench-drip:INTERVAL_MS:COUNT} anywhere in the body: the same
 *       stream shape, but COUNT text deltas ("tick") dripped one every INTERVAL_MS.</li>
 * </ul>
 * Usage: {@code FakeUpstream PORT [EVENT_LOOPS]}. Prints "fake-upstream listening on PORT" when ready.
 */
public final class FakeUpstream extends VerticleBase {
  private static final byte[] STREAM_TRUE = "\"stream\":true".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] DRIP = "bench-drip:".getBytes(StandardCharsets.US_ASCII);

  static final String MESSAGE_START = "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_bench0000000000000000000\","
    + "\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5-20250929\",\"content\":[],"
    + "\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":25,\"cache_creation_input_tokens\":0,"
    + "\"cache_read_input_tokens\":0,\"output_tokens\":1}}}";
  static final String BLOCK_START = "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}";
  static final String PING = "{\"type\": \"ping\"}";
  static final String BLOCK_STOP = "{\"type\":\"content_block_stop\",\"index\":0}";
  static final String MESSAGE_DELTA = "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},"
    + "\"usage\":{\"output_tokens\":12}}";
  static final String MESSAGE_STOP = "{\"type\":\"message_stop\"}";

  static final Buffer MESSAGE = Buffer.buffer("{\"id\":\"msg_bench0000000000000000000\",\"type\":\"message\",\"role\":\"assistant\","
    + "\"model\":\"claude-sonnet-4-5-20250929\",\"content\":[{\"type\":\"text\",\"text\":\"Hello! How can I help you with "
    + "your code today? I am ready when you are.\"}],\"stop_reason\":\"end_turn\",\"stop_sequence\":null,"
    + "\"usage\":{\"input_tokens\":25,\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0,\"output_tokens\":12}}");
  static final Buffer STREAM = Buffer.buffer(event("message_start", MESSAGE_START) + event("content_block_start", BLOCK_START)
    + event("ping", PING)
    + delta("Hello! How ") + delta("can I help ") + delta("you with your ") + delta("code today? I am ")
    + delta("ready when you are.")
    + event("content_block_stop", BLOCK_STOP) + event("message_delta", MESSAGE_DELTA) + event("message_stop", MESSAGE_STOP));
  static final Buffer DRIP_HEAD = Buffer.buffer(event("message_start", MESSAGE_START) + event("content_block_start", BLOCK_START)
    + event("ping", PING));
  static final Buffer DRIP_DELTA = Buffer.buffer(delta("tick "));
  static final Buffer DRIP_TAIL = Buffer.buffer(event("content_block_stop", BLOCK_STOP)
    + event("message_delta", MESSAGE_DELTA) + event("message_stop", MESSAGE_STOP));

  private static final CharSequence JSON = HttpHeaders.createOptimized("application/json");
  private static final CharSequence SSE = HttpHeaders.createOptimized("text/event-stream; charset=utf-8");
  private static final CharSequence REQUEST_ID = HttpHeaders.createOptimized("request-id");
  private static final CharSequence REQUEST_ID_VALUE = HttpHeaders.createOptimized("req_bench");
  private static final CharSequence MESSAGE_LENGTH = HttpHeaders.createOptimized(Integer.toString(MESSAGE.length()));

  private final int port;

  FakeUpstream(int port) {
    this.port = port;
  }

  static String event(String name, String data) {
    return "event: " + name + "\ndata: " + data + "\n\n";
  }

  static String delta(String text) {
    return event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\","
      + "\"text\":\"" + text + "\"}}");
  }

  public static void main(String[] args) {
    int port = Integer.parseInt(args[0]);
    int loops = args.length > 1 ? Integer.parseInt(args[1]) : 1;
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loops));
    vertx.deployVerticle(() -> new FakeUpstream(port), new DeploymentOptions().setInstances(loops))
      .onSuccess(id -> System.out.println("fake-upstream listening on " + port))
      .onFailure(err -> {
        err.printStackTrace();
        System.exit(1);
      });
  }

  @Override
  public Future<?> start() {
    return vertx.createHttpServer(new HttpServerOptions().setTcpNoDelay(true).setAcceptBacklog(4096).setHost("127.0.0.1"))
      .requestHandler(this::handle)
      .listen(port);
  }

  private void handle(HttpServerRequest req) {
    req.body().onSuccess(body -> answer(req.response(), body));
  }

  private void answer(HttpServerResponse resp, Buffer body) {
    byte[] bytes = body.getBytes();
    MultiMap headers = resp.headers();
    headers.add(REQUEST_ID, REQUEST_ID_VALUE);
    if (indexOf(bytes, STREAM_TRUE, 0) < 0) {
      headers.add(HttpHeaders.CONTENT_TYPE, JSON).add(HttpHeaders.CONTENT_LENGTH, MESSAGE_LENGTH);
      resp.end(MESSAGE);
      return;
    }
    headers.add(HttpHeaders.CONTENT_TYPE, SSE);
    resp.setChunked(true);
    int drip = indexOf(bytes, DRIP, 0);
    if (drip < 0) {
      resp.end(STREAM);
      return;
    }
    int[] pos = {drip + DRIP.length};
    long interval = Math.max(1, number(bytes, pos));
    pos[0]++;
    long count = number(bytes, pos);
    resp.write(DRIP_HEAD);
    long[] sent = {0};
    long timer = vertx.setPeriodic(interval, id -> {
      if (resp.closed()) {
        vertx.cancelTimer(id);
        return;
      }
      if (sent[0]++ < count) {
        resp.write(DRIP_DELTA);
      } else {
        vertx.cancelTimer(id);
        resp.end(DRIP_TAIL);
      }
    });
    resp.closeHandler(v -> vertx.cancelTimer(timer));
  }

  private static long number(byte[] bytes, int[] pos) {
    long n = 0;
    while (pos[0] < bytes.length && bytes[pos[0]] >= '0' && bytes[pos[0]] <= '9') {
      n = n * 10 + (bytes[pos[0]++] - '0');
    }
    return n;
  }

  static int indexOf(byte[] haystack, byte[] needle, int from) {
    outer:
    for (int i = from; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
