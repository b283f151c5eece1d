package dev.factoryproxy.client.responses;

import dev.factoryproxy.translate.RequestFields;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * {@code previous_response_id} served from the proxy's own record (XR16–XR20): Factory keeps nothing
 * ({@code store: false}), so the earlier input and output are kept here and put back in front of the new input.
 */
public final class PreviousResponses {
  private PreviousResponses() {
  }

  /**
   * XR18: the request with {@code previous_response_id} replaced by the full conversation in {@code input}; the same
   * request when it names none. XR19: an unknown or expired id → 400 naming {@code previous_response_id}, as OpenAI
   * answers it.
   */
  public static JsonObject expand(JsonObject request, ResponseStore store) {
    String previous = previousId(request);
    return previous == null ? request : expand(request, previous, store.get(previous));
  }

  /** The {@code previous_response_id} a request names, or null; a non-string → 400 naming it. */
  public static String previousId(JsonObject request) {
    return RequestFields.string(request, "previous_response_id", "");
  }

  /**
   * XR18/XR19 with the record already looked up (an asynchronous store does the lookup): {@code record} is what the
   * store holds for {@code previous}, or null when it holds nothing.
   */
  public static JsonObject expand(JsonObject request, String previous, ConversationRecord record) {
    if (record == null) {
      throw RequestFields.invalid("previous_response_id", "Previous response with id '" + previous + "' not found "
        + "(the proxy keeps responses for a limited time and number; send the whole conversation in input)");
    }
    JsonArray items = record.items();
    inputItems(request).forEach(items::add);
    JsonObject expanded = request.copy();
    expanded.remove("previous_response_id");
    return expanded.put("input", items);
  }

  /**
   * XR16: what to keep once a response is answered: the (expanded) request's input items, then the response's
   * output items. Null for a response that did not finish ({@code failed}, {@code in_progress}): there is nothing
   * a next turn could continue.
   */
  public static ConversationRecord record(JsonObject expandedRequest, JsonObject response) {
    String status = response == null ? null : response.getString("status");
    if (!"completed".equals(status) && !"incomplete".equals(status)) {
      return null;
    }
    JsonArray items = inputItems(expandedRequest);
    for (Object item : response.getJsonArray("output", new JsonArray())) {
      items.add(item);
    }
    return new ConversationRecord(items);
  }

  /**
   * Whether a request's answer is to be kept: the client did not ask for {@code store: false} (OpenAI's default
   * is {@code true}; Codex sends {@code false}), XR16.
   */
  public static boolean wantsStore(JsonObject request) {
    return !Boolean.FALSE.equals(request.getValue("store"));
  }

  /** XR20: string input is the user message it stands for. */
  static JsonArray inputItems(JsonObject request) {
    Object input = request.getValue("input");
    if (input instanceof String text) {
      return new JsonArray().add(new JsonObject().put("type", "message").put("role", "user")
        .put("content", new JsonArray().add(new JsonObject().put("type", "input_text").put("text", text))));
    }
    if (input instanceof JsonArray items) {
      return items.copy();
    }
    if (input == null) {
      return new JsonArray();
    }
    throw RequestFields.invalid("input", "input must be a string or an array of items");
  }
}
