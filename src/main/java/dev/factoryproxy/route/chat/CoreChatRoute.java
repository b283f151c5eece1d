package dev.factoryproxy.route.chat;

import dev.factoryproxy.config.ModelInfo;
import dev.factoryproxy.config.Route;
import dev.factoryproxy.dialect.RouteDialect;
import dev.factoryproxy.dialect.StreamTranslation;
import dev.factoryproxy.translate.RequestFields;
import dev.factoryproxy.translate.ResponseContext;
import dev.factoryproxy.translate.TranslatedRequest;
import dev.factoryproxy.translate.UpstreamErrorMapper.MappedError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The hub → Factory's Chat route for the open Droid Core models (GLM, Kimi, DeepSeek, Qwen, ...): the same wire
 * format, so mostly an adaptation (docs/route-chat.md, CR/CS/CT/CE). Pure: no I/O.
 */
public final class CoreChatRoute implements RouteDialect {
  /** OpenAI Node SDK fingerprint that Factory's CLI sends on its OpenAI-format routes (factory-upstream.md). */
  static final String STAINLESS_PACKAGE_VERSION = "6.25.0";
  static final String STAINLESS_RUNTIME_VERSION = "v24.3.0";
  private static final String TOOL_NAMES = "toolNames";

  private final String droidPrompt;

  /** @param droidPrompt the configured Droid prompt (translation.droidPrompt), sent as the first system message */
  public CoreChatRoute(String droidPrompt) {
    this.droidPrompt = droidPrompt;
  }

  @Override
  public Route route() {
    return Route.CHAT;
  }

  @Override
  public TranslatedRequest fromChat(JsonObject chatRequest, ModelInfo model, long createdEpochSeconds) {
    if (chatRequest == null) {
      throw RequestFields.invalid(null, "the request body must be a JSON object");
    }
    String clientModel = RequestFields.requiredString(chatRequest, "model", "");
    CoreChatRequest.Adapted adapted = new CoreChatRequest(droidPrompt).adapt(chatRequest, model);
    JsonObject options = RequestFields.object(chatRequest, "stream_options", "");
    boolean includeUsage = options != null && RequestFields.isTrue(options, "include_usage", "stream_options");
    JsonObject state = new JsonObject().put(TOOL_NAMES, new JsonArray(new java.util.ArrayList<>(adapted.toolNames())));
    // CS1: answers name the model as the client asked for it
    ResponseContext ctx = new ResponseContext(clientModel, RequestFields.isTrue(chatRequest, "stream", ""),
      includeUsage, createdEpochSeconds, false, null, Map.of(), state);
    return new TranslatedRequest(adapted.body(), ctx, Map.of(), adapted.warnings());
  }

  /**
   * CR15: {@code x-api-provider} from the model table, the CLI's marker and the OpenAI SDK's fingerprint headers,
   * JSON accepted (the CLI's OpenAI client sends these on this route).
   */
  @Override
  public Map<String, String> identityHeaders(ModelInfo model) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("x-api-provider", model.provider());
    headers.put("x-factory-client", "cli");
    headers.put("accept", "application/json");
    headers.put("x-stainless-lang", "js");
    headers.put("x-stainless-package-version", STAINLESS_PACKAGE_VERSION);
    headers.put("x-stainless-runtime", "node");
    headers.put("x-stainless-runtime-version", STAINLESS_RUNTIME_VERSION);
    headers.put("x-stainless-os", "Linux");
    headers.put("x-stainless-arch", "x64");
    headers.put("x-stainless-retry-count", "0");
    return headers;
  }

  /** CS1–CS6: the route's chat.completion with the client's model, our created, and the hub's field names. */
  @Override
  public JsonObject toChat(JsonObject answer, ResponseContext ctx) {
    List<String> names = toolNames(ctx);
    JsonObject out = answer.copy()
      .put("object", "chat.completion")
      .put("created", ctx.created())
      .put("model", ctx.model());
    if (!(out.getValue("id") instanceof String)) {
      out.put("id", "chatcmpl-" + ctx.created());
    }
    JsonArray choices = out.getValue("choices") instanceof JsonArray c ? c : new JsonArray();
    for (Object item : choices) {
      if (item instanceof JsonObject choice && choice.getValue("message") instanceof JsonObject message) {
        CoreChatAnswers.normaliseReasoning(message);
        CoreChatAnswers.repairToolCalls(message, names);
        boolean calls = message.getValue("tool_calls") instanceof JsonArray a && !a.isEmpty();
        if (message.getValue("content") == null && !calls) {
          message.put("content", "");
        }
        choice.put("finish_reason", CoreChatAnswers.finishReason(choice.getString("finish_reason"), calls));
      }
    }
    out.put("choices", choices);
    JsonObject usage = CoreChatAnswers.usage(out.getJsonObject("usage"));
    if (usage != null) {
      out.put("usage", usage);
    }
    return out;
  }

  /**
   * CT9: Factory is always asked to stream (with usage), also for a client that wants one answer, so the first
   * chunk comes at once and the first-byte timeout never cuts a long generation; the chunks are assembled.
   */
  @Override
  public boolean alwaysStreams() {
    return true;
  }

  @Override
  public JsonObject streamingRequest(JsonObject body) {
    if (Boolean.TRUE.equals(body.getValue("stream"))) {
      return body;
    }
    return body.copy().put("stream", true).put("stream_options", new JsonObject().put("include_usage", true));
  }

  @Override
  public JsonObject assembleStream(List<JsonObject> events) {
    return CoreChatAssembler.assemble(events);
  }

  /** An assembled answer that is an error chunk (CT7) stands for the status its error does. */
  @Override
  public int answerErrorStatus(JsonObject answer) {
    if (answer.getValue("error") == null || answer.getValue("choices") != null) {
      return 0;
    }
    int status = CoreChatErrors.openingStatus(answer);
    return status != 0 ? status : 502;
  }

  @Override
  public StreamTranslation toChatStream(ResponseContext ctx) {
    return new CoreChatStream(ctx, toolNames(ctx));
  }

  @Override
  public int openingErrorStatus(String event, JsonObject data) {
    return CoreChatErrors.openingStatus(data);
  }

  @Override
  public MappedError error(int status, String body, Map<String, String> headers, boolean passThrough529) {
    return CoreChatErrors.map(status, body, headers, passThrough529);
  }

  private static List<String> toolNames(ResponseContext ctx) {
    JsonArray names = ctx.dialectState().getJsonArray(TOOL_NAMES, new JsonArray());
    return names.stream().map(String::valueOf).toList();
  }
}
