package dev.factoryproxy.upstream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class QuotaResetTest {
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
    "You've reached your 5-hour standard usage limit (resets in 1h 0min).|3600000",
    "Weekly limit reached (resets in 2d 3h)|183600000",
    "Limit reached, resets in 45min|2700000",
    "resets in 30s|30000",
    "Resets In 1 hour 5 minutes|3900000",
    "Payment required|-1",
    "resets in soon|-1",
    "resets in 3 fortnights|-1"})
  void k3_theResetNamedInFactorysDetail(String detail, long ms) {
    assertEquals(ms, QuotaReset.fromDetail(detail));
  }
}
