package dev.factoryproxy.translate;

import dev.factoryproxy.config.ModelInfo;
import dev.factoryproxy.config.TranslationSettings;
import dev.factoryproxy.translate.ReasoningTranslator.Reasoning;
import dev.factoryproxy.translate.ResponseFormatTranslator.StructuredOutput;
import dev.factoryproxy.translate.SamplingTranslator.Sampling;
import dev.factoryproxy.translate.ToolTranslator.ToolSet;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.factoryproxy.translate.RequestFields.invalid;

/**
 * Translates one OpenAI chat-completions request into an Anthropic Messages request (translation.md R1–R29).
 * Pure: no I/O, and the same input always gives the same output. The input is never modified.
 *
 * <p>Everything is validated before a result exists. The body is built only from the fields this class knows,
 * so nothing else is ever forwarded (R29): {@code logprobs}, {@code top_logprobs}, {@code logit_bias},
 * {@code presence_penalty}, {@code frequency_penalty}, {@code seed}, {@code service_tier}, {@code store},
 * {@code metadata}, {@code modalities}, {@code audio}, {@code prediction} and unknown keys are accepted and
 * ignored, because Anthropic rejects extra inputs. Anthropic's own {@code thinking}, {@code top_k} and
 * {@code output_config} pass through.
 */
public final class RequestTranslator {
  private final TranslationSettings settings;
  private final ReasoningTranslator reasoningTranslator;

  public RequestTranslator(TranslationSettings settings) {
    this.settings = settings;
    this.reasoningTranslator = new ReasoningTranslator(settings.thinkingBudgets());
  }

  /** The translated parts of one request, in the order the body lists them. */
  private record Parts(ModelInfo model, boolean stream, boolean includeUsage, ToolNames names, ToolSet tools,
                       MessageTranslator.Result conversation, Sampling sampling, Reasoning reasoning,
                       StructuredOutput structured, JsonObject outputConfig) {
  }

  /**
   * @param openAiRequest       the client's request body
   * @param createdEpochSeconds unix seconds at request receipt, reported back as {@code created} (S1)
   * @return the Anthropic body, the response context, extra upstream headers and client warnings
   * @throws InvalidRequestException (param = JSON path of the bad field) for anything malformed or unsupported
   */
  public TranslatedRequest translate(JsonObject openAiRequest, long createdEpochSeconds) {
    if (openAiRequest == null) {
      throw invalid(null, "the request body must be a JSON object");
    }
    List<String> warnings = new ArrayList<>();
    Parts parts = translateParts(openAiRequest, warnings);
    ResponseContext context = new ResponseContext(parts.model.id(), parts.stream, parts.includeUsage,
      createdEpochSeconds, parts.tools.legacyFunctions(), parts.structured.toolName(), parts.names.renames());
    Map<String, String> headers = parts.reasoning.on()
      ? Map.of("anthropic-beta", ReasoningTranslator.INTERLEAVED_THINKING_BETA) : Map.of();
    return new TranslatedRequest(body(parts), context, headers, List.copyOf(warnings));
  }

  /** Order matters: history tool names need the declared ones (R16); thinking needs the history (R15). */
  private Parts translateParts(JsonObject request, List<String> warnings) {
    ModelInfo model = settings.models().resolve(RequestFields.requiredString(request, "model", ""));
    JsonArray messages = RequestFields.requiredArray(request, "messages", "");
    boolean stream = RequestFields.isTrue(request, "stream", "");
    ToolNames names = new ToolNames();
    ToolSet tools = ToolTranslator.translate(request, model, names);
    MessageTranslator.Result conversation = new MessageTranslator(settings.droidPrompt(), names).translate(messages);
    int maxTokens = SamplingTranslator.maxTokens(request, model, stream, settings.nonStreamMaxTokensCap());
    Sampling sampling = SamplingTranslator.read(request, warnings);
    Reasoning reasoning = reasoningTranslator.translate(request, model, maxTokens, conversation.messages(), warnings);
    if (reasoning.on() && tools.forcesTool()) {
      throw invalid(tools.choiceParam(), tools.choiceParam() + " cannot force a tool call while extended thinking"
        + " is on; use \"auto\" or \"none\", or turn thinking off");
    }
    StructuredOutput structured = ResponseFormatTranslator.translate(request, model, names, reasoning.on(),
      !tools.tools().isEmpty());
    JsonObject outputConfig = outputConfig(RequestFields.object(request, "output_config", ""), reasoning, structured);
    return new Parts(model, stream, includeUsage(request), names, tools, conversation,
      sampling.restrictedFor(model, reasoning.on()), reasoning, structured, outputConfig);
  }

  /** R26/T10: {@code stream_options.include_usage} only shapes our own stream output. */
  private static boolean includeUsage(JsonObject request) {
    JsonObject options = RequestFields.object(request, "stream_options", "");
    return options != null && RequestFields.isTrue(options, "include_usage", "stream_options");
  }

  /** The client's own {@code output_config} (R29) plus our effort (R28) and format (R27); null when empty. */
  private static JsonObject outputConfig(JsonObject clientConfig, Reasoning reasoning, StructuredOutput structured) {
    JsonObject config = clientConfig == null ? new JsonObject() : clientConfig.copy();
    if (reasoning.effort() != null) {
      config.put("effort", reasoning.effort());
    }
    if (structured.format() != null) {
      config.put("format", structured.format());
    }
    return config.isEmpty() ? null : config;
  }

  /** Keys in reading order: model, max_tokens, system, messages, tools, tool_choice, then the rest. */
  private static JsonObject body(Parts parts) {
    JsonObject body = new JsonObject()
      .put("model", parts.model.id())
      .put("max_tokens", parts.reasoning.maxTokens())
      .put("system", parts.conversation.system())
      .put("messages", parts.conversation.messages());
    putTools(body, parts.tools, parts.structured);
    parts.sampling.writeTo(body);
    if (parts.reasoning.thinking() != null) {
      body.put("thinking", parts.reasoning.thinking());
    }
    if (parts.outputConfig != null) {
      body.put("output_config", parts.outputConfig);
    }
    if (parts.stream) {
      body.put("stream", true); // R26: only when true
    }
    return body;
  }

  /** The client's tools plus the synthetic JSON tool (R27), with the tool choice that applies to them (R17, R18). */
  private static void putTools(JsonObject body, ToolSet tools, StructuredOutput structured) {
    JsonArray all = tools.tools().copy();
    if (structured.tool() != null) {
      all.add(structured.tool());
    }
    if (all.isEmpty()) {
      return;
    }
    body.put("tools", all);
    JsonObject choice = structured.forcedChoice() != null ? structured.forcedChoice() : tools.choice();
    JsonObject withParallel = ToolTranslator.withParallelRule(choice, tools.parallel());
    if (withParallel != null) {
      body.put("tool_choice", withParallel);
    }
  }
}
