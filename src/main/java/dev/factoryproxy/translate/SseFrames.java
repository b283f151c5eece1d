package dev.factoryproxy.translate;

/** The two kinds of frame the proxy writes to an OpenAI client: data-only SSE (T1). */
public final class SseFrames {

  /** End of a successful stream (T11). */
  public static final String DONE = "data: [DONE]\n\n";

  private SseFrames() {
  }

  public static String data(String json) {
    return "data: " + json + "\n\n";
  }
}
