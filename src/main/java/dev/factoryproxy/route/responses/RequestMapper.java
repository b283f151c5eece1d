package dev.factoryproxy.route.responses;

import dev.factoryproxy.config.ModelInfo;
import dev.factoryproxy.translate.Identifiers;
import dev.factoryproxy.translate.RequestFields;
import dev.factoryproxy.translate.ResponseContext;
import dev.factoryproxy.translate.TranslatedRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static dev.factoryproxy.translate.RequestFields.invalid;

/**
 * A hub (Chat Completions) request → a Responses request for Factory's {@code /o/v1/responses} route (OR1–OR19).
 * The body is built only from fields this class knows: nothing unknown is forwarded (OR16), because the
 * Responses API rejects unknown parameters. Pure: the input is never modified.
 */
final class RequestMapper {
  /** OpenAI's smallest {@code max_output_tokens}. */
  static final int MIN_OUTPUT_TOKENS = 16;
  static final String FAST_SUFFIX = "-fast";
  private static final List<String> EFFORTS = List.of("none", "minimal", "low", "medium", "high", "xhigh");
  private static final int MAX_SAFETY_IDENTIFIER = 64;
  private static final Pattern EMAIL_OR_PHONE = Pattern.compile("[^@\\s]+@[^@\\s]+|\\+?[0-9][0-9 ()-]{6,}");
  /** Chat fields the Responses API has no equivalent for: accepted and dropped with a warning (OR16). */
  private static final List<String> DROPPED_WITH_WARNING = List.of("stop", "presence_penalty", "frequency_penalty",
    "logit_bias", "seed", "logprobs", "top_logprobs", "audio", "modalities", "prediction");

  private final String droidPrompt;

  RequestMapper(String droidPrompt) {
    this.droidPrompt = droidPrompt;
  }

  TranslatedRequest translate(JsonObject request, ModelInfo model, long created) {
    if (request == null) {
      throw invalid(null, "the request body must be a JSON object");
    }
    List<String> warnings = new ArrayList<>();
    String clientModel = RequestFields.requiredString(request, "model", "");
    boolean stream = RequestFields.isTrue(request, "stream", "");
    checkN(request);
    InputItems.Result conversation = new InputItems(droidPrompt).translate(
      RequestFields.requiredArray(request, "messages", ""));
    FunctionTools.Result tools = FunctionTools.translate(request);
    String effort = effort(request);

    JsonObject body = new JsonObject();
    boolean fast = model.id().endsWith(FAST_SUFFIX);
    body.put("model", fast ? model.id().substring(0, model.id().length() - FAST_SUFFIX.length()) : model.id()); // OR1
    body.put("instructions", conversation.instructions()); // OR2
    body.put("input", conversation.input());
    tools.writeTo(body);
    textFormat(request, body);
    if (effort != null) {
      body.put("reasoning", effort.equals("none") ? new JsonObject().put("effort", "none")
        : new JsonObject().put("effort", effort).put("summary", "auto")); // OR12
    }
    maxOutputTokens(request, body, warnings);
    sampling(request, model, effort, body, warnings);
    identifiers(request, body);
    if (fast) {
      body.put("service_tier", "priority"); // OR1: Factory's fast GPT variants
    }
    body.put("store", false); // OR17
    body.put("include", new JsonArray().add("reasoning.encrypted_content")); // OR17: reasoning replays without store
    if (stream) {
      body.put("stream", true); // OR18
    }
    for (String field : DROPPED_WITH_WARNING) {
      if (request.getValue(field) != null) {
        warnings.add(field + " is not supported by the Responses API and was dropped");
      }
    }
    JsonObject state = new JsonObject().put("route", "responses");
    ResponseContext context = new ResponseContext(clientModel, stream, includeUsage(request), created, false, null,
      Map.of(), state);
    return new TranslatedRequest(body, context, Map.of(), List.copyOf(warnings));
  }

  /** OR15: one choice only; Responses has no {@code n}. */
  private static void checkN(JsonObject request) {
    Integer n = RequestFields.positiveInt(request, "n", "");
    if (n != null && n > 1) {
      throw invalid("n", "n must be 1 for this model: the Responses API returns a single answer");
    }
  }

  private static boolean includeUsage(JsonObject request) {
    JsonObject options = RequestFields.object(request, "stream_options", "");
    return options != null && RequestFields.isTrue(options, "include_usage", "stream_options");
  }

  private static String effort(JsonObject request) {
    String effort = RequestFields.string(request, "reasoning_effort", "");
    if (effort != null && !EFFORTS.contains(effort)) {
      throw invalid("reasoning_effort", "reasoning_effort must be one of " + String.join(", ", EFFORTS));
    }
    return effort;
  }

  /** OR11: {@code response_format} → {@code text.format}. */
  private static void textFormat(JsonObject request, JsonObject body) {
    JsonObject format = RequestFields.object(request, "response_format", "");
    if (format == null) {
      return;
    }
    String type = RequestFields.requiredString(format, "type", "response_format");
    JsonObject out = switch (type) {
      case "text" -> null;
      case "json_object" -> new JsonObject().put("type", "json_object");
      case "json_schema" -> jsonSchema(RequestFields.requiredObject(format, "json_schema", "response_format"));
      default -> throw invalid("response_format.type", "response_format.type must be text, json_object or json_schema");
    };
    if (out != null) {
      body.put("text", new JsonObject().put("format", out));
    }
  }

  private static JsonObject jsonSchema(JsonObject schema) {
    String at = "response_format.json_schema";
    String name = RequestFields.requiredString(schema, "name", at);
    JsonObject out = new JsonObject().put("type", "json_schema").put("name", name);
    String description = RequestFields.string(schema, "description", at);
    if (description != null) {
      out.put("description", description);
    }
    JsonObject s = RequestFields.object(schema, "schema", at);
    out.put("schema", s == null ? new JsonObject().put("type", "object") : s.copy());
    Boolean strict = RequestFields.bool(schema, "strict", at);
    if (strict != null) {
      out.put("strict", strict);
    }
    return out;
  }

  /** OR13: {@code max_completion_tokens} wins over {@code max_tokens}; at least 16; absent → the model's default. */
  private static void maxOutputTokens(JsonObject request, JsonObject body, List<String> warnings) {
    Integer completion = RequestFields.positiveInt(request, "max_completion_tokens", "");
    Integer legacy = RequestFields.positiveInt(request, "max_tokens", "");
    Integer max = completion != null ? completion : legacy;
    if (max == null) {
      return;
    }
    if (max < MIN_OUTPUT_TOKENS) {
      warnings.add("max_output_tokens raised from " + max + " to " + MIN_OUTPUT_TOKENS
        + ", the smallest the Responses API accepts");
      max = MIN_OUTPUT_TOKENS;
    }
    body.put("max_output_tokens", max);
  }

  /**
   * OR14: temperature [0,2] and top_p [0,1] pass through, except to models that reject sampling parameters
   * ({@code noSamplingParams}) and whenever reasoning is asked for: GPT-5 reasoning answers 400 "Unsupported
   * parameter" there. Dropped with a warning rather than refused, so one client setting works on every model.
   */
  private static void sampling(JsonObject request, ModelInfo model, String effort, JsonObject body,
                               List<String> warnings) {
    Number temperature = RequestFields.number(request, "temperature", 0, 2);
    Number topP = RequestFields.number(request, "top_p", 0, 1);
    if (temperature == null && topP == null) {
      return;
    }
    boolean reasoning = effort != null && !effort.equals("none");
    if (model.noSamplingParams() || reasoning) {
      warnings.add("temperature and top_p were dropped: " + model.id()
        + (reasoning ? " does not take them while reasoning" : " does not take them"));
      return;
    }
    if (temperature != null) {
      body.put("temperature", temperature);
    }
    if (topP != null) {
      body.put("top_p", topP);
    }
  }

  /**
   * OR16: {@code safety_identifier} (or the older {@code user}) → {@code safety_identifier}, hashed when it looks
   * like an email address or phone number and cut to 64 characters; {@code prompt_cache_key} passes.
   * {@code metadata} is dropped: with {@code store:false} nothing keeps it, and Factory's CLI never sends it.
   */
  private static void identifiers(JsonObject request, JsonObject body) {
    String id = RequestFields.string(request, "safety_identifier", "");
    if (id == null) {
      id = RequestFields.string(request, "user", "");
    }
    if (id != null && !id.isEmpty()) {
      String safe = EMAIL_OR_PHONE.matcher(id).find() ? Identifiers.sha256Hex(id) : id;
      body.put("safety_identifier", Identifiers.truncate(safe, MAX_SAFETY_IDENTIFIER));
    }
    String cacheKey = RequestFields.string(request, "prompt_cache_key", "");
    if (cacheKey != null && !cacheKey.isEmpty()) {
      body.put("prompt_cache_key", cacheKey);
    }
    RequestFields.object(request, "metadata", ""); // type-checked only
  }
}
