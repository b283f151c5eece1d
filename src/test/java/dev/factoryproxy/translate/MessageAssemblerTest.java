package dev.factoryproxy.translate;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MessageAssemblerTest {
  private static JsonObject event(String json) {
    return new JsonObject(json);
  }

  @Test
  void t16_aStreamBecomesTheMessageANonStreamCallReturns() {
    MessageAssembler assembler = new MessageAssembler();
    String[] events = {
      "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\","
        + "\"model\":\"m\",\"content\":[],\"stop_reason\":null,\"usage\":{\"input_tokens\":5,\"output_tokens\":1}}}",
      "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"thinking\",\"thinking\":\"\"}}",
      "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"Hm\"}}",
      "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"m.\"}}",
      "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"signature_delta\",\"signature\":\"sig\"}}",
      "{\"type\":\"content_block_stop\",\"index\":0}",
      "{\"type\":\"ping\"}",
      "{\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}",
      "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hel\"}}",
      "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"text_delta\",\"text\":\"lo\"}}",
      "{\"type\":\"content_block_stop\",\"index\":1}",
      "{\"type\":\"content_block_start\",\"index\":2,\"content_block\":{\"type\":\"tool_use\",\"id\":\"tu_1\","
        + "\"name\":\"get\",\"input\":{}}}",
      "{\"type\":\"content_block_delta\",\"index\":2,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"a\\\"\"}}",
      "{\"type\":\"content_block_delta\",\"index\":2,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\":1}\"}}",
      "{\"type\":\"content_block_stop\",\"index\":2}",
      "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\",\"stop_sequence\":null},"
        + "\"usage\":{\"output_tokens\":9}}",
    };
    for (String e : events) {
      assembler.onEvent(event(e));
    }
    assertFalse(assembler.complete());
    assembler.onEvent(event("{\"type\":\"message_stop\"}"));
    assertTrue(assembler.complete());
    assertEquals(new JsonObject().put("id", "msg_1").put("type", "message").put("role", "assistant").put("model", "m")
      .put("content", new JsonArray()
        .add(new JsonObject().put("type", "thinking").put("thinking", "Hmm.").put("signature", "sig"))
        .add(new JsonObject().put("type", "text").put("text", "Hello"))
        .add(new JsonObject().put("type", "tool_use").put("id", "tu_1").put("name", "get")
          .put("input", new JsonObject().put("a", 1))))
      .put("stop_reason", "tool_use").put("stop_sequence", null)
      .put("usage", new JsonObject().put("input_tokens", 5).put("output_tokens", 9)), assembler.message());
  }

  @Test
  void t16_aToolBlockWithoutInputDeltasKeepsItsEmptyInput() {
    MessageAssembler assembler = new MessageAssembler();
    assembler.onEvent(event("{\"type\":\"message_start\",\"message\":{\"id\":\"m\",\"content\":[]}}"));
    assembler.onEvent(event("{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"tool_use\","
      + "\"id\":\"t\",\"name\":\"n\",\"input\":{}}}"));
    assembler.onEvent(event("{\"type\":\"content_block_stop\",\"index\":0}"));
    assertEquals(new JsonObject(), assembler.message().getJsonArray("content").getJsonObject(0).getJsonObject("input"));
  }
}
