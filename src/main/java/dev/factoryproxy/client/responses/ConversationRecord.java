package dev.factoryproxy.client.responses;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * What the proxy keeps of one answered response so a later {@code previous_response_id} can name it (XR16): the
 * whole conversation as Responses input items (the earlier input, then the answer's output items). Instructions
 * are not kept: OpenAI does not carry them over either. JSON form for a cluster map.
 */
public record ConversationRecord(JsonArray items) {

  public ConversationRecord {
    items = items == null ? new JsonArray() : items.copy();
  }

  @Override
  public JsonArray items() {
    return items.copy();
  }

  /** A rough size for bounding a store: the items' JSON length. */
  public int encodedLength() {
    return items.encode().length();
  }

  public JsonObject toJson() {
    return new JsonObject().put("items", items.copy());
  }

  public static ConversationRecord fromJson(JsonObject json) {
    return new ConversationRecord(json.getJsonArray("items"));
  }
}
