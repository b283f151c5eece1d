package dev.factoryproxy.translate;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class FinishReasonsTest {

  static Stream<Arguments> s6_table() {
    return Stream.of(
      arguments("end_turn", false, false, "stop"),
      arguments("stop_sequence", false, false, "stop"),
      arguments("max_tokens", false, false, "length"),
      arguments("tool_use", false, false, "tool_calls"),
      arguments("tool_use", true, false, "stop"),
      arguments("tool_use", false, true, "function_call"),
      arguments("tool_use", true, true, "stop"),
      arguments("pause_turn", false, false, "stop"),
      arguments("refusal", false, false, "content_filter"),
      arguments("model_context_window_exceeded", false, false, "length"),
      arguments("something_new", false, false, "stop"),
      arguments(null, false, false, "stop"),
      arguments("max_tokens", false, true, "length"));
  }

  @ParameterizedTest(name = "{0} json={1} legacy={2} -> {3}")
  @MethodSource
  void s6_table(String stopReason, boolean onlyJsonTool, boolean legacy, String expected) {
    assertEquals(expected, FinishReasons.map(stopReason, onlyJsonTool, legacy));
  }
}
