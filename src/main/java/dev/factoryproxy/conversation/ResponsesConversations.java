package dev.factoryproxy.conversation;

import dev.factoryproxy.client.responses.ConversationRecord;
import dev.factoryproxy.client.responses.FinalResponseWatcher;
import dev.factoryproxy.client.responses.PreviousResponses;
import dev.factoryproxy.http.Conversations;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code previous_response_id} for the Responses endpoint (XR16–XR22): a request naming an earlier response is
 * expanded from the store before it is translated, and an answer the client wants kept ({@code store} not
 * {@code false}) is recorded once it completed, whether it came whole or as a stream, from either pipeline.
 */
public final class ResponsesConversations implements Conversations {
  private static final Logger LOG = LoggerFactory.getLogger(ResponsesConversations.class);
  private final ConversationStore store;

  public ResponsesConversations(ConversationStore store) {
    this.store = store;
  }

  @Override
  public Future<JsonObject> expand(JsonObject request) {
    String previous = PreviousResponses.previousId(request);
    if (previous == null) {
      return Future.succeededFuture(request);
    }
    return store.get(previous).map(record -> PreviousResponses.expand(request, previous, record));
  }

  @Override
  public Recorder recorder(JsonObject expandedRequest) {
    return PreviousResponses.wantsStore(expandedRequest) ? new Recording(expandedRequest) : null;
  }

  /** One answer on its way to the client. */
  private final class Recording implements Recorder {
    private final JsonObject request;
    private final FinalResponseWatcher stream = new FinalResponseWatcher();

    Recording(JsonObject request) {
      this.request = request;
    }

    @Override
    public void answered(JsonObject answer) {
      keep(answer);
    }

    @Override
    public void frames(Buffer frames) {
      stream.feed(frames.getBytes());
    }

    @Override
    public void streamEnded() {
      keep(stream.finalResponse());
    }

    private void keep(JsonObject response) {
      ConversationRecord record = PreviousResponses.record(request, response);
      String id = response != null && response.getValue("id") instanceof String s ? s : null;
      if (record != null && id != null) {
        store.put(id, record).onFailure(err -> LOG.warn("response {} not kept for previous_response_id: {}", id,
          err.toString()));
      }
    }
  }
}
