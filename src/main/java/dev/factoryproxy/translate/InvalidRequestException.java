package dev.factoryproxy.translate;

/**
 * A client request the proxy refuses before any upstream call: becomes an OpenAI-shaped 400
 * {@code invalid_request_error} with {@code param} set to the JSON path of the bad field (E1).
 */
public final class InvalidRequestException extends RuntimeException {
  private final String param;

  public InvalidRequestException(String param, String message) {
    super(message, null, false, false);
    this.param = param;
  }

  /** JSON path such as {@code messages[2].content[0].image_url.url}; null when no single field is at fault. */
  public String param() {
    return param;
  }
}
