package dev.factoryproxy.translate;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fixed fields of a non-stream answer (S8). */
class EnvelopeRulesTest {
  private static final ResponseContext CTX = new ResponseContext(TestSettings.SONNET, false, false, 1_700_000_000L,
    false, null, Map.of());

  @Test
  void s8_refusalAndLogprobsAreNullRoleIsAssistantAndStandardTierIsDefault() {
    JsonObject message = new JsonObject("{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":"
      + "\"claude-sonnet-4-5-20250929\",\"content\":[{\"type\":\"text\",\"text\":\"Hi\"}],\"stop_reason\":"
      + "\"end_turn\",\"usage\":{\"input_tokens\":3,\"output_tokens\":1,\"service_tier\":\"standard\"}}");
    JsonObject completion = ResponseTranslator.toChatCompletion(message, CTX);
    JsonObject choice = completion.getJsonArray("choices").getJsonObject(0);
    assertTrue(choice.containsKey("logprobs") && choice.getValue("logprobs") == null, choice.encode());
    JsonObject answer = choice.getJsonObject("message");
    assertEquals("assistant", answer.getString("role"));
    assertTrue(answer.containsKey("refusal") && answer.getValue("refusal") == null, answer.encode());
    assertEquals("default", completion.getJsonObject("usage").getString("service_tier"));
  }
}
