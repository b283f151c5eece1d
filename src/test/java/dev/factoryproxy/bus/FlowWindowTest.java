package dev.factoryproxy.bus;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Credit flow control of one stream: the sender's window and the receiver's acknowledgements. */
class FlowWindowTest {

  @Test
  void senderClosesOnceTheWindowIsFullAndReopensBelowIt() {
    FlowWindow.Sender sender = new FlowWindow.Sender(100);
    assertFalse(sender.sent(60));
    assertTrue(sender.sent(40), "100 of 100 in flight closes the window");
    assertFalse(sender.sent(10), "already closed: no second pause");
    assertTrue(sender.closed());
    assertFalse(sender.acknowledged(10), "still 100 in flight");
    assertTrue(sender.acknowledged(1), "99 in flight reopens");
    assertFalse(sender.acknowledged(50), "already open: no second resume");
    assertFalse(sender.closed());
  }

  @Test
  void receiverIsDueAtAQuarterWindowAndTakeGrantsEverythingOwed() {
    FlowWindow.Receiver receiver = new FlowWindow.Receiver(100);
    receiver.written(24);
    assertFalse(receiver.due());
    receiver.written(1);
    assertTrue(receiver.due());
    assertEquals(25, receiver.take());
    assertEquals(0, receiver.owed());
    assertEquals(0, receiver.take());
  }

  @Test
  void defaultWindowIsTheBusWindow() {
    FlowWindow.Sender sender = new FlowWindow.Sender();
    assertFalse(sender.sent(Bus.FLOW_WINDOW_BYTES - 1));
    assertTrue(sender.sent(1));
    FlowWindow.Receiver receiver = new FlowWindow.Receiver();
    receiver.written(Bus.FLOW_WINDOW_BYTES / 4);
    assertTrue(receiver.due());
  }
}
