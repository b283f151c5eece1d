package dev.factoryproxy.http;

import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One line per request, written when it ends: who, what, how long, how many tokens. Never a key. */
final class AccessLog {
  private static final Logger LOG = LoggerFactory.getLogger("factory-proxy.access");

  private AccessLog() {
  }

  static Entry start(String requestId, String method, String path) {
    return new Entry(requestId, method, path);
  }

  static final class Entry {
    private final String requestId;
    private final String method;
    private final String path;
    private final long startNanos = System.nanoTime();
    private long firstTokenNanos;
    private String client = "-";
    private String model = "-";
    private boolean stream;
    private JsonObject usage;
    private String finishReason;
    private String error;
    private boolean logged;
    private int retries;

    private Entry(String requestId, String method, String path) {
      this.requestId = requestId;
      this.method = method;
      this.path = path;
    }

    String requestId() {
      return requestId;
    }

    Entry client(String clientId) {
      this.client = clientId;
      return this;
    }

    Entry request(String model, boolean stream) {
      this.model = model;
      this.stream = stream;
      return this;
    }

    void firstToken() {
      firstTokenNanos = System.nanoTime();
    }

    void usage(JsonObject usage, String finishReason) {
      this.usage = usage;
      this.finishReason = finishReason;
    }

    /** The call was dispatched again to another upstream (nothing had been sent to the client). */
    void retried(String why) {
      retries++;
      LOG.warn("[{}] upstream lost before any output, dispatching again: {}", requestId, why);
    }

    void error(String code) {
      if (error == null) {
        error = code;
      }
    }

    void done(int status) {
      if (logged) {
        return;
      }
      logged = true;
      long now = System.nanoTime();
      StringBuilder line = new StringBuilder(160)
        .append('[').append(requestId).append("] ")
        .append(method).append(' ').append(path).append(' ').append(status)
        .append(' ').append((now - startNanos) / 1_000_000).append("ms")
        .append(" client=").append(client)
        .append(" model=").append(model)
        .append(" stream=").append(stream);
      if (firstTokenNanos > 0) {
        line.append(" ttft=").append((firstTokenNanos - startNanos) / 1_000_000).append("ms");
      }
      if (usage != null) {
        line.append(" tokens=").append(usage.getValue("prompt_tokens")).append('/')
          .append(usage.getValue("completion_tokens"));
      }
      if (finishReason != null) {
        line.append(" finish=").append(finishReason);
      }
      if (retries > 0) {
        line.append(" redispatched=").append(retries);
      }
      if (error != null) {
        line.append(" error=").append(error);
      }
      LOG.info(line.toString());
    }
  }
}
