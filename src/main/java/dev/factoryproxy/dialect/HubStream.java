package dev.factoryproxy.dialect;

import io.vertx.core.json.JsonObject;

/**
 * A route's hub stream fed into a client dialect's stream: the route's {@code chat.completion.chunk} frames are
 * read back one by one and handed to the {@link ClientDialect.ClientStream}, whose frames are what the client
 * gets. {@code data: [DONE]} becomes {@code onDone}, an error frame {@code onError}; comments are dropped.
 */
final class HubStream implements StreamTranslation {
  private final StreamTranslation route;
  private final ClientDialect.ClientStream client;

  HubStream(StreamTranslation route, ClientDialect.ClientStream client) {
    this.route = route;
    this.client = client;
  }

  @Override
  public String onEvent(String event, JsonObject data) {
    return render(route.onEvent(event, data));
  }

  @Override
  public String onRawEvent(String event, String rawData) {
    return render(route.onRawEvent(event, rawData));
  }

  @Override
  public String onUpstreamEnd() {
    return render(route.onUpstreamEnd());
  }

  private String render(String hubFrames) {
    if (hubFrames.isEmpty()) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    for (String frame : hubFrames.split("\n\n")) {
      String data = data(frame);
      if (data == null) {
        continue;
      }
      if (data.equals("[DONE]")) {
        out.append(client.onDone());
        continue;
      }
      JsonObject json = new JsonObject(data);
      out.append(json.containsKey("error") && !json.containsKey("choices") ? client.onError(json)
        : client.onChunk(json));
    }
    return out.toString();
  }

  /** The frame's data lines joined (SSE), or null for a frame without data (a comment). */
  static String data(String frame) {
    StringBuilder data = null;
    for (String line : frame.split("\n")) {
      if (line.startsWith("data:")) {
        String value = line.substring(line.startsWith("data: ") ? 6 : 5);
        data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
      }
    }
    return data == null ? null : data.toString();
  }

  @Override
  public boolean done() {
    return route.done();
  }

  @Override
  public boolean failed() {
    return route.failed();
  }

  @Override
  public String finishReason() {
    return route.finishReason();
  }

  @Override
  public JsonObject usage() {
    return route.usage();
  }
}
