package dev.factoryproxy.bench;

import dev.factoryproxy.config.ConfigLoader;
import dev.factoryproxy.testing.FakeFactory;
import dev.factoryproxy.testing.ProxyClient;
import dev.factoryproxy.testing.ProxyUnderTest;
import dev.factoryproxy.testing.Reply;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Measurement, not a unit test (issue 10 §2): how long a hung or stalled Factory holds a client with the SHIPPED
 * timeouts (conf/config.json's first byte, idle and retry budget; only ports and keys are changed). Each scenario
 * runs on its own Vert.x, fake Factory and proxy, all at once, so the whole run takes about the longest bound
 * (~1 min); every wait is capped at 150 s. Usage: run the class's main with the test classpath.
 */
public final class HungUpstreamBounds {
  private HungUpstreamBounds() {
  }

  private record Scenario(String name, boolean stream, Consumer<FakeFactory> script) {
  }

  public static void main(String[] args) throws Exception {
    JsonObject overloaded = new JsonObject().put("type", "error")
      .put("error", new JsonObject().put("type", "overloaded_error").put("message", "Overloaded"));
    List<Scenario> scenarios = List.of(
      new Scenario("hung, non-stream", false, fake -> fake.setDefault(Reply.hang())),
      new Scenario("hung, stream", true, fake -> fake.setDefault(Reply.hang())),
      new Scenario("529, 529, then hung", false, fake -> fake.enqueue(Reply.error(529, overloaded))
        .enqueue(Reply.error(529, overloaded)).setDefault(Reply.hang())),
      new Scenario("stream stalls after its first delta", true,
        fake -> fake.setDefault(Reply.stallAfter(Reply.streamOpening("Hel")))));
    JsonObject shipped = ConfigLoader.load(Map.of());
    List<CompletableFuture<String>> results = new ArrayList<>();
    List<Vertx> vertxes = new ArrayList<>();
    for (Scenario scenario : scenarios) {
      Vertx vertx = Vertx.vertx();
      vertxes.add(vertx);
      FakeFactory fake = FakeFactory.start(vertx).await().expectKey(ProxyUnderTest.FACTORY_KEY);
      scenario.script().accept(fake);
      int port = ProxyUnderTest.freePort();
      JsonObject config = ProxyUnderTest.config(fake.url(), port);
      config.getJsonObject("upstream").put("retry", shipped.getJsonObject("upstream").getJsonObject("retry"));
      ProxyUnderTest.start(vertx, config).await();
      HttpClient http = vertx.createHttpClient();
      results.add(CompletableFuture.supplyAsync(() -> {
        long started = System.nanoTime();
        // ProxyClient's own wait is bounded for tests (far below these bounds): this one waits up to 150 s
        String[] statusAndBody;
        try {
          statusAndBody = http.request(ProxyClient.chatRequest(port, ProxyUnderTest.CLIENT_KEY))
          .compose(req -> req.send(ProxyClient.chatBody(scenario.stream()).toBuffer())
            .compose(resp -> resp.body().map(b -> new String[] {Integer.toString(resp.statusCode()), b.toString()})))
          .await(150, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
          return scenario.name() + ": no answer within 150 s";
        }
        long ms = (System.nanoTime() - started) / 1_000_000;
        String body = statusAndBody[1].trim();
        String ending = statusAndBody[0] + " " + (scenario.stream() && statusAndBody[0].equals("200")
          ? "stream, last frame " + body.substring(body.lastIndexOf("data: ") + 6) : body);
        return String.format("%-38s %6.1f s  calls=%d  %s", scenario.name(), ms / 1000.0, fake.callCount(),
          ending.length() > 110 ? ending.substring(0, 110) + "…" : ending);
      }));
    }
    System.out.println("shipped: firstByteTimeoutMs=" + shipped.getJsonObject("upstream").getValue("firstByteTimeoutMs")
      + " idleTimeoutMs=" + shipped.getJsonObject("upstream").getValue("idleTimeoutMs")
      + " retry=" + shipped.getJsonObject("upstream").getJsonObject("retry").encode());
    for (CompletableFuture<String> result : results) {
      System.out.println(result.get(150, TimeUnit.SECONDS));
    }
    for (Vertx vertx : vertxes) {
      vertx.close().await();
    }
    System.exit(0);
  }
}
