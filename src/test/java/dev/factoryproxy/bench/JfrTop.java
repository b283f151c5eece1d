package dev.factoryproxy.bench;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Benchmark only: summarises a JFR recording of the proxy. CPU samples (jdk.ExecutionSample) by top frame (self),
 * by method anywhere on the stack (inclusive), and by category; allocation samples by the first project or
 * Vert.x frame; GC pauses. Usage: {@code JfrTop FILE.jfr [TOP_N [FROM_EPOCH_MS TO_EPOCH_MS]]}: only events that
 * started inside the window count.
 */
public final class JfrTop {
  /** Category → frame-name prefixes; a sample counts in every category whose prefix is on its stack. */
  private static final Map<String, List<String>> CATEGORIES = new LinkedHashMap<>();

  static {
    CATEGORIES.put("logging (logback, access log)", List.of("ch.qos.logback.", "dev.factoryproxy.http.AccessLog"));
    CATEGORIES.put("JSON copies (JsonObject/JsonArray.copy: event-bus local delivery)", List.of(
      "io.vertx.core.json.JsonObject.copy", "io.vertx.core.json.JsonArray.copy"));
    CATEGORIES.put("JSON encode (Jackson generator)", List.of("io.vertx.core.json.jackson.JacksonCodec.encode",
      "io.vertx.core.json.jackson.JacksonCodec.toBuffer", "io.vertx.core.json.jackson.JacksonCodec.toString",
      "com.fasterxml.jackson.core.json.UTF8JsonGenerator", "com.fasterxml.jackson.core.json.WriterBasedJsonGenerator"));
    CATEGORIES.put("JSON parse (Jackson parser)", List.of("io.vertx.core.json.jackson.JacksonCodec.decode",
      "io.vertx.core.json.jackson.JacksonCodec.fromBuffer", "io.vertx.core.json.jackson.JacksonCodec.fromString",
      "com.fasterxml.jackson.core.json.UTF8StreamJsonParser", "com.fasterxml.jackson.core.json.ReaderBasedJsonParser"));
    CATEGORIES.put("event bus machinery (send/deliver, excluding handlers)", List.of("io.vertx.core.eventbus.impl.EventBusImpl.",
      "io.vertx.core.eventbus.impl.MessageImpl", "io.vertx.core.eventbus.impl.OutboundDeliveryContext",
      "io.vertx.core.eventbus.impl.HandlerRegistration.receive", "io.vertx.core.eventbus.DeliveryOptions"));
    CATEGORIES.put("request translation (RequestTranslator)", List.of("dev.factoryproxy.translate.RequestTranslator"));
    CATEGORIES.put("response translation (Response/StreamTranslator)", List.of("dev.factoryproxy.translate.ResponseTranslator",
      "dev.factoryproxy.translate.StreamTranslator"));
    CATEGORIES.put("SSE parsing (SseEventParser)", List.of("dev.factoryproxy.upstream.SseEventParser"));
    CATEGORIES.put("UUID.randomUUID (SecureRandom)", List.of("java.util.UUID.randomUUID"));
    CATEGORIES.put("vertx-web router/BodyHandler", List.of("io.vertx.ext.web."));
    CATEGORIES.put("HTTP client: pool, request setup", List.of("io.vertx.core.http.impl.HttpClientImpl",
      "io.vertx.core.http.impl.HttpClientBase", "io.vertx.core.net.impl.pool.", "io.vertx.core.internal.pool.",
      "io.vertx.core.http.impl.SharedHttpClientConnectionGroup"));
    CATEGORIES.put("netty write path (encode, flush, socket write)", List.of("io.netty.channel.AbstractChannelHandlerContext.write",
      "io.netty.channel.AbstractChannelHandlerContext.flush", "io.netty.channel.AbstractChannelHandlerContext.invokeFlush"));
    CATEGORIES.put("netty read path (socket read, HTTP decode)", List.of("io.netty.channel.nio.AbstractNioByteChannel$NioByteUnsafe.read"));
    CATEGORIES.put("timers (setTimer/cancelTimer)", List.of("io.vertx.core.impl.VertxImpl.setTimer",
      "io.vertx.core.impl.VertxImpl.cancelTimer", "io.vertx.core.impl.VertxImpl.scheduleTimeout"));
  }

  private JfrTop() {
  }

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    int top = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    long from = args.length > 3 ? Long.parseLong(args[2]) : Long.MIN_VALUE;
    long to = args.length > 3 ? Long.parseLong(args[3]) : Long.MAX_VALUE;
    Map<String, Integer> self = new HashMap<>();
    Map<String, Integer> inclusive = new HashMap<>();
    Map<String, Integer> categories = new HashMap<>();
    Map<String, Integer> threads = new HashMap<>();
    Map<String, Integer> innermost = new HashMap<>();
    Map<String, Integer> outermost = new HashMap<>();
    Map<String, Long> alloc = new HashMap<>();
    long allocTotal = 0;
    int samples = 0;
    long gcPauseNanos = 0;
    int gcCount = 0;
    try (RecordingFile recording = new RecordingFile(file)) {
      while (recording.hasMoreEvents()) {
        RecordedEvent event = recording.readEvent();
        long at = event.getStartTime().toEpochMilli();
        if (at < from || at > to) {
          continue;
        }
        String type = event.getEventType().getName();
        switch (type) {
          case "jdk.ExecutionSample" -> {
            RecordedStackTrace stack = event.getStackTrace();
            if (stack == null || stack.getFrames().isEmpty()) {
              continue;
            }
            samples++;
            threads.merge(String.valueOf(event.getThread("sampledThread") == null ? "?"
              : event.getThread("sampledThread").getJavaName()), 1, Integer::sum);
            List<RecordedFrame> frames = stack.getFrames();
            self.merge(name(frames.get(0)), 1, Integer::sum);
            Set<String> seen = new HashSet<>();
            Set<String> cats = new HashSet<>();
            for (RecordedFrame frame : frames) {
              String name = name(frame);
              if (seen.add(name)) {
                inclusive.merge(name, 1, Integer::sum);
              }
              CATEGORIES.forEach((cat, prefixes) -> {
                for (String prefix : prefixes) {
                  if (name.startsWith(prefix)) {
                    cats.add(cat);
                  }
                }
              });
            }
            cats.forEach(c -> categories.merge(c, 1, Integer::sum));
            innermost.merge(projectFrame(frames, false), 1, Integer::sum);
            outermost.merge(projectFrame(frames, true), 1, Integer::sum);
          }
          case "jdk.ObjectAllocationSample" -> {
            long weight = event.getLong("weight");
            allocTotal += weight;
            RecordedStackTrace stack = event.getStackTrace();
            String where = "?";
            if (stack != null) {
              for (RecordedFrame frame : stack.getFrames()) {
                String name = name(frame);
                if (name.startsWith("dev.factoryproxy.") || name.startsWith("io.vertx.")) {
                  where = name;
                  break;
                }
              }
            }
            alloc.merge(where + "  [" + event.getClass("objectClass").getName() + "]", weight, Long::sum);
          }
          case "jdk.GarbageCollection" -> {
            gcCount++;
            gcPauseNanos += event.getDuration("sumOfPauses").toNanos();
          }
          default -> { }
        }
      }
    }
    System.out.printf("CPU samples: %d%n", samples);
    print("threads", threads, samples, top);
    print("categories (inclusive, overlapping)", categories, samples, top);
    print("phase: outermost project frame (the handler the work runs under)", outermost, samples, top);
    print("cause: innermost project frame (the project call that led to the work)", innermost, samples, top);
    print("top frames (self)", self, samples, top);
    print("methods on stack (inclusive)", inclusive, samples, top + 20);
    System.out.printf("%nallocation samples: %.1f MB sampled weight; top sites (first project/Vert.x frame [class]):%n",
      allocTotal / 1e6);
    final long total = allocTotal;
    alloc.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(top)
      .forEach(e -> System.out.printf("  %5.1f%%  %s%n", 100.0 * e.getValue() / Math.max(1, total), e.getKey()));
    System.out.printf("%nGC: %d collections, %.1f ms total pause%n", gcCount, gcPauseNanos / 1e6);
  }

  private static void print(String title, Map<String, Integer> counts, int samples, int top) {
    System.out.printf("%n%s:%n", title);
    counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(top)
      .forEach(e -> System.out.printf("  %5.1f%%  %s%n", 100.0 * e.getValue() / Math.max(1, samples), e.getKey()));
  }

  /** The innermost (or outermost) dev.factoryproxy frame, else the innermost io.vertx frame, else the top frame. */
  private static String projectFrame(List<RecordedFrame> frames, boolean outermost) {
    String found = null;
    for (RecordedFrame frame : frames) {
      String name = name(frame);
      if (name.startsWith("dev.factoryproxy.") && !name.contains("$$Lambda")) {
        found = name;
        if (!outermost) {
          return name;
        }
      }
    }
    if (found != null) {
      return found;
    }
    for (RecordedFrame frame : frames) {
      String name = name(frame);
      if (name.startsWith("io.vertx.")) {
        return "(no project frame) " + name;
      }
    }
    return "(no project frame) " + name(frames.get(0));
  }

  private static String name(RecordedFrame frame) {
    return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
  }
}
