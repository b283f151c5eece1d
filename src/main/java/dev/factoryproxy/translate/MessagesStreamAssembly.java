package dev.factoryproxy.translate;

import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * T16 for both users of Factory's Messages route (the Chat → Messages translation and the Claude pass-through):
 * the body asks for a stream, and a whole stream's events become the message a non-streamed call returns.
 * Plain Java, no I/O.
 */
public final class MessagesStreamAssembly {
  private MessagesStreamAssembly() {
  }

  /** The request body with {@code stream: true} (a copy; the job's body stays as the translation made it). */
  public static JsonObject streamingRequest(JsonObject body) {
    return Boolean.TRUE.equals(body.getValue("stream")) ? body : body.copy().put("stream", true);
  }

  /**
   * The events of one stream → the Anthropic message; the {@code error} event itself when the stream carried one
   * (see {@link #errorStatus}); null when it ended before {@code message_stop}.
   */
  public static JsonObject assemble(List<JsonObject> events) {
    MessageAssembler assembler = new MessageAssembler();
    for (JsonObject event : events) {
      if ("error".equals(event.getString("type"))) {
        return event;
      }
      assembler.onEvent(event);
    }
    return assembler.complete() ? assembler.message() : null;
  }

  /** An assembled answer that is an {@code error} event → the HTTP status its error type stands for; else 0. */
  public static int errorStatus(JsonObject answer) {
    if (!"error".equals(answer.getString("type"))) {
      return 0;
    }
    JsonObject error = answer.getJsonObject("error", new JsonObject());
    return UpstreamErrorMapper.statusForType(error.getString("type"));
  }
}
