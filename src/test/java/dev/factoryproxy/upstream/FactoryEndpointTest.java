package dev.factoryproxy.upstream;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FactoryEndpointTest {

  @Test
  void sessionAndMessageIdsAreDistinctVersion4Uuids() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      String id = FactoryEndpoint.randomUuid();
      UUID uuid = UUID.fromString(id);
      assertEquals(4, uuid.version(), id);
      assertEquals(2, uuid.variant(), id);
      assertEquals(uuid.toString(), id); // canonical lower-case 8-4-4-4-12 form
      seen.add(id);
    }
    assertEquals(10_000, seen.size());
  }
}
