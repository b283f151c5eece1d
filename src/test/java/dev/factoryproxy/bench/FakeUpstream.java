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
 * Benchmark only: a minimal, fast fake Factory that validates nothing. The path picks the route:
 * {@code .../responses} answers as Factory's Responses route ({@code /api/llm/o/v1/responses}, GPT),
 * {@code .../chat/completions} as its Chat route ({@code /api/llm/o/v1/chat/completions}, the Core models), anything
 * else as the Anthropic Messages route (as before there were routes). Messages:
 * <ul>
 *   <li>a body without {@code "stream":true}: one canned Anthropic message (JSON);</li>
 *   <li>{@code "stream":true}: a canned SSE stream with 5 text_delta events, written at once;</li>
 *   <li>{@code "stream":true} and the text {@code bench-drip:INTERVAL_MS:COUNT} anywhere in the body: the same
 *       stream shape, but COUNT text deltas ("tick") dripped one every INTERVAL_MS.</li>
 * </ul>
 * Responses and Chat: without {@code "stream":true} one canned JSON answer; with it a canned stream of 5 text deltas
 * (Responses: created, in_progress, item and part added, the deltas, the done events, completed; Chat: the role
 * chunk, the deltas, the finish chunk, a usage chunk, {@code [DONE]}), written at once.
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

  /** Each route's last delta names it, so that the benchmark can check which route answered through the proxy. */
  static final String[] RESPONSE_DELTAS = {"Hello! How ", "can I help ", "you with your ", "code today? I am ",
    "ready, said the Responses route."};
  static final String[] CHAT_DELTAS = {"Hello! How ", "can I help ", "you with your ", "code today? I am ",
    "ready, said the Chat route."};
  static final String RESPONSE_TEXT = String.join("", RESPONSE_DELTAS);
  static final String CHAT_TEXT = String.join("", CHAT_DELTAS);

  static final String RESPONSE_HEAD = "{\"id\":\"resp_bench0000000000000000000\",\"object\":\"response\","
    + "\"created_at\":1700000000,\"status\":\"%s\",\"error\":null,\"incomplete_details\":null,\"model\":\"gpt-5.4\","
    + "\"output\":%s,\"usage\":%s}";
  static final String RESPONSE_USAGE = "{\"input_tokens\":25,\"input_tokens_details\":{\"cached_tokens\":0},"
    + "\"output_tokens\":12,\"output_tokens_details\":{\"reasoning_tokens\":0},\"total_tokens\":37}";
  static final String OUTPUT_TEXT = "{\"type\":\"output_text\",\"text\":\"" + RESPONSE_TEXT + "\",\"annotations\":[]}";
  static final String OUTPUT_ITEM = "{\"type\":\"message\",\"id\":\"msg_bench0000000000000000000\",\"status\":\"%s\","
    + "\"role\":\"assistant\",\"content\":%s}";
  static final Buffer RESPONSE = Buffer.buffer(String.format(RESPONSE_HEAD, "completed",
    "[" + String.format(OUTPUT_ITEM, "completed", "[" + OUTPUT_TEXT + "]") + "]", RESPONSE_USAGE));
  static final Buffer RESPONSE_STREAM = Buffer.buffer(responseStream());

  static final String CHAT_HEAD = "{\"id\":\"chatcmpl-bench000000000000000000\",\"object\":\"%s\","
    + "\"created\":1700000000,"
    + "\"model\":\"glm-5\",";
  static final String CHAT_USAGE = "\"usage\":{\"prompt_tokens\":25,\"completion_tokens\":12,\"total_tokens\":37}";
  static final Buffer CHAT = Buffer.buffer(String.format(CHAT_HEAD, "chat.completion") + "\"choices\":[{\"index\":0,"
    + "\"message\":{\"role\":\"assistant\",\"content\":\"" + CHAT_TEXT + "\"},\"finish_reason\":\"stop\"}],"
    + CHAT_USAGE + "}");
  static final Buffer CHAT_STREAM = Buffer.buffer(chatStream());

  private static final CharSequence JSON = HttpHeaders.createOptimized("application/json");
  private static final CharSequence SSE = HttpHeaders.createOptimized("text/event-stream; charset=utf-8");
  private static final CharSequence REQUEST_ID = HttpHeaders.createOptimized("request-id");
  private static final CharSequence REQUEST_ID_VALUE = HttpHeaders.createOptimized("req_bench");
  private static final CharSequence MESSAGE_LENGTH = HttpHeaders.createOptimized(Integer.toString(MESSAGE.length()));
  private static final CharSequence RESPONSE_LENGTH = HttpHeaders.createOptimized(Integer.toString(RESPONSE.length()));
  private static final CharSequence CHAT_LENGTH = HttpHeaders.createOptimized(Integer.toString(CHAT.length()));

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

  /** The Responses route's events for {@link #RESPONSE}, numbered as Factory numbers them. */
  static String responseStream() {
    String item = "\"item_id\":\"msg_bench0000000000000000000\",\"output_index\":0,\"content_index\":0";
    String opening = String.format(RESPONSE_HEAD, "in_progress", "[]", "null");
    StringBuilder sse = new StringBuilder();
    int[] seq = {0};
    java.util.function.BiConsumer<String, String> add = (type, fields) -> sse.append(event(type, "{\"type\":\"" + type
      + "\"," + fields + ",\"sequence_number\":" + seq[0]++ + "}"));
    add.accept("response.created", "\"response\":" + opening);
    add.accept("response.in_progress", "\"response\":" + opening);
    add.accept("response.output_item.added", "\"output_index\":0,\"item\":"
      + String.format(OUTPUT_ITEM, "in_progress", "[]"));
    add.accept("response.content_part.added", item
      + ",\"part\":{\"type\":\"output_text\",\"text\":\"\",\"annotations\":[]}");
    for (String delta : RESPONSE_DELTAS) {
      add.accept("response.output_text.delta", item + ",\"delta\":\"" + delta + "\"");
    }
    add.accept("response.output_text.done", item + ",\"text\":\"" + RESPONSE_TEXT + "\"");
    add.accept("response.content_part.done", item + ",\"part\":" + OUTPUT_TEXT);
    add.accept("response.output_item.done", "\"output_index\":0,\"item\":"
      + String.format(OUTPUT_ITEM, "completed", "[" + OUTPUT_TEXT + "]"));
    add.accept("response.completed", "\"response\":" + RESPONSE);
    return sse.toString();
  }

  /** The Chat route's chunks for {@link #CHAT}: data lines only, as OpenAI's Chat Completions streams. */
  static String chatStream() {
    String head = String.format(CHAT_HEAD, "chat.completion.chunk");
    StringBuilder sse = new StringBuilder();
    sse.append("data: ").append(head)
      .append("\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},"
      + "\"finish_reason\":null}]}\n\n");
    for (String delta : CHAT_DELTAS) {
      sse.append("data: ").append(head).append("\"choices\":[{\"index\":0,\"delta\":{\"content\":\"").append(delta)
        .append("\"},\"finish_reason\":null}]}\n\n");
    }
    sse.append("data: ").append(head)
      .append("\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n");
    sse.append("data: ").append(head).append("\"choices\":[],").append(CHAT_USAGE).append("}\n\n");
    sse.append("data: [DONE]\n\n");
    return sse.toString();
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
    String path = req.path();
    if (path.endsWith("/responses")) {
      req.body().onSuccess(body -> answerOpenAi(req.response(), body, RESPONSE, RESPONSE_LENGTH, RESPONSE_STREAM));
    } else if (path.endsWith("/chat/completions")) {
      req.body().onSuccess(body -> answerOpenAi(req.response(), body, CHAT, CHAT_LENGTH, CHAT_STREAM));
    } else {
      req.body().onSuccess(body -> answer(req.response(), body));
    }
  }

  /** The Responses and Chat routes: the canned JSON, or the canned stream for a {@code "stream":true} body. */
  private static void answerOpenAi(HttpServerResponse resp, Buffer body, Buffer json, CharSequence jsonLength,
                                   Buffer stream) {
    MultiMap headers = resp.headers();
    headers.add(REQUEST_ID, REQUEST_ID_VALUE);
    if (indexOf(body.getBytes(), STREAM_TRUE, 0) < 0) {
      headers.add(HttpHeaders.CONTENT_TYPE, JSON).add(HttpHeaders.CONTENT_LENGTH, jsonLength);
      resp.end(json);
      return;
    }
    headers.add(HttpHeaders.CONTENT_TYPE, SSE);
    resp.setChunked(true);
    resp.end(stream);
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
