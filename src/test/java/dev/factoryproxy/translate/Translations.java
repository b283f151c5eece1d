package dev.factoryproxy.translate;

import io.vertx.core.json.JsonObject;

import static org.junit.jupiter.api.Assertions.assertThrows;

/** Shared shortcuts for the translation tests. */
final class Translations {
  static final long CREATED = 1_700_000_000L;
  static final RequestTranslator TRANSLATOR = new RequestTranslator(TestSettings.defaults());

  private Translations() {
  }

  static TranslatedRequest translate(String openAiJson) {
    return TRANSLATOR.translate(new JsonObject(openAiJson), CREATED);
  }

  static JsonObject body(String openAiJson) {
    return translate(openAiJson).body();
  }

  static InvalidRequestException rejection(String openAiJson) {
    return assertThrows(InvalidRequestException.class, () -> translate(openAiJson));
  }

  /** Expected JSON; {@code $DROID} stands for the configured Droid prompt. */
  static JsonObject json(String text) {
    return new JsonObject(text.replace("$DROID", TestSettings.DROID_PROMPT));
  }
}
