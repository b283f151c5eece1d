package dev.factoryproxy.bus;

/**
 * Credit flow control of one stream, both ends in one place: the upstream side may have at most
 * {@link Bus#FLOW_WINDOW_BYTES} sent and not yet acknowledged; the HTTP side acknowledges what it wrote to the
 * client ({@link Control.Ack}) once a quarter window has piled up, or when the socket drains. Plain arithmetic,
 * no I/O; event-loop confined.
 */
public final class FlowWindow {

  private FlowWindow() {
  }

  /** The upstream end: counts bytes in flight and says when to pause and resume reading from Factory. */
  public static final class Sender {
    private final int windowBytes;
    private int unacked;
    private boolean closed;

    public Sender() {
      this(Bus.FLOW_WINDOW_BYTES);
    }

    Sender(int windowBytes) {
      this.windowBytes = windowBytes;
    }

    /** Bytes went out; true when they closed the window (the caller pauses its source). */
    public boolean sent(int bytes) {
      unacked += bytes;
      if (!closed && unacked >= windowBytes) {
        closed = true;
        return true;
      }
      return false;
    }

    /** The client got bytes; true when this reopened the window (the caller resumes its source). */
    public boolean acknowledged(int bytes) {
      unacked -= bytes;
      if (closed && unacked < windowBytes) {
        closed = false;
        return true;
      }
      return false;
    }

    public boolean closed() {
      return closed;
    }
  }

  /** The HTTP end: counts bytes written to the client and not yet granted back. */
  public static final class Receiver {
    private final int windowBytes;
    private int owed;

    public Receiver() {
      this(Bus.FLOW_WINDOW_BYTES);
    }

    Receiver(int windowBytes) {
      this.windowBytes = windowBytes;
    }

    public void written(int bytes) {
      owed += bytes;
    }

    /** A quarter window piled up: acknowledge now rather than let the sender stall. */
    public boolean due() {
      return owed >= windowBytes / 4;
    }

    /** The credit to grant, now counted as granted; 0 when nothing is owed. */
    public int take() {
      int credit = owed;
      owed = 0;
      return credit;
    }

    public int owed() {
      return owed;
    }
  }
}
