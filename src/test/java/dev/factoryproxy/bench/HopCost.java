package dev.factoryproxy.bench;

import dev.factoryproxy.cluster.Node;
import dev.factoryproxy.config.ConfigLoader;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Benchmark only: the proxy's own CPU per request (or per streamed delta), measured as the CPU time of its one
 * event-loop thread, in one JVM with the fake Factory and the load client on Vert.x instances of their own. The
 * machine's other load barely moves this gauge (thread CPU time, not wall-clock throughput), so two builds can be
 * compared while other work runs. JIT and GC threads are not counted. Usage:
 * {@code HopCost PAIR [ROUNDS [REQUESTS [CONNECTIONS]]]} with PAIR one of chat-messages, chat-messages-st,
 * messages-pt, messages-pt-st, responses-pt, responses-pt-st, or {@code drip STREAMS INTERVAL_MS DELTAS}
 * (concurrent Chat streams dripping a delta every INTERVAL_MS: CPU per delta, heartbeats included).
 * Prints one line per round: {@code HOP pair=... round=N us_per_request=X}.
 */
public final class HopCost {
  private static final String KEY = "sk-bench-fake";

  private HopCost() {
  }

  public static void main(String[] args) throws Exception {
    String pair = args[0];
    int fakePort = 18700 + (int) (ProcessHandle.current().pid() % 100);
    int proxyPort = fakePort + 100;
    Vertx fakeVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    await(fakeVertx.deployVerticle(new FakeUpstream(fakePort)));
    Map<String, String> env = new HashMap<>();
    env.put("PROXY_CONFIG", "conf/config.json");
    env.put("ANTHROPIC_TARGET_URL", "http://127.0.0.1:" + fakePort + "/v1/messages");
    env.put("FACTORY_API_BASE", "http://127.0.0.1:" + fakePort);
    env.put("FACTORY_API_KEY", "fk-bench-fake");
    env.put("PROXY_API_KEY", KEY);
    env.put("PORT", Integer.toString(proxyPort));
    env.put("HOST", "127.0.0.1");
    env.put("HTTP_INSTANCES", "1");
    env.put("UPSTREAM_INSTANCES", "1");
    env.put("TRANSLATOR_INSTANCES", "1");
    Node node = await(Node.start(ConfigLoader.load(env)));
    CompletableFuture<Thread> loop = new CompletableFuture<>();
    node.vertx().getOrCreateContext().runOnContext(v -> loop.complete(Thread.currentThread()));
    long loopId = loop.get().getId();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    Vertx clientVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    if (pair.equals("drip")) {
      drip(clientVertx, proxyPort, threads, loopId, Integer.parseInt(args[1]), Integer.parseInt(args[2]),
        Integer.parseInt(args[3]), args.length > 4 ? Integer.parseInt(args[4]) : 3);
    } else {
      int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 6;
      int requests = args.length > 2 ? Integer.parseInt(args[2]) : 20_000;
      int connections = args.length > 3 ? Integer.parseInt(args[3]) : 64;
      HttpClient client = clientVertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
        new PoolOptions().setHttp1MaxSize(connections));
      RequestOptions options = options(pair, proxyPort);
      Buffer body = Buffer.buffer(body(pair));
      for (int round = 0; round < rounds; round++) {
        long cpu0 = threads.getThreadCpuTime(loopId);
        long t0 = System.nanoTime();
        await(load(client, options, body, requests, connections));
        long cpu = threads.getThreadCpuTime(loopId) - cpu0;
        System.out.printf("HOP pair=%s round=%d requests=%d us_per_request=%.1f wall_rps=%.0f%n", pair, round,
          requests, cpu / 1000.0 / requests, requests * 1e9 / (System.nanoTime() - t0));
      }
    }
    System.exit(0);
  }

  private static RequestOptions options(String pair, int port) {
    String base = pair.replace("-st", "");
    String path = switch (base) {
      case "messages-pt" -> "/v1/messages";
      case "responses-pt" -> "/v1/responses";
      default -> "/v1/chat/completions";
    };
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(port)
      .setURI(path).putHeader("content-type", "application/json");
    if (base.equals("messages-pt")) {
      options.putHeader("x-api-key", KEY).putHeader("anthropic-version", "2023-06-01");
    } else {
      options.putHeader("authorization", "Bearer " + KEY);
    }
    return options;
  }

  /** The bench's client bodies (bench/run.sh, dialect_bodies). */
  private static String body(String pair) {
    boolean stream = pair.endsWith("-st");
    String tail = stream ? ",\"stream\":true}" : "}";
    String prompt = "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]";
    return switch (pair.replace("-st", "")) {
      case "responses-pt" -> "{\"model\":\"gpt-5.4\",\"max_output_tokens\":256,\"input\":[{\"role\":\"user\","
        + "\"content\":\"Hi\"}]" + tail;
      default -> "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":256," + prompt + tail;
    };
  }

  /** {@code total} requests, {@code connections} at a time; fails on the first answer that is not a 200. */
  private static Future<Void> load(HttpClient client, RequestOptions options, Buffer body, int total,
                                   int connections) {
    Promise<Void> done = Promise.promise();
    AtomicLong started = new AtomicLong();
    AtomicLong finished = new AtomicLong();
    Runnable[] next = new Runnable[1];
    next[0] = () -> {
      if (started.incrementAndGet() > total) {
        return;
      }
      client.request(options).compose(req -> req.send(body).compose(resp -> {
        if (resp.statusCode() != 200) {
          return resp.body().compose(b -> Future.failedFuture("status " + resp.statusCode() + ": " + b));
        }
        return resp.body();
      })).onComplete(result -> {
        if (result.failed()) {
          done.tryFail(result.cause());
          return;
        }
        if (finished.incrementAndGet() == total) {
          done.tryComplete();
        } else {
          next[0].run();
        }
      });
    };
    for (int i = 0; i < connections; i++) {
      next[0].run();
    }
    return done.future();
  }

  /** {@code streams} concurrent drip streams per round: CPU per delta received. */
  private static void drip(Vertx vertx, int port, ThreadMXBean threads, long loopId, int streams, int intervalMs,
                           int deltas, int rounds) throws Exception {
    HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
      new PoolOptions().setHttp1MaxSize(streams));
    RequestOptions options = options("chat-messages-st", port);
    Buffer body = Buffer.buffer("{\"model\":\"claude-sonnet-4-5\",\"stream\":true,\"max_tokens\":256,\"messages\":"
      + "[{\"role\":\"user\",\"content\":\"bench-drip:" + intervalMs + ":" + deltas + "\"}]}");
    for (int round = 0; round < rounds; round++) {
      long cpu0 = threads.getThreadCpuTime(loopId);
      AtomicLong frames = new AtomicLong();
      Promise<Void> all = Promise.promise();
      AtomicLong left = new AtomicLong(streams);
      vertx.runOnContext(v -> {
        for (int i = 0; i < streams; i++) {
          client.request(options).compose(req -> req.send(body)).onSuccess(resp -> {
            resp.handler(chunk -> frames.addAndGet(count(chunk, "\"content\":\"tick")));
            resp.endHandler(e -> {
              if (left.decrementAndGet() == 0) {
                all.tryComplete();
              }
            });
          }).onFailure(all::tryFail);
        }
      });
      await(all.future());
      long cpu = threads.getThreadCpuTime(loopId) - cpu0;
      System.out.printf("HOP pair=drip round=%d streams=%d deltas=%d us_per_delta=%.1f%n", round, streams,
        frames.get(), cpu / 1000.0 / Math.max(1, frames.get()), 0.0);
    }
  }

  private static int count(Buffer chunk, String needle) {
    String text = chunk.toString();
    int n = 0;
    for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get();
  }
}
