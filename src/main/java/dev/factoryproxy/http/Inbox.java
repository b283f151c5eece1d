package dev.factoryproxy.http;

import dev.factoryproxy.bus.Bus;
import dev.factoryproxy.bus.HeartbeatReply;
import dev.factoryproxy.bus.Heartbeats;
import dev.factoryproxy.bus.StreamEnvelope;
import dev.factoryproxy.bus.StreamMessage;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * This HTTP instance's private event-bus address: every answer for the clients it holds arrives here (one
 * consumer, so each stream's messages stay in order) and is handed to its {@link Exchange}.
 */
final class Inbox {
  private final Map<String, Exchange> open = new HashMap<>();
  private final MessageConsumer<Object> consumer;
  private final String address;
  private final String instanceId;
  private long streams;

  Inbox(Vertx vertx, String instanceId) {
    this.address = Bus.httpInbox(instanceId);
    this.instanceId = instanceId;
    this.consumer = vertx.eventBus().consumer(address, this::route);
  }

  /** Completes once the consumer is registered (cluster-wide when clustered). */
  Future<Void> ready() {
    return consumer.completion();
  }

  String address() {
    return address;
  }

  /** Unique in the cluster: this instance's random id and a counter (cheaper than a random UUID per call). */
  String newStreamId() {
    return instanceId + "-" + (++streams);
  }

  void add(Exchange exchange) {
    open.put(exchange.streamId(), exchange);
  }

  void remove(String streamId) {
    open.remove(streamId);
  }

  int size() {
    return open.size();
  }

  private void route(Message<Object> message) {
    if (!(message.body() instanceof StreamEnvelope envelope)) {
      if (Bus.HEARTBEATS.equals(message.headers().get(Bus.H_KIND))) {
        beats(message);
      }
      return;
    }
    Exchange exchange = open.get(envelope.streamId());
    if (exchange != null) {
      exchange.onMessage(envelope, message);
    } else if (envelope.message() instanceof StreamMessage.Heartbeat) {
      // The client is gone (and the cancel may have been lost): tell the upstream to stop.
      message.reply(new HeartbeatReply(false).toJson());
    }
  }

  /** One upstream instance's beat for all its calls here: each exchange is alive; the rest have no client now. */
  private void beats(Message<Object> message) {
    List<String> unknown = new ArrayList<>();
    for (String streamId : Heartbeats.fromJson((JsonObject) message.body()).streamIds()) {
      Exchange exchange = open.get(streamId);
      if (exchange != null) {
        exchange.beat();
      } else {
        unknown.add(streamId);
      }
    }
    message.reply(new Heartbeats.Reply(unknown).toJson(), Bus.json());
  }
}
