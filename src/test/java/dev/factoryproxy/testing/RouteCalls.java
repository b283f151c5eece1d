package dev.factoryproxy.testing;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Blocking calls from a test thread to a route fake: what the endpoint would send, and what came back. */
public final class RouteCalls {
  /** The answer: status and body text (SSE text for a stream). */
  public record Answer(int status, String body) {
    public JsonObject json() {
      return new JsonObject(body);
    }

    /** The {@code data:} payloads of an SSE body, in order. */
    public List<String> dataLines() {
      List<String> out = new ArrayList<>();
      for (SseEvent event : SseEvent.parse(body)) {
        out.add(event.data());
      }
      return out;
    }
  }

  private final HttpClient client;

  public RouteCalls(Vertx vertx) {
    this.client = vertx.createHttpClient();
  }

  /** POSTs {@code body} with the endpoint's headers plus {@code identity} (a route dialect's identity headers). */
  public Answer post(String url, Map<String, String> identity, JsonObject body) throws Exception {
    MultiMap headers = RouteFake.endpointHeaders();
    identity.forEach(headers::set);
    return post(url, headers, body);
  }

  public Answer post(String url, MultiMap headers, JsonObject body) throws Exception {
    // The body handler must be set in the send future's own callback, which runs on the connection's event loop as
    // the head arrives. One compose further out (send, then body, chained) is a hop to the caller's context: the
    // first chunks could arrive before it and be dropped, so a test read an empty 200 (flaky stream_truncated).
    return client.request(new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url).setHeaders(headers))
      .compose(request -> request.send(body.encode())
        .compose(response -> response.body().map(text -> new Answer(response.statusCode(), text.toString()))))
      .toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }
}
