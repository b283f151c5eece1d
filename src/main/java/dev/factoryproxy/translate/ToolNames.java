package dev.factoryproxy.translate;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The tool names of one request as Anthropic sees them (R16). Names outside {@code ^[a-zA-Z0-9_-]{1,128}$}
 * get a deterministic replacement; the renames are recorded (upstream → client) so the response side can
 * give the client its own names back. Every upstream name is unique within the request.
 */
final class ToolNames {
  static final int MAX_LENGTH = 128;

  private final Map<String, String> upstreamByClient = new HashMap<>();
  private final Set<String> taken = new HashSet<>();
  private final Map<String, String> renamed = new LinkedHashMap<>();

  /** The upstream name for a client tool name; the same client name always gets the same answer. */
  String upstream(String clientName) {
    String known = upstreamByClient.get(clientName);
    if (known != null) {
      return known;
    }
    String name = reserve(Identifiers.safe(clientName, MAX_LENGTH));
    upstreamByClient.put(clientName, name);
    if (!name.equals(clientName)) {
      renamed.put(name, clientName);
    }
    return name;
  }

  /** {@code wanted}, or {@code wanted_2}, {@code wanted_3}, … when taken; the result is taken from now on. */
  String reserve(String wanted) {
    String name = wanted;
    for (int n = 2; taken.contains(name); n++) {
      String suffix = "_" + n;
      name = Identifiers.truncate(wanted, MAX_LENGTH - suffix.length()) + suffix;
    }
    taken.add(name);
    return name;
  }

  /** Upstream name → client name, for the renamed tools only. */
  Map<String, String> renames() {
    return Map.copyOf(renamed);
  }
}
