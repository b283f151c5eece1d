package dev.factoryproxy;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The start-up cache's training run (deploy/factory-proxy makes the cache with it): each of its requests goes
 * through a real node to the canned upstream and must come back 200 with the canned text, or the cache would
 * miss that route's classes and profiles.
 */
class CdsTrainingTest {

  @Test
  void everyTrainingRequestIsAnsweredWithTheCannedText() throws Exception {
    Map<CdsTraining.Call, Integer> failed = CdsTraining.run(1);
    assertEquals(Map.of(), failed);
  }

  @Test
  void theTrainingCoversEveryClientEndpointAndRoutePlainAndStreamed() {
    List<CdsTraining.Call> calls = CdsTraining.calls();
    Set<String> pairs = calls.stream().map(c -> c.path() + " " + c.model()).collect(Collectors.toSet());
    assertEquals(Set.of("/v1/chat/completions claude-sonnet-4-5", "/v1/chat/completions gpt-5.4",
      "/v1/chat/completions glm-5", "/v1/messages claude-sonnet-4-5", "/v1/messages gpt-5.4",
      "/v1/responses gpt-5.4", "/v1/responses claude-sonnet-4-5"), pairs);
    for (String pair : pairs) {
      long modes = calls.stream().filter(c -> (c.path() + " " + c.model()).equals(pair)).map(c -> c.stream())
        .distinct().count();
      assertEquals(2, modes, pair + ": plain and streamed");
    }
    assertTrue(calls.contains(CdsTraining.REFERENCE));
  }
}
