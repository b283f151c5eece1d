package dev.factoryproxy.translate;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class OpenAiErrorsTest {

  @Test
  void e1_bodyKeepsNullParamAndCode() {
    assertEquals(new JsonObject("""
        {"error":{"message":"Overloaded","type":"overloaded_error","param":null,"code":null}}"""),
      OpenAiErrors.body("Overloaded", "overloaded_error", null, null));
  }

  @Test
  void e1_bodyCarriesParamPath() {
    assertEquals(new JsonObject("""
        {"error":{"message":"bad","type":"invalid_request_error","param":"messages[0].content","code":"x"}}"""),
      OpenAiErrors.body("bad", "invalid_request_error", "messages[0].content", "x"));
  }

  @Test
  void t12_streamFrameIsOneDataFrame() {
    assertEquals("data: {\"error\":{\"message\":\"m\",\"type\":\"t\",\"param\":null,\"code\":\"c\"}}\n\n",
      OpenAiErrors.streamFrame(OpenAiErrors.body("m", "t", null, "c")));
  }
}
