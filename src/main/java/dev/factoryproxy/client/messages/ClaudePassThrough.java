package dev.factoryproxy.client.messages;

import dev.factoryproxy.config.ModelInfo;
import dev.factoryproxy.config.Route;
import dev.factoryproxy.dialect.PassThrough;
import dev.factoryproxy.dialect.StreamTranslation;
import dev.factoryproxy.translate.Identifiers;
import dev.factoryproxy.translate.RequestFields;
import dev.factoryproxy.translate.ResponseContext;
import dev.factoryproxy.translate.TranslatedRequest;
import dev.factoryproxy.translate.UpstreamErrorMapper;
import dev.factoryproxy.translate.UpstreamErrorMapper.MappedError;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static dev.factoryproxy.translate.RequestFields.invalid;

/**
 * Anthropic Messages client → Factory's Messages route (Claude): the client's body as it came, with only what
 * Factory needs changed (MP1-MP8 in docs/client-messages.md). Pure: no I/O.
 */
public final class ClaudePassThrough implements PassThrough {
  /** Sent when the client names no {@code anthropic-version}, as Factory's CLI does. */
  static final String DEFAULT_ANTHROPIC_VERSION = "2023-06-01";
  /** Anthropic's limit for {@code metadata.user_id}. */
  static final int USER_ID_MAX_LENGTH = 256;
  private static final int MIN_THINKING_BUDGET = 1024;
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
  private static final Pattern PHONE = Pattern.compile("\\+?[\\d\\s().-]{7,20}");

  private final MessagesSettings settings;

  public ClaudePassThrough(MessagesSettings settings) {
    this.settings = settings;
  }

  @Override
  public String client() {
    return MessagesClient.NAME;
  }

  @Override
  public Route route() {
    return Route.MESSAGES;
  }

  @Override
  public TranslatedRequest adapt(JsonObject clientRequest, Map<String, String> clientHeaders, ModelInfo model,
                                 long createdEpochSeconds) {
    if (clientRequest == null) {
      throw invalid(null, "The request body must be a JSON object");
    }
    List<String> warnings = new ArrayList<>();
    JsonObject body = adjustedBody(clientRequest, clientHeaders, model, warnings);
    Map<String, String> headers = upstreamHeaders(clientHeaders, warnings);
    boolean stream = Boolean.TRUE.equals(body.getValue("stream"));
    JsonObject state = new JsonObject().put("client", MessagesClient.NAME).put("passThrough", true);
    ResponseContext context = new ResponseContext(model.id(), stream, false, createdEpochSeconds, false, null,
      Map.of(), state);
    return new TranslatedRequest(body, context, headers, List.copyOf(warnings));
  }

  /**
   * The same adjustments for {@code POST /v1/messages/count_tokens} (MC1), so the count matches what would be
   * sent: only the fields that endpoint takes, no {@code max_tokens}, {@code stream} or {@code metadata}.
   */
  public TranslatedRequest adaptCountTokens(JsonObject clientRequest, Map<String, String> clientHeaders,
                                            ModelInfo model) {
    if (clientRequest == null) {
      throw invalid(null, "The request body must be a JSON object");
    }
    List<String> warnings = new ArrayList<>();
    JsonObject body = CountTokens.countableBody(clientRequest);
    requireConversation(body);
    body.put("model", model.id());
    body.put("system", SystemGate.system(body.getValue("system"), settings));
    SystemGate.rewriteMessages(body.getJsonArray("messages"), settings.promptRewrites());
    BetaFilter.dropUnbackedFields(body, BetaFilter.filter(clientHeaders.get("anthropic-beta"),
      settings.allowedBetas()), warnings);
    Map<String, String> headers = upstreamHeaders(clientHeaders, new ArrayList<>());
    ResponseContext context = new ResponseContext(model.id(), false, false, 0, false, null, Map.of(),
      new JsonObject().put("client", MessagesClient.NAME).put("countTokens", true)
        .put("estimate", CountTokens.estimate(body).getLong("input_tokens")));
    return new TranslatedRequest(body, context, headers, List.copyOf(warnings));
  }

  private JsonObject adjustedBody(JsonObject request, Map<String, String> clientHeaders, ModelInfo model,
                                  List<String> warnings) {
    JsonObject body = request.copy();
    requireConversation(body);
    body.put("model", model.id()); // MP1: the alias's target, as the model table names it
    body.put("system", SystemGate.system(body.getValue("system"), settings)); // MP2, MP3
    SystemGate.rewriteMessages(body.getJsonArray("messages"), settings.promptRewrites());
    BetaFilter.dropUnbackedFields(body,
      BetaFilter.filter(clientHeaders.get("anthropic-beta"), settings.allowedBetas()), warnings); // MP5
    adjustUserId(body);
    limitMaxTokens(body, model, warnings);
    return body;
  }

  /** MP1: what the Messages API itself requires, checked before any upstream call. */
  static void requireConversation(JsonObject body) {
    RequestFields.requiredString(body, "model", "");
    if (RequestFields.requiredArray(body, "messages", "").isEmpty()) {
      throw invalid("messages", "messages: at least one message is required");
    }
    RequestFields.bool(body, "stream", "");
  }

  /** MP4: betas cut to the allow-list, the dropped ones named; {@code anthropic-version} kept. */
  private Map<String, String> upstreamHeaders(Map<String, String> clientHeaders, List<String> warnings) {
    Map<String, String> headers = new LinkedHashMap<>();
    String version = clientHeaders.get("anthropic-version");
    headers.put("anthropic-version", version == null || version.isBlank() ? DEFAULT_ANTHROPIC_VERSION : version);
    BetaFilter.Betas betas = BetaFilter.filter(clientHeaders.get("anthropic-beta"), settings.allowedBetas());
    if (betas.header() != null) {
      headers.put("anthropic-beta", betas.header());
    }
    if (!betas.dropped().isEmpty()) {
      warnings.add("anthropic-beta " + String.join(", ", betas.dropped()) + " dropped: Factory does not accept it");
    }
    return headers;
  }

  /**
   * MP7: {@code metadata.user_id} passes as sent (Claude Code's is a JSON string of device and session ids), except
   * what looks like an email address or phone number, or is too long, which goes as its SHA-256.
   */
  private static void adjustUserId(JsonObject body) {
    JsonObject metadata = RequestFields.object(body, "metadata", "");
    if (metadata == null) {
      return;
    }
    String userId = RequestFields.string(metadata, "user_id", "metadata");
    if (userId != null && (userId.length() > USER_ID_MAX_LENGTH || looksPersonal(userId))) {
      body.put("metadata", metadata.copy().put("user_id", Identifiers.sha256Hex(userId)));
    }
  }

  private static boolean looksPersonal(String id) {
    String s = id.strip();
    return EMAIL.matcher(s).matches() || PHONE.matcher(s).matches() && s.replaceAll("\\D", "").length() >= 7;
  }

  /**
   * MP6: {@code max_tokens} is required; above the model's output limit it is lowered to it, and a non-stream
   * request above the non-stream cap is lowered to the cap (Factory refuses those unstreamed). A thinking budget
   * that no longer fits below it is lowered too, so the body stays valid.
   */
  private void limitMaxTokens(JsonObject body, ModelInfo model, List<String> warnings) {
    Integer requested = RequestFields.positiveInt(body, "max_tokens", "");
    if (requested == null) {
      throw invalid("max_tokens", "max_tokens: Field required");
    }
    boolean stream = Boolean.TRUE.equals(body.getValue("stream"));
    int limit = stream ? model.maxOutputTokens() : Math.min(model.maxOutputTokens(), settings.nonStreamMaxTokensCap());
    if (requested <= limit) {
      return;
    }
    body.put("max_tokens", limit);
    warnings.add("max_tokens lowered from " + requested + " to " + limit + (stream ? " (the model's limit)"
      : " (the limit without streaming)"));
    JsonObject thinking = RequestFields.object(body, "thinking", "");
    if (thinking != null && thinking.getValue("budget_tokens") instanceof Number budget
      && budget.longValue() >= limit) {
      if (limit - 1 < MIN_THINKING_BUDGET) {
        body.remove("thinking");
        warnings.add("thinking removed: its budget does not fit below max_tokens " + limit);
      } else {
        body.put("thinking", thinking.copy().put("budget_tokens", limit - 1));
        warnings.add("thinking.budget_tokens lowered to " + (limit - 1) + " to stay below max_tokens");
      }
    }
  }

  /**
   * ME5: an {@code error} event before anything was sent stands for an HTTP error (the same rule as T13 on the
   * Messages route), so the wiring can still answer with that status and retry; else 0.
   */
  public int openingErrorStatus(String event, JsonObject data) {
    String type = event != null ? event : data == null ? null : data.getString("type");
    if (!"error".equals(type) || data == null || !(data.getValue("error") instanceof JsonObject error)) {
      return 0;
    }
    return UpstreamErrorMapper.statusForType(error.getString("type"));
  }

  /**
   * MP8: Factory's answer is already the client's. MC2: a count is cut to {@code input_tokens}; a count answer
   * without one gets the estimate made when the request was adapted.
   */
  @Override
  public JsonObject answer(JsonObject routeAnswer, ResponseContext ctx) {
    if (!ctx.dialectState().getBoolean("countTokens", false)) {
      return routeAnswer;
    }
    return routeAnswer.getValue("input_tokens") instanceof Number ? CountTokens.answer(routeAnswer)
      : new JsonObject().put("input_tokens", ctx.dialectState().getLong("estimate", 1L));
  }

  @Override
  public StreamTranslation stream(ResponseContext ctx) {
    return new PassThroughStream();
  }

  @Override
  public MappedError error(int status, String body, Map<String, String> headers, boolean passThrough529) {
    return AnthropicErrors.fromRoute(status, body, headers); // ME4: Anthropic's clients know 529 themselves
  }
}
