package dev.factoryproxy.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;

/**
 * Benchmark only: the floor of a Vert.x HTTP-to-HTTP hop on this machine, to tell the proxy's own costs from
 * the platform's. One event loop, no event bus, no translation: parse the client's JSON, encode it for the
 * fake upstream, call it with a pooled HTTP client, and relay its answer (JSON parsed and re-encoded; an SSE
 * stream relayed chunk by chunk). Usage: {@code BareProxy PORT UPSTREAM_URL}.
 */
public final class BareProxy {
  private BareProxy() {
  }

  public static void main(String[] args) {
    int port = Integer.parseInt(args[0]);
    String upstream = args[1];
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1)
      .setPreferNativeTransport(Boolean.getBoolean("bench.native")));
    System.out.println("native transport: " + vertx.isNativeTransportEnabled());
    HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
      new PoolOptions().setHttp1MaxSize(10_000));
    vertx.createHttpServer(new HttpServerOptions().setTcpNoDelay(true).setHost("127.0.0.1"))
      .requestHandler(req -> handle(client, upstream, req))
      .listen(port)
      .onSuccess(s -> System.out.println("bare-proxy listening on " + port));
  }

  private static void handle(HttpClient client, String upstream, HttpServerRequest req) {
    HttpServerResponse resp = req.response();
    req.body().onSuccess(body -> {
      JsonObject request = body.toJsonObject();
      boolean stream = request.getBoolean("stream", false);
      client.request(new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(upstream)
          .putHeader("content-type", "application/json").putHeader("x-api-key", "placeholder"))
        .compose(up -> up.send(request.toBuffer()))
        .onSuccess(answer -> {
          if (!stream) {
            answer.body().onSuccess(b -> resp.putHeader("content-type", "application/json")
              .end(b.toJsonObject().toBuffer()));
            return;
          }
          resp.setChunked(true).putHeader("content-type", "text/event-stream");
          answer.handler(chunk -> resp.write(chunk));
          answer.endHandler(v -> resp.end());
        })
        .onFailure(err -> resp.setStatusCode(502).end());
    });
  }
}
