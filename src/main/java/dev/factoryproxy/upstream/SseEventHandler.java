package dev.factoryproxy.upstream;

/** Receives the events an {@link SseEventParser} completes. */
@FunctionalInterface
public interface SseEventHandler {

  /**
   * @param event the {@code event:} field, or null when the event had none (or an empty one)
   * @param data  the {@code data:} lines joined with {@code "\n"}
   */
  void onEvent(String event, String data);
}
