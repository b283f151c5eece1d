package dev.factoryproxy.http;

import dev.factoryproxy.config.ModelCatalog;
import dev.factoryproxy.ops.ProxyMetrics;
import dev.factoryproxy.ops.RequestHistory;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * One line per request, written when it ends: who, what, how long, how many tokens. Never a key. The same facts
 * go out as key-value pairs (fields in JSON log mode) and into the request metrics, so the two always agree.
 */
final class AccessLog {
  static final String LOGGER = "factory-proxy.access";
  private static final Logger LOG = LoggerFactory.getLogger(LOGGER);
  private static final String CHAT_PATH = "/v1/chat/completions";
  static final String CLIENT_CLOSED = "client_closed";

  private final ProxyMetrics metrics;
  private final ModelCatalog models;
  private final RequestHistory history;

  AccessLog(ProxyMetrics metrics, ModelCatalog models) {
    this(metrics, models, null);
  }

  /** @param history where client API requests ({@code POST /v1/...}) are also counted (SP6); null: nowhere */
  AccessLog(ProxyMetrics metrics, ModelCatalog models, RequestHistory history) {
    this.metrics = metrics;
    this.models = models;
    this.history = history;
  }

  Entry start(String requestId, String method, String path) {
    return new Entry(requestId, method, path);
  }

  /** Metrics labels must stay few: configured models by id, anything else as "other". */
  private String modelLabel(String model) {
    if (model == null || model.equals("-")) {
      return "none";
    }
    String id = models.configuredId(model);
    return id != null ? id : "other";
  }

  final class Entry {
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
      long latencyMs = (System.nanoTime() - startNanos) / 1_000_000;
      Long ttftMs = firstTokenNanos > 0 ? (firstTokenNanos - startNanos) / 1_000_000 : null;
      write(status, latencyMs, ttftMs);
      record(status);
    }

    private void write(int status, long latencyMs, Long ttftMs) {
      StringBuilder line = new StringBuilder(160)
        .append('[').append(requestId).append("] ")
        .append(method).append(' ').append(path).append(' ').append(status)
        .append(' ').append(latencyMs).append("ms")
        .append(" client=").append(client)
        .append(" model=").append(model)
        .append(" stream=").append(stream);
      LoggingEventBuilder event = LOG.atInfo()
        .addKeyValue("request_id", requestId)
        .addKeyValue("method", method)
        .addKeyValue("path", path)
        .addKeyValue("status", status)
        .addKeyValue("latency_ms", latencyMs)
        .addKeyValue("client", client)
        .addKeyValue("model", model)
        .addKeyValue("stream", stream);
      if (ttftMs != null) {
        line.append(" ttft=").append(ttftMs).append("ms");
        event.addKeyValue("ttft_ms", ttftMs);
      }
      if (usage != null) {
        Object prompt = usage.getValue("prompt_tokens");
        Object completion = usage.getValue("completion_tokens");
        line.append(" tokens=").append(prompt).append('/').append(completion);
        event.addKeyValue("prompt_tokens", prompt).addKeyValue("completion_tokens", completion);
        if (usage.getValue("prompt_tokens_details") instanceof JsonObject details) {
          event.addKeyValue("cached_tokens", details.getValue("cached_tokens"));
        }
      }
      if (finishReason != null) {
        line.append(" finish=").append(finishReason);
        event.addKeyValue("finish_reason", finishReason);
      }
      if (retries > 0) {
        line.append(" redispatched=").append(retries);
      }
      if (error != null) {
        line.append(" error=").append(error);
        event.addKeyValue("error", error);
      }
      event.log(line.toString());
    }

    private void record(int status) {
      if (CLIENT_CLOSED.equals(error)) {
        metrics.clientCancelled();
      }
      if (history != null && "POST".equals(method) && path.startsWith("/v1/")) {
        history.record(status); // every dialect's API calls; health, metrics and the page's own polls are not
      }
      if (!CHAT_PATH.equals(path)) {
        return;
      }
      String label = modelLabel(model);
      metrics.request(label, status, stream);
      if (firstTokenNanos > 0) {
        metrics.timeToFirstToken(label, firstTokenNanos - startNanos);
      }
      metrics.tokens(label, usage);
    }
  }
}
