package dev.factoryproxy.client.responses;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The first request Codex CLI 0.169.0 sent (recorded by the real-CLI harness): its JSON body. */
final class CodexFixture {
  private CodexFixture() {
  }

  static JsonObject firstRequest() {
    try (InputStream in = CodexFixture.class.getResourceAsStream("/fixtures/codex-0.169.0-first-request.txt")) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
      return new JsonObject(text.substring(text.lastIndexOf('\n') + 1));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
