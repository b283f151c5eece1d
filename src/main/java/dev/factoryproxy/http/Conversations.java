package dev.factoryproxy.http;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/**
 * What a client endpoint remembers between requests (the Responses API's {@code previous_response_id}): before a
 * request is translated it may be expanded from an earlier turn, and its answer may be kept for a later one. The
 * composition root gives each endpoint its own (most have {@link #NONE}), so the HTTP code never branches on a
 * dialect. Calls may do I/O (a cluster map), hence the futures; they run on the HTTP verticle's event loop.
 */
public interface Conversations {
  /** Remembers nothing: requests go on unchanged, answers are not kept. */
  Conversations NONE = new Conversations() {
    @Override
    public Future<JsonObject> expand(JsonObject request) {
      return Future.succeededFuture(request);
    }

    @Override
    public Recorder recorder(JsonObject expandedRequest) {
      return null;
    }
  };

  /**
   * The request as the dialect should translate it. Fails with an
   * {@link dev.factoryproxy.translate.InvalidRequestException} (a 400 naming the field) when it names an earlier
   * turn that is not kept.
   */
  Future<JsonObject> expand(JsonObject request);

  /** What watches the answer to this (expanded) request so it can be kept; null when it is not to be kept. */
  Recorder recorder(JsonObject expandedRequest);

  /** Watches one exchange's answer as it is written to the client. Not thread-safe: one exchange's loop. */
  interface Recorder {
    /** A complete 200 answer, as the client got it. */
    void answered(JsonObject answer);

    /** Stream frames, as the client got them. */
    void frames(Buffer frames);

    /** The stream ended without an error. */
    void streamEnded();
  }
}
