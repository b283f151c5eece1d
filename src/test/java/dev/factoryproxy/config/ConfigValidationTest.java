package dev.factoryproxy.config;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Issue 10 §5: each kind of configuration mistake stops start-up with a message naming the key (V1, V2). */
class ConfigValidationTest {
  static Stream<Arguments> mistakes() {
    return Stream.of(
      Arguments.of("v1_misspeltTopLevelKey", "{\"upstrem\":{}}",
        "upstrem is not a configuration key; did you mean upstream?"),
      Arguments.of("v1_misspeltNestedKey", "{\"upstream\":{\"firstByteTimeout\":1000}}",
        "upstream.firstByteTimeout is not a configuration key; did you mean upstream.firstByteTimeoutMs?"),
      Arguments.of("v1_misspeltRetryKey", "{\"upstream\":{\"retry\":{\"maxAtempts\":2}}}",
        "upstream.retry.maxAtempts is not a configuration key; did you mean upstream.retry.maxAttempts?"),
      Arguments.of("v1_misspeltModelKey", "{\"models\":[{\"id\":\"m\",\"maxOutputToken\":5}]}",
        "models[0].maxOutputToken is not a configuration key; did you mean models[0].maxOutputTokens?"),
      Arguments.of("v1_unknownKeyFarFromAnyOther", "{\"http\":{\"colour\":\"blue\"}}",
        "http.colour is not a configuration key"),
      Arguments.of("v2_stringWhereABooleanBelongsInTheModelTable",
        "{\"models\":[{\"id\":\"m\",\"adaptiveThinking\":\"yes\"}]}",
        "models[0].adaptiveThinking must be true or false, got yes"),
      Arguments.of("v2_numberWhereAStringBelongsInTheModelTable", "{\"models\":[{\"id\":\"m\",\"ownedBy\":7}]}",
        "models[0].ownedBy must be a string"),
      Arguments.of("v2_fractionWhereAWholeNumberBelongs", "{\"http\":{\"bodyTimeoutMs\":1.5}}",
        "http.bodyTimeoutMs must be a whole number, got 1.5"),
      Arguments.of("v2_outOfRange", "{\"http\":{\"headerTimeoutMs\":0}}",
        "http.headerTimeoutMs must be greater than 0, got 0"),
      Arguments.of("v2_sectionOfTheWrongType", "{\"limits\":[1]}", "limits must be an object"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mistakes")
  void v1_to_v2_aMistakeStopsStartUpNamingTheKey(String rule, String json, String message) {
    ConfigException e = assertThrows(ConfigException.class, () -> ProxyConfig.fromJson(new JsonObject(json)));
    assertEquals(message, e.getMessage(), rule);
  }

  @Test
  void v1_theShippedConfigurationAndFreeMapsPass() {
    JsonObject shipped = ConfigLoader.load(Map.of());
    shipped.getJsonObject("upstream").put("headers", new JsonObject().put("x-anything", "ok"));
    shipped.getJsonObject("modelAliases").put("any-name", "claude-opus-4-6");
    shipped.getJsonObject("upstream").put("factoryApiKeys", new io.vertx.core.json.JsonArray());
    assertDoesNotThrow(() -> ProxyConfig.fromJson(shipped));
  }
}
