package dev.factoryproxy.conversation;

import dev.factoryproxy.client.responses.ConversationRecord;
import io.vertx.core.Future;

/**
 * Where answered Responses conversations are kept for {@code previous_response_id} (XR17), asynchronously: a
 * cluster map answers over the network, and the event loop must not wait for it.
 */
public interface ConversationStore {
  Future<Void> put(String responseId, ConversationRecord record);

  /** The record, or null when the id is unknown or has expired. */
  Future<ConversationRecord> get(String responseId);
}
