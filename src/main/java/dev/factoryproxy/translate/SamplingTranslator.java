package dev.factoryproxy.translate;

import dev.factoryproxy.config.ModelInfo;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.regex.Pattern;

import static dev.factoryproxy.translate.RequestFields.index;
import static dev.factoryproxy.translate.RequestFields.invalid;

/** Output limit, sampling parameters, stop sequences, end-user id and {@code n} (R19–R25). */
final class SamplingTranslator {
  /** Anthropic's limit for {@code metadata.user_id}. */
  static final int USER_ID_MAX_LENGTH = 256;
  /** Anthropic's {@code top_p} floor while extended thinking is on (R28). */
  private static final double THINKING_MIN_TOP_P = 0.95;
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
  /** E.164 numbers have at most 15 digits. */
  private static final Pattern PHONE = Pattern.compile("\\+?\\d{7,15}");
  private static final Pattern PHONE_PUNCTUATION = Pattern.compile("[\\s().-]");

  /** The sampling fields to forward; null fields are left out. */
  record Sampling(Number temperature, Number topP, Integer topK, JsonArray stopSequences, String userId) {

    /**
     * R28: extended thinking takes no {@code temperature}/{@code top_k} and a {@code top_p} of at least 0.95.
     * R22: some models take no sampling parameters at all, some not {@code temperature} with {@code top_p}.
     */
    Sampling restrictedFor(ModelInfo model, boolean thinking) {
      Number t = thinking ? null : temperature;
      Integer k = thinking ? null : topK;
      Number p = thinking && topP != null && topP.doubleValue() < THINKING_MIN_TOP_P ? THINKING_MIN_TOP_P : topP;
      if (model.noSamplingParams()) {
        return new Sampling(null, null, null, stopSequences, userId);
      }
      return new Sampling(t, model.exclusiveSampling() && t != null ? null : p, k, stopSequences, userId);
    }

    void writeTo(JsonObject body) {
      putIfPresent(body, "stop_sequences", stopSequences);
      putIfPresent(body, "temperature", temperature);
      putIfPresent(body, "top_p", topP);
      putIfPresent(body, "top_k", topK);
      if (userId != null) {
        body.put("metadata", new JsonObject().put("user_id", userId));
      }
    }

    private static void putIfPresent(JsonObject body, String key, Object value) {
      if (value != null) {
        body.put(key, value);
      }
    }
  }

  private SamplingTranslator() {
  }

  /**
   * R19: {@code max_completion_tokens} wins over {@code max_tokens}. R20: without either, the model's maximum
   * output, capped for non-stream requests because Anthropic requires streaming above that. Never omitted.
   */
  static int maxTokens(JsonObject request, ModelInfo model, boolean stream, int nonStreamCap) {
    Integer completionTokens = RequestFields.positiveInt(request, "max_completion_tokens", "");
    Integer maxTokens = RequestFields.positiveInt(request, "max_tokens", "");
    if (completionTokens != null) {
      return completionTokens;
    }
    if (maxTokens != null) {
      return maxTokens;
    }
    return stream ? model.maxOutputTokens() : Math.min(model.maxOutputTokens(), nonStreamCap);
  }

  static Sampling read(JsonObject request, List<String> warnings) {
    requireSingleChoice(request);
    return new Sampling(temperature(request, warnings), RequestFields.number(request, "top_p", 0, 1),
      RequestFields.positiveInt(request, "top_k", ""), stopSequences(request), userId(request));
  }

  /** R25: Anthropic answers with one choice, and silently returning one of n would be wrong. */
  private static void requireSingleChoice(JsonObject request) {
    Integer n = RequestFields.positiveInt(request, "n", "");
    if (n != null && n > 1) {
      throw invalid("n", "n must be 1: this endpoint returns a single choice per request");
    }
  }

  /** R21: OpenAI's range is 0-2, Anthropic's 0-1, so values above 1 are clamped (as Anthropic's own layer does). */
  private static Number temperature(JsonObject request, List<String> warnings) {
    Number temperature = RequestFields.number(request, "temperature", 0, 2);
    if (temperature != null && temperature.doubleValue() > 1) {
      warnings.add("temperature " + temperature + " was clamped to 1, the maximum Anthropic accepts");
      return 1;
    }
    return temperature;
  }

  /** R23: a string or an array of strings; empty and whitespace-only entries are dropped (Anthropic rejects them). */
  private static JsonArray stopSequences(JsonObject request) {
    Object stop = request.getValue("stop");
    if (stop == null) {
      return null;
    }
    JsonArray items;
    if (stop instanceof String) {
      items = new JsonArray().add(stop);
    } else if (stop instanceof JsonArray) {
      items = (JsonArray) stop;
    } else {
      throw invalid("stop", "stop must be a string or an array of strings");
    }
    JsonArray kept = new JsonArray();
    for (int i = 0; i < items.size(); i++) {
      if (!(items.getValue(i) instanceof String)) {
        throw invalid(index("stop", i), index("stop", i) + " must be a string");
      }
      if (!items.getString(i).isBlank()) {
        kept.add(items.getString(i));
      }
    }
    return kept.isEmpty() ? null : kept;
  }

  /**
   * R24: {@code safety_identifier} (or the older {@code user}) → {@code metadata.user_id}. Anthropic forbids
   * personal data there, so anything that looks like an email address or phone number is sent as its SHA-256.
   */
  private static String userId(JsonObject request) {
    String safetyIdentifier = RequestFields.string(request, "safety_identifier", "");
    String user = RequestFields.string(request, "user", "");
    String id = safetyIdentifier != null ? safetyIdentifier : user;
    if (id == null || id.isBlank()) {
      return null;
    }
    return looksPersonal(id) ? Identifiers.sha256Hex(id) : Identifiers.truncate(id, USER_ID_MAX_LENGTH);
  }

  /** An email address, or 7-15 digits once phone punctuation is removed (a long numeric id is hashed too: harmless). */
  private static boolean looksPersonal(String id) {
    return EMAIL.matcher(id.strip()).matches() || PHONE.matcher(PHONE_PUNCTUATION.matcher(id).replaceAll("")).matches();
  }
}
