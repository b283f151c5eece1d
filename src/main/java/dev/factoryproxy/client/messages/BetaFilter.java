package dev.factoryproxy.client.messages;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * MP4, MP5: the client's {@code anthropic-beta} list cut to what Factory accepts (it answers 400 to an unknown
 * beta, LiteLLM #20021), and the request fields that only a beta makes valid dropped unless their beta survives:
 * Claude Code sends {@code context_management} and {@code tools[].defer_loading} with their betas.
 */
final class BetaFilter {
  /** What is left of the header, and what went. */
  record Betas(List<String> kept, List<String> dropped) {
    String header() {
      return kept.isEmpty() ? null : String.join(",", kept);
    }

    boolean has(String prefix) {
      return kept.stream().anyMatch(beta -> beta.startsWith(prefix));
    }
  }

  static final String CONTEXT_MANAGEMENT = "context-management-";
  static final String ADVANCED_TOOL_USE = "advanced-tool-use-";
  /** Tool fields of the advanced-tool-use beta (tool search, examples, programmatic calling). */
  private static final List<String> ADVANCED_TOOL_FIELDS = List.of("defer_loading", "input_examples",
    "allowed_callers");

  private BetaFilter() {
  }

  /** The header's comma-separated values, in order, without blanks and repeats. */
  static Betas filter(String header, List<String> allowed) {
    Set<String> seen = new LinkedHashSet<>();
    if (header != null) {
      for (String beta : header.split(",")) {
        if (!beta.isBlank()) {
          seen.add(beta.strip());
        }
      }
    }
    List<String> kept = new ArrayList<>();
    List<String> dropped = new ArrayList<>();
    seen.forEach(beta -> (allowed.contains(beta) ? kept : dropped).add(beta));
    return new Betas(List.copyOf(kept), List.copyOf(dropped));
  }

  /** Removes from {@code body} (a copy the caller owns) the fields whose beta is not kept; names them in warnings. */
  static void dropUnbackedFields(JsonObject body, Betas betas, List<String> warnings) {
    if (body.containsKey("context_management") && !betas.has(CONTEXT_MANAGEMENT)) {
      body.remove("context_management");
      warnings.add("context_management was removed: Factory does not accept the context-management beta");
    }
    if (!betas.has(ADVANCED_TOOL_USE) && body.getValue("tools") instanceof JsonArray tools) {
      Set<String> removed = new LinkedHashSet<>();
      for (Object tool : tools) {
        if (tool instanceof JsonObject definition) {
          ADVANCED_TOOL_FIELDS.stream().filter(definition::containsKey).forEach(field -> {
            definition.remove(field);
            removed.add("tools[]." + field);
          });
        }
      }
      if (!removed.isEmpty()) {
        warnings.add(String.join(", ", removed) + " removed: Factory does not accept the advanced-tool-use beta");
      }
    }
  }
}
