package dev.factoryproxy.client.messages;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MessagesAnswerTest {
  private final MessagesClient client = new MessagesClient(Fixtures.settings());
  private final JsonObject context = new JsonObject().put("client", "messages").put("model", "glm-5");

  private static JsonObject completion(String message, String finish, String usage) {
    return new JsonObject("""
      {"id":"chatcmpl-abc","object":"chat.completion","created":1,"model":"glm-5",
       "choices":[{"index":0,"message":%s,"finish_reason":"%s"}],"usage":%s}""".formatted(message, finish, usage));
  }

  @Test
  void ms1_aTextAnswerBecomesAMessage() {
    JsonObject answer = client.fromChat(completion("{\"role\":\"assistant\",\"content\":\"PONG\"}", "stop",
      "{\"prompt_tokens\":12,\"completion_tokens\":2,\"total_tokens\":14}"), context);
    assertEquals(new JsonObject("""
      {"id":"msg_abc","type":"message","role":"assistant","model":"glm-5",
       "content":[{"type":"text","text":"PONG"}],"stop_reason":"end_turn","stop_sequence":null,
       "usage":{"input_tokens":12,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":2}}"""),
      answer);
  }

  @Test
  void ms2_thinkingThenTextThenToolUseInOrder() {
    JsonObject answer = client.fromChat(completion("""
      {"role":"assistant","content":"Let me check.","reasoning_content":"think",
       "thinking_blocks":[{"type":"thinking","thinking":"think","signature":"s1"}],
       "tool_calls":[{"id":"call_1","type":"function",
                      "function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}},
                     {"id":"call_2","type":"function","function":{"name":"noop","arguments":""}}]}""",
      "tool_calls", "{}"), context);
    assertEquals(new JsonObject("""
      {"content":[{"type":"thinking","thinking":"think","signature":"s1"},
                  {"type":"text","text":"Let me check."},
                  {"type":"tool_use","id":"call_1","name":"get_weather","input":{"city":"Paris"}},
                  {"type":"tool_use","id":"call_2","name":"noop","input":{}}]}""").getJsonArray("content"),
      answer.getJsonArray("content"));
    assertEquals("tool_use", answer.getString("stop_reason"));
  }

  @Test
  void ms2_unsignedReasoningBecomesAThinkingBlockWithAnEmptySignature() {
    JsonObject answer = client.fromChat(completion(
      "{\"role\":\"assistant\",\"content\":\"4\",\"reasoning_content\":\"2+2\"}", "stop", "{}"), context);
    assertEquals(new JsonObject().put("type", "thinking").put("thinking", "2+2").put("signature", ""),
      answer.getJsonArray("content").getJsonObject(0));
  }

  @Test
  void ms3_finishReasonsMapToStopReasons() {
    String[][] table = {{"stop", null, "end_turn"}, {"length", null, "max_tokens"}, {"tool_calls", null, "tool_use"},
      {"content_filter", null, "refusal"}, {"stop", "stop_sequence", "stop_sequence"},
      {"stop", "pause_turn", "pause_turn"},
      {"length", "model_context_window_exceeded", "model_context_window_exceeded"},
      {"stop", "completed", "end_turn"}};
    for (String[] row : table) {
      assertEquals(row[2], StopReasons.map(row[0], row[1]), row[0] + "/" + row[1]);
    }
    assertEquals("end_turn", StopReasons.map(null, null));
  }

  @Test
  void ms4_cachedTokensAreTakenOutOfInputTokens() {
    JsonObject answer = client.fromChat(completion("{\"role\":\"assistant\",\"content\":\"x\"}", "stop", """
      {"prompt_tokens":100,"completion_tokens":7,"total_tokens":107,
       "prompt_tokens_details":{"cached_tokens":60,"cache_creation_tokens":10}}"""), context);
    assertEquals(new JsonObject("""
      {"input_tokens":30,"cache_creation_input_tokens":10,"cache_read_input_tokens":60,"output_tokens":7}"""),
      answer.getJsonObject("usage"));
  }

  @Test
  void ms5_aTruncatedToolCallKeepsMaxTokensAndAValidInput() {
    JsonObject answer = client.fromChat(completion("""
      {"role":"assistant","content":null,"tool_calls":[{"id":"c","type":"function",
        "function":{"name":"write","arguments":"{\\"path\\":\\"a.txt\\",\\"con"}}]}""", "length", "{}"), context);
    assertEquals("max_tokens", answer.getString("stop_reason"));
    assertEquals(new JsonObject(), answer.getJsonArray("content").getJsonObject(0).getJsonObject("input"));
  }
}
