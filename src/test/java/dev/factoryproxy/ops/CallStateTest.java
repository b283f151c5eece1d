package dev.factoryproxy.ops;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The transition table of a call, the same for the HTTP exchange and the upstream call. */
class CallStateTest {

  @ParameterizedTest(name = "{0} -> {1}: {2}")
  @CsvSource({
    "OPEN, OPEN, false", "OPEN, STREAMING, true", "OPEN, DONE, true", "OPEN, FAILED, true", "OPEN, CANCELLED, true",
    "STREAMING, OPEN, false", "STREAMING, STREAMING, false", "STREAMING, DONE, true", "STREAMING, FAILED, true",
    "STREAMING, CANCELLED, true",
    "DONE, OPEN, false", "DONE, STREAMING, false", "DONE, FAILED, false", "DONE, CANCELLED, false",
    "FAILED, OPEN, false", "FAILED, STREAMING, false", "FAILED, DONE, false", "FAILED, CANCELLED, false",
    "CANCELLED, OPEN, false", "CANCELLED, STREAMING, false", "CANCELLED, DONE, false", "CANCELLED, FAILED, false"
  })
  void transitions(CallState from, CallState to, boolean allowed) {
    assertEquals(allowed, from.canMoveTo(to));
  }

  @ParameterizedTest
  @CsvSource({"OPEN, false", "STREAMING, false", "DONE, true", "FAILED, true", "CANCELLED, true"})
  void ends(CallState state, boolean ended) {
    assertEquals(ended, state.ended());
  }
}
