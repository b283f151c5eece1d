package dev.factoryproxy.translate;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.factoryproxy.translate.Translations.CREATED;
import static dev.factoryproxy.translate.Translations.body;
import static dev.factoryproxy.translate.Translations.json;
import static dev.factoryproxy.translate.Translations.translate;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** System prompt, content and conversation shape (R1–R10), plus what every translation returns. */
class RequestTranslatorTest {

  @Test
  void minimalRequestGetsDroidPromptAndDefaults() {
    TranslatedRequest result = translate("""
      {"model":"claude-haiku-4-5-20251001","messages":[{"role":"user","content":"Hello"}]}""");

    assertEquals(json("""
      {"model":"claude-haiku-4-5-20251001","max_tokens":21333,
       "system":[{"type":"text","text":"$DROID"}],
       "messages":[{"role":"user","content":[{"type":"text","text":"Hello"}]}]}"""), result.body());
    assertEquals(new ResponseContext("claude-haiku-4-5-20251001", false, false, CREATED, false, null, Map.of()),
      result.context());
    assertEquals(Map.of(), result.upstreamHeaders());
    assertEquals(List.of(), result.warnings());
  }

  @Test
  void modelAliasIsResolvedAndTheUpstreamIdIsReported() {
    TranslatedRequest result = translate("""
      {"model":"sonnet","messages":[{"role":"user","content":"Hi"}]}""");

    assertEquals("claude-sonnet-4-5-20250929", result.body().getString("model"));
    assertEquals("claude-sonnet-4-5-20250929", result.context().model());
  }

  @Test
  void bodyKeysComeInReadingOrder() {
    JsonObject body = body("""
      {"stream":true,"reasoning_effort":"low","user":"u1","stop":"END","tool_choice":"auto","top_p":0.99,
       "tools":[{"type":"function","function":{"name":"f"}}],
       "messages":[{"role":"user","content":"Hi"}],"max_tokens":5000,"model":"claude-haiku-4-5-20251001"}""");

    assertEquals(List.of("model", "max_tokens", "system", "messages", "tools", "tool_choice", "stop_sequences",
      "top_p", "metadata", "thinking", "stream"), List.copyOf(body.fieldNames()));
  }

  @Test
  void r1_systemAndDeveloperMessagesFollowTheDroidPrompt() {
    JsonObject body = body("""
      {"model":"claude-haiku-4-5-20251001","messages":[
        {"role":"system","content":"Be brief.","name":"ignored"},
        {"role":"developer","content":"Answer in French."},
        {"role":"user","content":"Hi"}]}""");

    assertEquals(json("""
      {"model":"claude-haiku-4-5-20251001","max_tokens":21333,
       "system":[{"type":"text","text":"$DROID"},{"type":"text","text":"Be brief."},
                 {"type":"text","text":"Answer in French."}],
       "messages":[{"role":"user","content":[{"type":"text","text":"Hi"}]}]}"""), body);
  }

  @Test
  void r1_droidPromptIsNotRepeatedWhenTheClientSendsItFirst() {
    JsonObject body = body("""
      {"model":"claude-haiku-4-5-20251001","messages":[
        {"role":"system","content":"You are Droid, an AI software engineering agent built by Factory. Custom."},
        {"role":"user","content":"Hi"}]}""");

    assertEquals(new JsonArray("""
      [{"type":"text","text":"You are Droid, an AI software engineering agent built by Factory. Custom."}]"""),
      body.getJsonArray("system"));
  }

  @Test
  void r2_systemPartsBecomeBlocksInOrderWithCacheControl() {
    JsonObject body = body("""
      {"model":"claude-haiku-4-5-20251001","messages":[
        {"role":"system","content":[{"type":"text","text":"A"},
          {"type":"text","text":"B","cache_control":{"type":"ephemeral"}}]},
        {"role":"user","content":"Hi"}]}""");

    assertEquals(json("""
      {"model":"claude-haiku-4-5-20251001","max_tokens":21333,
       "system":[{"type":"text","text":"$DROID"},{"type":"text","text":"A"},
                 {"type":"text","text":"B","cache_control":{"type":"ephemeral"}}],
       "messages":[{"role":"user","content":[{"type":"text","text":"Hi"}]}]}"""), body);
  }

  @Test
  void r3_interleavedSystemMessagesAreHoistedInOrderAndBlankOnesDropped() {
    JsonObject body = body("""
      {"model":"claude-haiku-4-5-20251001","messages":[
        {"role":"system","content":"A"},
        {"role":"user","content":"Q1"},
        {"role":"assistant","content":"R1"},
        {"role":"developer","content":"B"},
        {"role":"system","content":"   "},
        {"role":"user","content":"Q2"}]}""");

    assertEquals(json("""
      {"model":"claude-haiku-4-5-20251001","max_tokens":21333,
       "system":[{"type":"text","text":"$DROID"},{"type":"text","text":"A"},{"type":"text","text":"B"}],
       "messages":[{"role":"user","content":[{"type":"text","text":"Q1"}]},
                   {"role":"assistant","content":[{"type":"text","text":"R1"}]},
                   {"role":"user","content":[{"type":"text","text":"Q2"}]}]}"""), body);
  }

  @Test
  void r4_onlySystemMessagesBecomeOneUserMessage() {
    JsonObject body = body("""
      {"model":"claude-haiku-4-5-20251001","messages":[
        {"role":"system","content":"Write a haiku."},{"role":"developer","content":"About rain."}]}""");

    assertEquals(json("""
      {"model":"claude-haiku-4-5-20251001","max_tokens":21333,
       "system":[{"type":"text","text":"$DROID"}],
       "messages":[{"role":"user","content":[{"type":"text","text":"Write a haiku."},
                                             {"type":"text","text":"About rain."}]}]}"""), body);
  }

  @Test
  void r5_blankTextIsDroppedAndAnEmptyAssistantMessageWithIt() {
    JsonObject body = body("""
      {"model":"claude-haiku-4-5-20251001","messages":[
        {"role":"user","content":[{"type":"text","text":""},{"type":"text","text":" \\n"},{"type":"text","text":"Hi"}]},
        {"role":"assistant","content":""},
        {"role":"user","content":"Still there?"}]}""");

    assertEquals(json("""
      {"model":"claude-haiku-4-5-20251001","max_tokens":21333,
       "system":[{"type":"text","text":"$DROID"}],
       "messages":[{"role":"user","content":[{"type":"text","text":"Hi"},{"type":"text","text":"Still there?"}]}]}"""),
      body);
  }

  @Test
  void r6_dataUrlsBecomeBase64ImageAndDocumentBlocks() {
    JsonObject body = body("""
      {"model":"claude-haiku-4-5-20251001","messages":[{"role":"user","content":[
        {"type":"text","text":"Compare"},
        {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0","detail":"high"}},
        {"type":"image_url","image_url":{"url":"data:image/jpg;base64,/9j/4A"}},
        {"type":"image_url","image_url":{"url":"data:application/pdf;base64,JVBERi0"}}]}]}""");

    assertEquals(json("""
      {"model":"claude-haiku-4-5-20251001","max_tokens":21333,
       "system":[{"type":"text","text":"$DROID"}],
       "messages":[{"role":"user","content":[
         {"type":"text","text":"Compare"},
         {"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBORw0"}},
         {"type":"image","source":{"type":"base64","media_type":"image/jpeg","data":"/9j/4A"}},
         {"type":"document","source":{"type":"base64","media_type":"application/pdf","data":"JVBERi0"}}]}]}"""),
      body);
  }

  @Test
  void r7_httpImageUrlBecomesUrlSourceAndCacheControlPassesThrough() {
    JsonObject body = body("""
      {"model":"claude-haiku-4-5-20251001","messages":[{"role":"user","content":[
        {"type":"image_url","image_url":{"url":"https://example.com/cat.png"},"cache_control":{"type":"ephemeral"}},
        {"type":"text","text":"What is this?"}]}]}""");

    assertEquals(json("""
      {"model":"claude-haiku-4-5-20251001","max_tokens":21333,
       "system":[{"type":"text","text":"$DROID"}],
       "messages":[{"role":"user","content":[
         {"type":"image","source":{"type":"url","url":"https://example.com/cat.png"},"cache_control":{"type":"ephemeral"}},
         {"type":"text","text":"What is this?"}]}]}"""), body);
  }

  @Test
  void r8_fileDataBecomesBase64Document() {
    JsonObject body = body("""
      {"model":"claude-haiku-4-5-20251001","messages":[{"role":"user","content":[
        {"type":"file","file":{"file_data":"data:application/pdf;base64,JVBERi0xLjQ","filename":"a.pdf"}},
        {"type":"file","file":{"file_data":"JVBERi0xLjU","filename":"b.pdf"}},
        {"type":"text","text":"Summarize both."}]}]}""");

    assertEquals(json("""
      {"model":"claude-haiku-4-5-20251001","max_tokens":21333,
       "system":[{"type":"text","text":"$DROID"}],
       "messages":[{"role":"user","content":[
         {"type":"document","source":{"type":"base64","media_type":"application/pdf","data":"JVBERi0xLjQ"}},
         {"type":"document","source":{"type":"base64","media_type":"application/pdf","data":"JVBERi0xLjU"}},
         {"type":"text","text":"Summarize both."}]}]}"""), body);
  }

  @Test
  void r9_consecutiveSameRoleMessagesAreMergedBlockByBlock() {
    JsonObject body = body("""
      {"model":"claude-haiku-4-5-20251001","messages":[
        {"role":"user","content":"\\"quoted\\" "},
        {"role":"user","content":[{"type":"text","text":" second"}]},
        {"role":"assistant","content":"one"},
        {"role":"assistant","content":"two"},
        {"role":"user","content":"next"}]}""");

    assertEquals(json("""
      {"model":"claude-haiku-4-5-20251001","max_tokens":21333,
       "system":[{"type":"text","text":"$DROID"}],
       "messages":[{"role":"user","content":[{"type":"text","text":"\\"quoted\\" "},{"type":"text","text":" second"}]},
                   {"role":"assistant","content":[{"type":"text","text":"one"},{"type":"text","text":"two"}]},
                   {"role":"user","content":[{"type":"text","text":"next"}]}]}"""), body);
  }

  @Test
  void r10_finalAssistantPrefillLosesTrailingWhitespace() {
    JsonObject body = body("""
      {"model":"claude-haiku-4-5-20251001","messages":[
        {"role":"user","content":"Give me JSON"},
        {"role":"assistant","content":"  {\\n  "}]}""");

    assertEquals(json("""
      {"model":"claude-haiku-4-5-20251001","max_tokens":21333,
       "system":[{"type":"text","text":"$DROID"}],
       "messages":[{"role":"user","content":[{"type":"text","text":"Give me JSON"}]},
                   {"role":"assistant","content":[{"type":"text","text":"  {"}]}]}"""), body);
  }
}
