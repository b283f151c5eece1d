package dev.factoryproxy.client.messages;

import dev.factoryproxy.config.ModelInfo;
import dev.factoryproxy.translate.TestSettings;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Settings, models and Claude Code's real first request (captured from 2.1.332) for the Messages tests. */
final class Fixtures {
  static final String FIRST_REQUEST = "/fixtures/claude-code-2.1.332-first-request.txt";
  static final ModelInfo SONNET = TestSettings.defaults().models().resolve(TestSettings.SONNET);
  static final ModelInfo OPUS = TestSettings.defaults().models().resolve(TestSettings.OPUS);

  /** A request as captured: lower-case headers and the JSON body. */
  record Captured(Map<String, String> headers, JsonObject body) {
  }

  private Fixtures() {
  }

  static MessagesSettings settings() {
    return MessagesSettings.from(TestSettings.defaults());
  }

  static Captured claudeCodeFirstRequest() {
    String text = resource(FIRST_REQUEST);
    int split = text.indexOf("\n\n");
    Map<String, String> headers = new LinkedHashMap<>();
    String[] lines = text.substring(0, split).split("\n");
    for (int i = 1; i < lines.length; i++) { // line 0 is "POST /v1/messages?beta=true"
      int colon = lines[i].indexOf(':');
      headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip());
    }
    return new Captured(headers, new JsonObject(text.substring(split + 2).strip()));
  }

  private static String resource(String name) {
    try (InputStream in = Fixtures.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
