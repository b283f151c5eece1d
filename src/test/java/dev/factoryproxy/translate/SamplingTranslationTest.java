package dev.factoryproxy.translate;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static dev.factoryproxy.translate.Translations.body;
import static dev.factoryproxy.translate.Translations.json;
import static dev.factoryproxy.translate.Translations.translate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Limits, sampling, stop sequences, user id, n and stream (R19–R26). */
class SamplingTranslationTest {
  private static final String HELLO = "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]";

  private static JsonObject bodyWith(String model, String fields) {
    return body("{\"model\":\"" + model + "\"," + HELLO + (fields.isEmpty() ? "" : "," + fields) + "}");
  }

  @Test
  void r19_maxCompletionTokensWinsOverMaxTokens() {
    assertEquals(json("""
      {"model":"claude-haiku-4-5-20251001","max_tokens":300,
       "system":[{"type":"text","text":"$DROID"}],
       "messages":[{"role":"user","content":[{"type":"text","text":"Hi"}]}]}"""),
      bodyWith(TestSettings.HAIKU, "\"max_tokens\":100,\"max_completion_tokens\":300"));
  }

  @ParameterizedTest
  @CsvSource({
    "claude-haiku-4-5-20251001, false, 21333",
    "claude-haiku-4-5-20251001, true,  64000",
    "claude-opus-4-6,           true,  128000",
    "claude-some-future-model,  false, 8192"})
  void r20_defaultMaxTokensIsTheModelMaximumCappedForNonStream(String model, boolean stream, int expected) {
    assertEquals(expected, bodyWith(model, "\"stream\":" + stream).getInteger("max_tokens"));
  }

  @Test
  void r21_temperatureAboveOneIsClampedWithAWarning() {
    TranslatedRequest result = translate("{\"model\":\"claude-haiku-4-5-20251001\"," + HELLO + ",\"temperature\":1.5}");

    assertEquals(json("""
      {"model":"claude-haiku-4-5-20251001","max_tokens":21333,
       "system":[{"type":"text","text":"$DROID"}],
       "messages":[{"role":"user","content":[{"type":"text","text":"Hi"}]}],
       "temperature":1}"""), result.body());
    assertEquals(List.of("temperature 1.5 was clamped to 1, the maximum Anthropic accepts"), result.warnings());
  }

  @Test
  void r21_temperatureWithinRangePassesThrough() {
    TranslatedRequest result = translate("{\"model\":\"claude-haiku-4-5-20251001\"," + HELLO + ",\"temperature\":0.7}");

    assertEquals(0.7, result.body().getDouble("temperature"));
    assertEquals(List.of(), result.warnings());
  }

  @Test
  void r22_exclusiveSamplingModelsGetOnlyTemperature() {
    JsonObject body = bodyWith(TestSettings.SONNET, "\"temperature\":0.2,\"top_p\":0.9,\"top_k\":40");

    assertEquals(json("""
      {"model":"claude-sonnet-4-5-20250929","max_tokens":21333,
       "system":[{"type":"text","text":"$DROID"}],
       "messages":[{"role":"user","content":[{"type":"text","text":"Hi"}]}],
       "temperature":0.2,"top_k":40}"""), body);
  }

  @Test
  void r22_otherModelsGetBothTemperatureAndTopP() {
    JsonObject body = bodyWith(TestSettings.HAIKU, "\"temperature\":0.2,\"top_p\":0.9");

    assertEquals(0.2, body.getDouble("temperature"));
    assertEquals(0.9, body.getDouble("top_p"));
  }

  @Test
  void r22_modelsWithoutSamplingParametersGetNone() {
    JsonObject body = bodyWith(TestSettings.NO_SAMPLING, "\"temperature\":0.2,\"top_p\":0.9,\"top_k\":40");

    assertEquals(json("""
      {"model":"test-no-sampling","max_tokens":21333,
       "system":[{"type":"text","text":"$DROID"}],
       "messages":[{"role":"user","content":[{"type":"text","text":"Hi"}]}]}"""), body);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "'\"END\"'                        | '[\"END\"]'",
    "'[\"a\",\"\",\"  \",\"b\\n\"]'   | '[\"a\",\"b\\n\"]'",
    "'[\" \",\"\"]'                   | ",
    "'\"\\t\"'                        | "})
  void r23_stopBecomesStopSequencesWithoutBlankEntries(String stop, String expected) {
    JsonObject body = bodyWith(TestSettings.HAIKU, "\"stop\":" + stop);

    assertEquals(expected == null ? null : new JsonArray(expected), body.getJsonArray("stop_sequences"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "'\"user\":\"user-42\"'                                  | user-42",
    "'\"user\":\"alice@example.com\"'                        | ff8d9819fc0e12bf0d24892e45987e249a28dce836a85cad60e28eaaa8c6d976",
    "'\"user\":\"+1 (555) 010-0199\"'                        | 17e301f444c35d54d53bf7bf1befd9f2a70d238753e6a2ef7c982a02ee2cc826",
    "'\"user\":\"old\",\"safety_identifier\":\"user-42\"'    | user-42"})
  void r24_userBecomesMetadataUserIdHashedWhenPersonal(String fields, String expected) {
    assertEquals(new JsonObject().put("user_id", expected),
      bodyWith(TestSettings.HAIKU, fields).getJsonObject("metadata"));
  }

  @Test
  void r24_longUserIdIsTruncatedTo256Characters() {
    String user = "u".repeat(300);

    assertEquals("u".repeat(256), bodyWith(TestSettings.HAIKU, "\"user\":\"" + user + "\"")
      .getJsonObject("metadata").getString("user_id"));
  }

  @Test
  void r25_nOfOneIsAccepted() {
    assertEquals(bodyWith(TestSettings.HAIKU, ""), bodyWith(TestSettings.HAIKU, "\"n\":1"));
  }

  @Test
  void r26_streamTrueIsForwardedAndIncludeUsageGoesToTheContext() {
    TranslatedRequest result = translate("{\"model\":\"claude-haiku-4-5-20251001\"," + HELLO
      + ",\"stream\":true,\"stream_options\":{\"include_usage\":true}}");

    assertEquals(json("""
      {"model":"claude-haiku-4-5-20251001","max_tokens":64000,
       "system":[{"type":"text","text":"$DROID"}],
       "messages":[{"role":"user","content":[{"type":"text","text":"Hi"}]}],
       "stream":true}"""), result.body());
    assertTrue(result.context().stream());
    assertTrue(result.context().includeUsage());
  }

  @Test
  void r26_streamFalseIsLeftOut() {
    TranslatedRequest result = translate("{\"model\":\"claude-haiku-4-5-20251001\"," + HELLO + ",\"stream\":false}");

    assertFalse(result.body().containsKey("stream"));
    assertFalse(result.context().stream());
  }
}
