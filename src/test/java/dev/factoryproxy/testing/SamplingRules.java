package dev.factoryproxy.testing;

import io.vertx.core.json.JsonObject;

import java.util.List;

import static dev.factoryproxy.testing.Inputs.integer;
import static dev.factoryproxy.testing.Inputs.numberBetween;
import static dev.factoryproxy.testing.Inputs.required;
import static dev.factoryproxy.testing.Rejection.requireValid;

/** Sampling parameters and extended thinking, and the ways they exclude each other (R21, R22, R28). */
final class SamplingRules {
  /** Model ids that reject {@code temperature} together with {@code top_p} (R22, LiteLLM #15097). */
  private static final List<String> EXCLUSIVE_SAMPLING_MODELS = List.of("sonnet-4-5", "opus-4-1");
  private static final long MIN_THINKING_BUDGET = 1024;

  private SamplingRules() {
  }

  /** Checks the sampling fields; returns whether extended thinking is on. */
  static boolean check(JsonObject body, String model, long maxTokens) {
    boolean thinking = checkThinking(body.getValue("thinking"), maxTokens);
    Object temperature = body.getValue("temperature");
    Object topP = body.getValue("top_p");
    Object topK = body.getValue("top_k");
    if (temperature != null) {
      numberBetween(temperature, 0, 1, "temperature");
    }
    if (topP != null) {
      numberBetween(topP, 0, 1, "top_p");
    }
    if (topK != null) {
      requireValid(integer(topK, "top_k") >= 0, "top_k: Input should be greater than or equal to 0");
    }
    requireValid(temperature == null || topP == null || !rejectsSamplingPair(model),
      "temperature and top_p cannot both be specified for this model. Please use only one.");
    if (thinking) {
      requireValid(temperature == null, "temperature is not supported when thinking is enabled");
      requireValid(topK == null, "top_k is not supported when thinking is enabled");
      requireValid(topP == null || Inputs.number(topP, "top_p") >= 0.95,
        "top_p must be between 0.95 and 1 when thinking is enabled");
    }
    return thinking;
  }

  private static boolean rejectsSamplingPair(String model) {
    return EXCLUSIVE_SAMPLING_MODELS.stream().anyMatch(model::contains);
  }

  private static boolean checkThinking(Object value, long maxTokens) {
    if (value == null) {
      return false;
    }
    JsonObject thinking = Inputs.object(value, "thinking");
    String type = Inputs.oneOf(Inputs.requiredString(thinking, "type", "thinking"),
      List.of("enabled", "disabled", "adaptive"), "thinking.type");
    if (type.equals("enabled")) {
      checkBudget(thinking, maxTokens);
    }
    return !type.equals("disabled");
  }

  private static void checkBudget(JsonObject thinking, long maxTokens) {
    String path = "thinking.enabled.budget_tokens";
    long budget = integer(required(thinking, "budget_tokens", path), path);
    requireValid(budget >= MIN_THINKING_BUDGET, path + ": Input should be greater than or equal to " + MIN_THINKING_BUDGET);
    requireValid(budget < maxTokens, "max_tokens must be greater than thinking.budget_tokens");
  }
}
