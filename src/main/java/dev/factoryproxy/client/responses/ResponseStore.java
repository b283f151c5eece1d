package dev.factoryproxy.client.responses;

/**
 * Where answered conversations are kept for {@code previous_response_id} (XR17). Pure and synchronous: the in-memory
 * implementation serves tests and one node; the wiring backs it by a cluster map so the next turn may land on
 * another node.
 */
public interface ResponseStore {
  void put(String responseId, ConversationRecord record);

  /** The record, or null when the id is unknown or has expired. */
  ConversationRecord get(String responseId);
}
