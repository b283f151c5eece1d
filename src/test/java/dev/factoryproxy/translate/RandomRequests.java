package dev.factoryproxy.translate;

import dev.factoryproxy.config.TranslationSettings;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded generator of chat-completions requests for the fuzz test: a plausible, mostly valid request, then
 * zero to three mutations (a value replaced by one of another type, a field removed, a field inserted, a value
 * wrapped in an array, or a value buried under deep nesting).
 */
public final class RandomRequests {
  private static final List<String> MODELS = List.of(TestSettings.SONNET, TestSettings.OPUS, TestSettings.HAIKU,
    TestSettings.NATIVE_JSON, TestSettings.STRICT_TOOLS, TestSettings.NO_SAMPLING, "sonnet", "claude-unknown");
  private static final List<String> TOOL_NAMES =
    List.of("get_weather", "search", "get.weather", "json_response", "名前", "run code", "x".repeat(140));
  private static final List<String> TEXTS = List.of("Hello", "  padded  ", "trailing\n ", "ünïcødé 😀",
    TranslationSettings.DROID_PROMPT_PREFIX + " Extra.", "{\"a\":1}", "line\nbreak");
  private static final List<Object> STRINGS = List.of("", " ", "\n\t", "hello", "user", "assistant", "system", "tool",
    "function", "developer", "text", "image_url", "file", "auto", "none", "required", "json_schema", "json_object",
    "enabled", "adaptive", "disabled", "high", "minimal",
    "data:image/png;base64,iVBO", "data:application/pdf;base64,JVB",
    "data:;base64,", "data:image/png;base64", "https://example.com/a.png", "{}", "{\"a\":1}", "[1]", "not json",
    "a.b c", "alice@example.com", "+1 555 010 0199", "ünïcødé 😀", "x".repeat(300),
    TranslationSettings.DROID_PROMPT_PREFIX);
  private static final List<Object> NUMBERS = List.of(0, -1, 1, 2, 0.5, 0.96, 1.5, 2.5, 1023, 1024, 4096, 100_000,
    1e12, -0.0, Long.MAX_VALUE, Integer.MIN_VALUE, 3.000001);
  private static final List<String> KEYS = List.of("model", "messages", "role", "content", "type", "text", "image_url",
    "url", "file", "file_data", "file_id", "tool_calls", "id", "function", "name", "arguments", "tool_call_id",
    "thinking_blocks", "thinking", "signature", "data", "tools", "parameters", "properties", "items", "anyOf",
    "tool_choice", "functions", "function_call", "temperature", "top_p", "top_k", "max_tokens",
    "max_completion_tokens", "stop", "user", "n", "stream", "stream_options", "include_usage", "response_format",
    "json_schema", "schema", "reasoning_effort", "output_config", "budget_tokens", "cache_control",
    "parallel_tool_calls", "strict", "description", "x-unknown");
  private static final int MAX_MUTATIONS = 3;
  private static final int MAX_BURIAL_DEPTH = 30;

  private final Random random;

  public RandomRequests(long seed) {
    this.random = new Random(seed);
  }

  public JsonObject next() {
    JsonObject request = plausibleRequest();
    int mutations = random.nextInt(MAX_MUTATIONS + 1);
    for (int i = 0; i < mutations; i++) {
      mutate(request);
    }
    return request;
  }

  // ---- plausible requests

  private JsonObject plausibleRequest() {
    JsonObject request = new JsonObject().put("model", pick(MODELS));
    List<String> tools = new ArrayList<>();
    if (chance(0.4)) {
      request.put("tools", tools(tools));
    }
    request.put("messages", messages(tools));
    putOptionalFields(request, tools);
    return request;
  }

  private JsonArray tools(List<String> names) {
    JsonArray tools = new JsonArray();
    for (int i = random.nextInt(3) + 1; i > 0; i--) {
      String name = pick(TOOL_NAMES);
      if (!names.contains(name)) {
        names.add(name);
        JsonObject function = new JsonObject().put("name", name).put("description", "does " + name);
        if (chance(0.7)) {
          function.put("parameters", schema());
        }
        tools.add(new JsonObject().put("type", "function").put("function", function));
      }
    }
    return tools;
  }

  private JsonObject schema() {
    JsonObject city = new JsonObject().put("type", chance(0.5) ? "string" : new JsonArray().add("string").add("null"));
    return new JsonObject().put("type", "object")
      .put("properties", new JsonObject().put("city", city).put("days", new JsonObject().put("type", "integer")
        .put("minimum", 1)))
      .put("required", new JsonArray().add("city"));
  }

  private JsonArray messages(List<String> tools) {
    JsonArray messages = new JsonArray();
    if (chance(0.5)) {
      messages.add(message(chance(0.7) ? "system" : "developer", chance(0.7) ? pick(TEXTS) : textParts()));
    }
    int turns = random.nextInt(4) + 1;
    for (int t = 0; t < turns; t++) {
      messages.add(message("user", chance(0.6) ? pick(TEXTS) : userParts()));
      boolean last = t == turns - 1;
      if (!tools.isEmpty() && chance(0.4)) {
        addToolRound(messages, tools, t);
      } else if (!last || chance(0.3)) {
        messages.add(message("assistant", pick(TEXTS)));
      }
    }
    return messages;
  }

  private void addToolRound(JsonArray messages, List<String> tools, int turn) {
    JsonArray calls = new JsonArray();
    for (int k = random.nextInt(2) + 1; k > 0; k--) {
      String arguments = chance(0.2) ? "" : "{\"city\":\"Paris\"}";
      JsonObject function = new JsonObject().put("name", pick(tools)).put("arguments", arguments);
      calls.add(new JsonObject().put("id", "call " + turn + "." + k).put("type", "function").put("function", function));
    }
    JsonObject assistant = new JsonObject().put("role", "assistant").put("content", chance(0.5) ? null : "Checking.")
      .put("tool_calls", calls);
    if (chance(0.5)) {
      assistant.put("thinking_blocks", new JsonArray().add(new JsonObject().put("type", "thinking")
        .put("thinking", "plan").put("signature", "sig")));
    }
    messages.add(assistant);
    for (int k = 0; k < calls.size(); k++) {
      messages.add(new JsonObject().put("role", "tool").put("tool_call_id", calls.getJsonObject(k).getString("id"))
        .put("content", chance(0.8) ? "result " + k : ""));
    }
  }

  private JsonObject message(String role, Object content) {
    return new JsonObject().put("role", role).put("content", content);
  }

  private JsonArray textParts() {
    JsonArray parts = new JsonArray();
    for (int i = random.nextInt(3) + 1; i > 0; i--) {
      JsonObject part = new JsonObject().put("type", "text").put("text", pick(TEXTS));
      if (chance(0.2)) {
        part.put("cache_control", new JsonObject().put("type", "ephemeral"));
      }
      parts.add(part);
    }
    return parts;
  }

  private JsonArray userParts() {
    JsonArray parts = textParts();
    if (chance(0.4)) {
      String url = chance(0.5) ? "https://example.com/cat.png" : "data:image/webp;base64,UklGR";
      parts.add(new JsonObject().put("type", "image_url").put("image_url", new JsonObject().put("url", url)));
    }
    if (chance(0.2)) {
      parts.add(new JsonObject().put("type", "file").put("file", new JsonObject().put("file_data", "JVBERi0")
        .put("filename", "a.pdf")));
    }
    return parts;
  }

  private void putOptionalFields(JsonObject request, List<String> tools) {
    putSometimes(request, "temperature", random.nextDouble() * 1.5);
    putSometimes(request, "top_p", random.nextDouble());
    putSometimes(request, "top_k", random.nextInt(100) + 1);
    putSometimes(request, "max_tokens", random.nextInt(70_000) + 1);
    putSometimes(request, "max_completion_tokens", random.nextInt(70_000) + 1);
    putSometimes(request, "stop", chance(0.5) ? pick(TEXTS) : new JsonArray().add("END").add(" "));
    putSometimes(request, "user", pick(STRINGS));
    putSometimes(request, "n", 1);
    putSometimes(request, "stream", random.nextBoolean());
    putSometimes(request, "stream_options", new JsonObject().put("include_usage", random.nextBoolean()));
    putSometimes(request, "parallel_tool_calls", random.nextBoolean());
    putSometimes(request, "reasoning_effort", pick(List.of("none", "minimal", "low", "medium", "high")));
    putSometimes(request, "thinking", chance(0.5) ? new JsonObject().put("type", "adaptive")
      : new JsonObject().put("type", "enabled").put("budget_tokens", 1024 + random.nextInt(3000)));
    putSometimes(request, "response_format", responseFormat());
    putSometimes(request, "output_config", new JsonObject().put("effort", "medium"));
    putSometimes(request, "seed", 42);
    putSometimes(request, "metadata", new JsonObject().put("k", "v"));
    if (!tools.isEmpty()) {
      putSometimes(request, "tool_choice", chance(0.5) ? pick(List.of("auto", "none", "required"))
        : new JsonObject().put("type", "function").put("function", new JsonObject().put("name", pick(tools))));
    }
  }

  private JsonObject responseFormat() {
    return switch (random.nextInt(3)) {
      case 0 -> new JsonObject().put("type", "text");
      case 1 -> new JsonObject().put("type", "json_object");
      default -> new JsonObject().put("type", "json_schema")
        .put("json_schema", new JsonObject().put("name", "out").put("schema", schema()));
    };
  }

  private void putSometimes(JsonObject request, String key, Object value) {
    if (chance(0.15)) {
      request.put(key, value);
    }
  }

  // ---- mutations

  /** A place in the tree: a key of an object or an index of an array. */
  private record Slot(Object container, Object key) {
    Object get() {
      return container instanceof JsonObject o
        ? o.getValue((String) key) : ((JsonArray) container).getValue((Integer) key);
    }

    void set(Object value) {
      if (container instanceof JsonObject o) {
        o.put((String) key, value);
      } else {
        ((JsonArray) container).set((Integer) key, value);
      }
    }

    void remove() {
      if (container instanceof JsonObject o) {
        o.remove((String) key);
      } else {
        ((JsonArray) container).remove((int) (Integer) key);
      }
    }
  }

  private void mutate(JsonObject root) {
    List<Slot> slots = new ArrayList<>();
    collect(root, slots);
    if (slots.isEmpty()) {
      return;
    }
    Slot slot = slots.get(random.nextInt(slots.size()));
    switch (random.nextInt(5)) {
      case 0 -> slot.set(randomValue(0));
      case 1 -> slot.remove();
      case 2 -> insertInto(slot.get() instanceof JsonObject || slot.get() instanceof JsonArray ? slot.get() : root);
      case 3 -> slot.set(new JsonArray().add(slot.get()));
      default -> slot.set(buried(slot.get()));
    }
  }

  private static void collect(Object node, List<Slot> slots) {
    if (node instanceof JsonObject o) {
      for (String key : List.copyOf(o.fieldNames())) {
        slots.add(new Slot(o, key));
        collect(o.getValue(key), slots);
      }
    } else if (node instanceof JsonArray a) {
      for (int i = 0; i < a.size(); i++) {
        slots.add(new Slot(a, i));
        collect(a.getValue(i), slots);
      }
    }
  }

  private void insertInto(Object container) {
    if (container instanceof JsonObject o) {
      o.put(pick(KEYS), randomValue(0));
    } else {
      JsonArray a = (JsonArray) container;
      a.getList().add(random.nextInt(a.size() + 1), randomValue(0));
    }
  }

  /** {@code value} under a chain of single-key objects and arrays. */
  private Object buried(Object value) {
    Object out = value;
    for (int depth = random.nextInt(MAX_BURIAL_DEPTH) + 1; depth > 0; depth--) {
      out = chance(0.5) ? new JsonArray().add(out) : new JsonObject().put(pick(KEYS), out);
    }
    return out;
  }

  private Object randomValue(int depth) {
    return switch (random.nextInt(depth > 2 ? 5 : 7)) {
      case 0 -> null;
      case 1 -> random.nextBoolean();
      case 2 -> pick(NUMBERS);
      case 3, 4 -> pick(STRINGS);
      case 5 -> {
        JsonArray array = new JsonArray();
        for (int i = random.nextInt(4); i > 0; i--) {
          array.add(randomValue(depth + 1));
        }
        yield array;
      }
      default -> {
        JsonObject object = new JsonObject();
        for (int i = random.nextInt(4); i > 0; i--) {
          object.put(pick(KEYS), randomValue(depth + 1));
        }
        yield object;
      }
    };
  }

  private boolean chance(double p) {
    return random.nextDouble() < p;
  }

  private <T> T pick(List<T> items) {
    return items.get(random.nextInt(items.size()));
  }
}
