package dev.factoryproxy.ops;

/**
 * Where one call stands, on either side of the bus ({@code http.Exchange}, {@code upstream.UpstreamCall}):
 * {@link #OPEN} until something reaches the client, {@link #STREAMING} once a stream head went out, then one of
 * the ends. The allowed moves are decided here only, so no path can leave an end or go back to {@link #OPEN}.
 */
public enum CallState {
  /** Under way; nothing has reached the client yet, so the call may still be retried or answered whole. */
  OPEN,
  /** A stream head went out: what follows is frames, and a failure must end the stream with an error frame. */
  STREAMING,
  /** Answered: a complete answer, or a stream that ended (an upstream error relayed as such included). */
  DONE,
  /** Ended by an error this side raised or a failed call (a timeout, a lost upstream, a retryable failure). */
  FAILED,
  /** The client went away. */
  CANCELLED;

  public boolean ended() {
    return this == DONE || this == FAILED || this == CANCELLED;
  }

  /** OPEN → STREAMING or an end; STREAMING → an end; an end is final. */
  public boolean canMoveTo(CallState next) {
    return switch (this) {
      case OPEN -> next != OPEN;
      case STREAMING -> next.ended();
      case DONE, FAILED, CANCELLED -> false;
    };
  }
}
