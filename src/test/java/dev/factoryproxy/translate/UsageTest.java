package dev.factoryproxy.translate;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class UsageTest {

  static Stream<Arguments> s7_toOpenAi() {
    return Stream.of(
      arguments("plain", """
          {"input_tokens":472,"output_tokens":89}""", """
          {"prompt_tokens":472,"completion_tokens":89,"total_tokens":561,"prompt_tokens_details":{"cached_tokens":0}}"""),
      arguments("cache reads and writes count as prompt tokens (LiteLLM #13207)", """
          {"input_tokens":10,"cache_read_input_tokens":100,"cache_creation_input_tokens":50,"output_tokens":5}""", """
          {"prompt_tokens":160,"completion_tokens":5,"total_tokens":165,
           "prompt_tokens_details":{"cached_tokens":100,"cache_creation_tokens":50}}"""),
      arguments("null cache fields count as absent", """
          {"input_tokens":3,"cache_read_input_tokens":null,"cache_creation_input_tokens":null,"output_tokens":1}""", """
          {"prompt_tokens":3,"completion_tokens":1,"total_tokens":4,"prompt_tokens_details":{"cached_tokens":0}}"""),
      arguments("reported thinking tokens become reasoning_tokens", """
          {"input_tokens":1,"output_tokens":30,"output_tokens_details":{"thinking_tokens":20}}""", """
          {"prompt_tokens":1,"completion_tokens":30,"total_tokens":31,"prompt_tokens_details":{"cached_tokens":0},
           "completion_tokens_details":{"reasoning_tokens":20}}"""),
      arguments("S8 service tier standard becomes default", """
          {"input_tokens":1,"output_tokens":2,"service_tier":"standard"}""", """
          {"prompt_tokens":1,"completion_tokens":2,"total_tokens":3,"prompt_tokens_details":{"cached_tokens":0},
           "service_tier":"default"}"""),
      arguments("S8 other tiers pass through", """
          {"input_tokens":1,"output_tokens":2,"service_tier":"priority"}""", """
          {"prompt_tokens":1,"completion_tokens":2,"total_tokens":3,"prompt_tokens_details":{"cached_tokens":0},
           "service_tier":"priority"}"""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void s7_toOpenAi(String name, String anthropic, String expected) {
    assertEquals(new JsonObject(expected), Usage.toOpenAi(new JsonObject(anthropic)));
  }

  @Test
  void s7_missingUsageIsAllZero() {
    assertEquals(new JsonObject("""
        {"prompt_tokens":0,"completion_tokens":0,"total_tokens":0,"prompt_tokens_details":{"cached_tokens":0}}"""),
      Usage.toOpenAi(null));
  }

  @Test
  void t9_mergeOverridesWithPresentNonNullDeltaFieldsAndNeverAddsOutputTokens() {
    JsonObject start = new JsonObject("""
        {"input_tokens":25,"cache_read_input_tokens":7,"output_tokens":1}""");
    JsonObject delta = new JsonObject("""
        {"output_tokens":15,"cache_read_input_tokens":null,"cache_creation_input_tokens":4}""");
    assertEquals(new JsonObject("""
        {"input_tokens":25,"cache_read_input_tokens":7,"output_tokens":15,"cache_creation_input_tokens":4}"""),
      Usage.merge(start, delta));
    assertEquals(new JsonObject("""
        {"input_tokens":25,"cache_read_input_tokens":7,"output_tokens":1}"""), start, "inputs are not modified");
  }

  @Test
  void t9_mergeToleratesMissingSides() {
    assertEquals(new JsonObject("{\"output_tokens\":3}"), Usage.merge(null, new JsonObject("{\"output_tokens\":3}")));
    assertEquals(new JsonObject("{\"input_tokens\":2}"), Usage.merge(new JsonObject("{\"input_tokens\":2}"), null));
  }
}
