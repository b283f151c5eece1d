package dev.factoryproxy.bus;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

/** The bus's JsonObject codec: shared, not copied, on local delivery; Vert.x's JSON wire format across nodes. */
class SharedJsonCodecTest {
  private Vertx vertx;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void localDeliveryHandsOverTheSameObject() throws Exception {
    SharedJsonCodec.register(vertx.eventBus());
    SharedJsonCodec.register(vertx.eventBus()); // a second verticle registering is fine
    JsonObject sent = new JsonObject().put("messages", new JsonArray().add("hi"));
    var received = new java.util.concurrent.CompletableFuture<Object>();
    vertx.eventBus().consumer("shared-json-test", message -> received.complete(message.body()))
      .completion().await(10, TimeUnit.SECONDS);
    vertx.eventBus().send("shared-json-test", sent, Bus.json());
    assertSame(sent, received.get(10, TimeUnit.SECONDS));
  }

  @Test
  void theDefaultCodecWouldHaveCopied() throws Exception {
    JsonObject sent = new JsonObject().put("a", 1);
    var received = new java.util.concurrent.CompletableFuture<Object>();
    vertx.eventBus().consumer("copy-test", message -> received.complete(message.body()))
      .completion().await(10, TimeUnit.SECONDS);
    vertx.eventBus().send("copy-test", sent);
    Object body = received.get(10, TimeUnit.SECONDS);
    assertNotSame(sent, body);
    assertEquals(sent, body);
  }

  @Test
  void wireFormatRoundTripsAtAnOffset() {
    SharedJsonCodec codec = new SharedJsonCodec();
    var vertxCodec = new io.vertx.core.eventbus.impl.codecs.JsonObjectMessageCodec();
    JsonObject json = new JsonObject().put("text", "héllo \u2603").put("n", 42).putNull("nothing")
      .put("nested", new JsonObject().put("list", new JsonArray().add(1).add("two")));
    Buffer ours = Buffer.buffer("prefix");
    Buffer theirs = Buffer.buffer("prefix");
    codec.encodeToWire(ours, json);
    vertxCodec.encodeToWire(theirs, json);
    assertEquals(theirs, ours); // same bytes as Vert.x's own JsonObject codec
    assertEquals(json, codec.decodeFromWire("prefix".length(), ours));
  }
}
