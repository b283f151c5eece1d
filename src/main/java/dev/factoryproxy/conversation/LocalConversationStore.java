package dev.factoryproxy.conversation;

import dev.factoryproxy.client.responses.ConversationRecord;
import dev.factoryproxy.client.responses.InMemoryResponseStore;
import io.vertx.core.Future;

/** One node's store: the bounded {@link InMemoryResponseStore}, whose calls take microseconds and never block. */
public final class LocalConversationStore implements ConversationStore {
  private final InMemoryResponseStore store;

  public LocalConversationStore(InMemoryResponseStore store) {
    this.store = store;
  }

  @Override
  public Future<Void> put(String responseId, ConversationRecord record) {
    store.put(responseId, record);
    return Future.succeededFuture();
  }

  @Override
  public Future<ConversationRecord> get(String responseId) {
    return Future.succeededFuture(store.get(responseId));
  }
}
