package dev.factoryproxy.testing;

import io.vertx.core.json.JsonObject;

/**
 * Why the fake upstream refuses a request, answered in Anthropic's error shape
 * ({@code {"type":"error","error":{"type":...,"message":...}}}, translation.md section D).
 */
final class Rejection extends RuntimeException {
  private final int status;
  private final String errorType;

  private Rejection(int status, String errorType, String message) {
    super(message, null, false, false);
    this.status = status;
    this.errorType = errorType;
  }

  static Rejection invalid(String message) {
    return new Rejection(400, "invalid_request_error", message);
  }

  static Rejection unauthenticated(String message) {
    return new Rejection(401, "authentication_error", message);
  }

  static Rejection forbidden(String message) {
    return new Rejection(403, "permission_error", message);
  }

  static Rejection notFound() {
    return new Rejection(404, "not_found_error", "The requested resource could not be found.");
  }

  /** Throws a 400 {@code invalid_request_error} with {@code message} unless {@code valid}. */
  static void requireValid(boolean valid, String message) {
    if (!valid) {
      throw invalid(message);
    }
  }

  int status() {
    return status;
  }

  JsonObject errorBody() {
    return new JsonObject()
      .put("type", "error")
      .put("error", new JsonObject().put("type", errorType).put("message", getMessage()));
  }
}
