package dev.factoryproxy.translate;

import dev.factoryproxy.config.TranslationSettings;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Random and mutated requests either translate into a body Anthropic would accept in shape, or are refused
 * with {@link InvalidRequestException} — never any other exception. Seeded, so every run checks the same cases.
 */
class RequestTranslatorFuzzTest {
  private static final long SEED = 0x5EED_2026L;
  private static final int CASES = 5_000;
  private static final Pattern SAFE_NAME = Pattern.compile("[a-zA-Z0-9_-]{1,128}");
  private static final Pattern SAFE_ID = Pattern.compile("[a-zA-Z0-9_-]+");

  @Test
  void everyRequestTranslatesCleanlyOrIsRefusedAsInvalid() {
    RandomRequests requests = new RandomRequests(SEED);
    int translated = 0;
    int refused = 0;
    for (int i = 0; i < CASES; i++) {
      JsonObject request = requests.next();
      JsonObject before = request.copy();
      int caseNumber = i;
      Supplier<String> label = () -> "case " + caseNumber + ": " + before.encode();
      try {
        TranslatedRequest result = Translations.TRANSLATOR.translate(request, Translations.CREATED);
        assertInvariants(result, label);
        translated++;
      } catch (InvalidRequestException e) {
        assertFalse(e.getMessage() == null || e.getMessage().isBlank(), label);
        refused++;
      } catch (RuntimeException | StackOverflowError e) {
        throw new AssertionError(label.get(), e);
      }
      assertEquals(before, request, () -> "translate must not change its input; " + label.get());
    }
    // a generator that only produced one outcome would test little
    assertTrue(translated > CASES / 5 && refused > CASES / 5, "translated " + translated + ", refused " + refused);
  }

  private static void assertInvariants(TranslatedRequest result, Supplier<String> label) {
    JsonObject body = result.body();
    JsonObject firstSystem = body.getJsonArray("system").getJsonObject(0);
    assertEquals("text", firstSystem.getString("type"), label);
    assertTrue(firstSystem.getString("text").startsWith(TranslationSettings.DROID_PROMPT_PREFIX), label);
    assertTrue(body.getInteger("max_tokens") > 0, label);
    assertEquals(result.context().model(), body.getString("model"), label);
    assertAlternatingFromUser(body.getJsonArray("messages"), label);
    assertThinkingBudgetFits(body, label);
    assertToolNamesSafeAndUnique(body, label);
    assertNoBlankText(body, label);
  }

  private static void assertAlternatingFromUser(JsonArray messages, Supplier<String> label) {
    assertFalse(messages.isEmpty(), label);
    for (int i = 0; i < messages.size(); i++) {
      JsonObject message = messages.getJsonObject(i);
      assertEquals(i % 2 == 0 ? "user" : "assistant", message.getString("role"), label);
      JsonArray content = message.getJsonArray("content");
      assertFalse(content.isEmpty(), label);
      assertToolResultsFirst(content, label);
      content.forEach(block -> {
        JsonObject b = (JsonObject) block;
        if ("tool_use".equals(b.getString("type"))) {
          assertTrue(SAFE_ID.matcher(b.getString("id")).matches(), label);
          assertTrue(SAFE_NAME.matcher(b.getString("name")).matches(), label);
        }
      });
    }
  }

  private static void assertToolResultsFirst(JsonArray content, Supplier<String> label) {
    boolean seenOther = false;
    for (Object block : content) {
      boolean toolResult = "tool_result".equals(((JsonObject) block).getString("type"));
      assertFalse(toolResult && seenOther, label);
      seenOther |= !toolResult;
    }
  }

  private static void assertThinkingBudgetFits(JsonObject body, Supplier<String> label) {
    JsonObject thinking = body.getJsonObject("thinking");
    if (thinking != null && "enabled".equals(thinking.getString("type"))) {
      int budget = thinking.getInteger("budget_tokens");
      assertTrue(budget >= 1024 && budget < body.getInteger("max_tokens"), label);
    }
  }

  private static void assertToolNamesSafeAndUnique(JsonObject body, Supplier<String> label) {
    JsonArray tools = body.getJsonArray("tools", new JsonArray());
    Set<String> names = new HashSet<>();
    tools.forEach(tool -> {
      String name = ((JsonObject) tool).getString("name");
      assertTrue(SAFE_NAME.matcher(name).matches(), label);
      assertTrue(names.add(name), label);
    });
  }

  /** Anthropic rejects empty or whitespace-only text blocks (R5): in system, messages and tool results. */
  private static void assertNoBlankText(JsonObject body, Supplier<String> label) {
    assertNoBlankTextBlock(body.getJsonArray("system"), label);
    body.getJsonArray("messages").forEach(m -> assertNoBlankTextBlock(((JsonObject) m).getJsonArray("content"), label));
  }

  private static void assertNoBlankTextBlock(JsonArray blocks, Supplier<String> label) {
    for (Object item : blocks) {
      JsonObject block = (JsonObject) item;
      if ("text".equals(block.getString("type"))) {
        assertFalse(block.getString("text").isBlank(), label);
      }
      if (block.getValue("content") instanceof JsonArray nested) {
        assertNoBlankTextBlock(nested, label);
      }
    }
  }
}
