package dev.factoryproxy.bus;

import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;

/**
 * The translator's refusal of a {@link TranslateRequest}: the message fails with the HTTP status as failure code
 * and the error body (already in the client's dialect) as failure message, encoded JSON.
 */
public record TranslationFailure(int status, JsonObject body) {

  public void failOn(Message<?> message) {
    message.fail(status, body.encode());
  }

  /** The failure a request's reply carries, or null when it failed for another reason (no translator, timeout). */
  public static TranslationFailure of(Throwable replyError) {
    if (replyError instanceof ReplyException reply && reply.failureType() == ReplyFailure.RECIPIENT_FAILURE) {
      return new TranslationFailure(reply.failureCode(), new JsonObject(reply.getMessage()));
    }
    return null;
  }
}
