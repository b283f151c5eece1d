package dev.factoryproxy.route.responses;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static dev.factoryproxy.route.responses.Fixtures.context;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Complete Responses objects → chat completions, rules OS1–OS7 and OE4 (docs/route-responses.md). */
class ResponsesAnswerTest {

  private static JsonObject toChat(String responseJson) {
    return Fixtures.ROUTE.toChat(new JsonObject(responseJson), context(false, false));
  }

  @Test
  void os1_os2_textAnswerEnvelope() {
    JsonObject chat = toChat("""
      {"id": "resp_1", "object": "response", "status": "completed", "model": "gpt-5.4-2026-03-05",
       "output": [{"type": "message", "id": "msg_1", "role": "assistant", "content": [
         {"type": "output_text", "text": "Hello ", "annotations": []},
         {"type": "output_text", "text": "there", "annotations": []}]}],
       "usage": {"input_tokens": 20, "output_tokens": 10, "total_tokens": 30}}""");
    assertEquals(new JsonObject("""
      {"id": "chatcmpl-resp_1", "object": "chat.completion", "created": 1700000123, "model": "gpt-5.4-2026-03-05",
       "system_fingerprint": null,
       "choices": [{"index": 0, "message": {"role": "assistant", "content": "Hello there", "refusal": null},
         "logprobs": null, "finish_reason": "stop", "native_finish_reason": "completed"}],
       "usage": {"prompt_tokens": 20, "completion_tokens": 10, "total_tokens": 30}}"""), chat);
  }

  @Test
  void os1_modelFallsBackToTheRequestedOne() {
    assertEquals("gpt-5.4", toChat("{\"id\": \"r\", \"status\": \"completed\", \"output\": []}").getString("model"));
  }

  @Test
  void os2_refusalPartsGoToRefusal() {
    JsonObject message = toChat("""
      {"id": "r", "status": "completed", "output": [{"type": "message", "role": "assistant",
        "content": [{"type": "refusal", "refusal": "I can't help with that."}]}]}""")
      .getJsonArray("choices").getJsonObject(0).getJsonObject("message");
    assertEquals("", message.getValue("content"));
    assertEquals("I can't help with that.", message.getValue("refusal"));
  }

  @Test
  void os3_functionCallsBecomeToolCallsWithNullContent() {
    JsonObject choice = toChat("""
      {"id": "r", "status": "completed", "output": [
        {"type": "function_call", "id": "fc_1", "call_id": "call_a", "name": "ls", "arguments": "{\\"d\\":1}"},
        {"type": "function_call", "id": "fc_2", "call_id": "call_b", "name": "pwd", "arguments": ""}]}""")
      .getJsonArray("choices").getJsonObject(0);
    assertEquals(new JsonObject("""
      {"role": "assistant", "content": null, "refusal": null, "tool_calls": [
        {"id": "call_a", "type": "function", "function": {"name": "ls", "arguments": "{\\"d\\":1}"}},
        {"id": "call_b", "type": "function", "function": {"name": "pwd", "arguments": "{}"}}]}"""),
      choice.getJsonObject("message"));
    assertEquals("tool_calls", choice.getString("finish_reason"));
  }

  @Test
  void os4_reasoningSummariesBecomeReasoningContentAndSignedThinkingBlocks() {
    JsonObject message = toChat("""
      {"id": "r", "status": "completed", "output": [
        {"type": "reasoning", "id": "rs_1", "summary": [{"type": "summary_text", "text": "Step 1"},
          {"type": "summary_text", "text": "Step 2"}], "encrypted_content": "gAAAA"},
        {"type": "reasoning", "id": "rs_2", "summary": []},
        {"type": "message", "role": "assistant", "content": [{"type": "output_text", "text": "42"}]}]}""")
      .getJsonArray("choices").getJsonObject(0).getJsonObject("message");
    assertEquals("Step 1\nStep 2", message.getString("reasoning_content"));
    assertEquals(new io.vertx.core.json.JsonArray("""
      [{"type": "thinking", "thinking": "Step 1\\nStep 2", "signature": "openai-reasoning:gAAAA"}]"""),
      message.getJsonArray("thinking_blocks"));
    assertEquals("42", message.getString("content"));
  }

  @ParameterizedTest
  @CsvSource({
    "completed, '', stop, completed",
    "incomplete, max_output_tokens, length, max_output_tokens",
    "incomplete, content_filter, content_filter, content_filter"})
  void os5_statusAndIncompleteReasonMapToFinishReason(String status, String reason, String finish, String nativeR) {
    String details = reason.isEmpty() ? "null" : "{\"reason\": \"" + reason + "\"}";
    JsonObject choice = toChat("{\"id\": \"r\", \"status\": \"" + status + "\", \"incomplete_details\": " + details
      + ", \"output\": [{\"type\": \"message\", \"role\": \"assistant\", \"content\": [{\"type\": \"output_text\","
      + " \"text\": \"par\"}]}]}").getJsonArray("choices").getJsonObject(0);
    assertEquals(finish, choice.getString("finish_reason"));
    assertEquals(nativeR, choice.getString("native_finish_reason"));
  }

  @Test
  void os6_builtInToolItemsAreNotToolCalls() {
    JsonObject message = toChat("""
      {"id": "r", "status": "completed", "output": [{"type": "web_search_call", "id": "ws_1", "status": "completed"},
        {"type": "message", "role": "assistant", "content": [{"type": "output_text", "text": "found"}]}]}""")
      .getJsonArray("choices").getJsonObject(0).getJsonObject("message");
    assertFalse(message.containsKey("tool_calls"));
    assertEquals("found", message.getString("content"));
  }

  @Test
  void os7_usageCarriesCachedAndReasoningTokensAndServiceTier() {
    JsonObject chat = toChat("""
      {"id": "r", "status": "completed", "output": [], "service_tier": "priority",
       "usage": {"input_tokens": 100, "input_tokens_details": {"cached_tokens": 64}, "output_tokens": 50,
         "output_tokens_details": {"reasoning_tokens": 32}, "total_tokens": 150}}""");
    assertEquals(new JsonObject("""
      {"prompt_tokens": 100, "completion_tokens": 50, "total_tokens": 150,
       "prompt_tokens_details": {"cached_tokens": 64}, "completion_tokens_details": {"reasoning_tokens": 32}}"""),
      chat.getJsonObject("usage"));
    assertEquals("priority", chat.getString("service_tier"));
  }

  @Test
  void oe4_failedResponseIsAnErrorNotAnAnswer() {
    JsonObject answer = toChat("""
      {"id": "r", "status": "failed", "output": [],
       "error": {"code": "rate_limit_exceeded", "message": "Slow down"}}""");
    assertEquals(new JsonObject("""
      {"error": {"message": "Slow down", "type": "rate_limit_error", "param": null,
        "code": "rate_limit_exceeded"}}"""), answer);
  }
}
