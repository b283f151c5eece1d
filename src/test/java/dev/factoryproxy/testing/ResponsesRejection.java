package dev.factoryproxy.testing;

import io.vertx.core.json.JsonObject;

/**
 * Why the fake Responses route refuses a request, answered in OpenAI's error shape
 * ({@code {"error":{"message","type","param","code"}}}), as the Responses API answers.
 */
public final class ResponsesRejection extends RuntimeException {
  private final int status;
  private final String type;
  private final String param;
  private final String code;

  ResponsesRejection(int status, String type, String param, String code, String message) {
    super(message, null, false, false);
    this.status = status;
    this.type = type;
    this.param = param;
    this.code = code;
  }

  static ResponsesRejection invalid(String param, String message) {
    return new ResponsesRejection(400, "invalid_request_error", param, null, message);
  }

  static ResponsesRejection unknownParameter(String param) {
    return new ResponsesRejection(400, "invalid_request_error", param, "unknown_parameter",
      "Unknown parameter: '" + param + "'.");
  }

  /** Throws a 400 naming {@code param} unless {@code valid}. */
  static void require(boolean valid, String param, String message) {
    if (!valid) {
      throw invalid(param, message);
    }
  }

  public int status() {
    return status;
  }

  public String param() {
    return param;
  }

  public JsonObject errorBody() {
    return new JsonObject().put("error", new JsonObject()
      .put("message", getMessage()).put("type", type).put("param", param).put("code", code));
  }
}
