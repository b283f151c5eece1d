package dev.factoryproxy.bus;

import io.vertx.core.MultiMap;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;

/**
 * HTTP → the upstream instance running a call, on its control address: credit ({@link Ack}) and
 * {@link Cancel}. Bodiless: everything is in the headers.
 */
public sealed interface Control {
  String streamId();

  /** This many bytes of DATA reached the client's socket (credit-based flow control, {@link Bus#FLOW_WINDOW_BYTES}). */
  record Ack(String streamId, int bytes) implements Control {
  }

  /** The client is gone, or the exchange ended otherwise: stop the call. */
  record Cancel(String streamId) implements Control {
  }

  default DeliveryOptions options() {
    DeliveryOptions options = new DeliveryOptions().addHeader(Bus.H_STREAM, streamId());
    if (this instanceof Ack ack) {
      return options.addHeader(Bus.H_KIND, Bus.ACK).addHeader(Bus.H_BYTES, Integer.toString(ack.bytes()));
    }
    return options.addHeader(Bus.H_KIND, Bus.CANCEL);
  }

  /** A received control message; null for a kind this version does not know. */
  static Control decode(Message<?> message) {
    return decode(message.headers());
  }

  static Control decode(MultiMap headers) {
    String stream = headers.get(Bus.H_STREAM);
    String kind = headers.get(Bus.H_KIND);
    if (Bus.ACK.equals(kind)) {
      return new Ack(stream, Integer.parseInt(headers.get(Bus.H_BYTES)));
    }
    return Bus.CANCEL.equals(kind) ? new Cancel(stream) : null;
  }
}
