package dev.factoryproxy.client.responses;

import dev.factoryproxy.config.ModelInfo;
import dev.factoryproxy.config.Route;
import dev.factoryproxy.config.TranslationSettings;
import dev.factoryproxy.dialect.PassThrough;
import dev.factoryproxy.dialect.StreamTranslation;
import dev.factoryproxy.translate.OpenAiErrors;
import dev.factoryproxy.translate.RequestFields;
import dev.factoryproxy.translate.ResponseContext;
import dev.factoryproxy.translate.TranslatedRequest;
import dev.factoryproxy.translate.UpstreamErrorMapper;
import dev.factoryproxy.translate.UpstreamErrorMapper.MappedError;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Responses client → Factory's Responses route (GPT, Codex, Grok): the client's body with only Factory's
 * adjustments (XP1–XP8), the answer unchanged, the stream forwarded byte for byte (XP9–XP11).
 */
public final class GptPassThrough implements PassThrough {
  /**
   * OpenAI-hosted tools: they run on OpenAI's side and need its storage and billing, which Factory's
   * {@code store: false} route does not offer; Codex sends {@code web_search} on every turn (XP6).
   */
  public static final Set<String> HOSTED_TOOL_TYPES = Set.of("web_search", "web_search_preview",
    "web_search_preview_2025_03_11", "web_search_2025_08_26", "file_search", "code_interpreter",
    "computer_use_preview", "computer_use", "image_generation", "mcp");

  /** Fields that only make sense with OpenAI-side storage, refused with the reason (XP4). */
  static final Map<String, String> STORED_ONLY_FIELDS = Map.of(
    "conversation", "conversation needs OpenAI-side storage, which Factory's route does not keep (store: false)",
    "background", "background responses need OpenAI-side storage, which Factory's route does not keep (store: false)",
    "prompt", "prompt templates live in an OpenAI project the proxy cannot reach");

  /** Client bookkeeping Factory rejects as an extra input (XP5). */
  static final Set<String> DROPPED_FIELDS = Set.of("client_metadata");

  private final String droidPrompt;

  public GptPassThrough(String droidPrompt) {
    this.droidPrompt = droidPrompt;
  }

  public GptPassThrough() {
    this(TranslationSettings.DROID_PROMPT_PREFIX);
  }

  @Override
  public String client() {
    return ResponsesClient.NAME;
  }

  @Override
  public Route route() {
    return Route.RESPONSES;
  }

  @Override
  public TranslatedRequest adapt(JsonObject clientRequest, Map<String, String> clientHeaders, ModelInfo model,
                                 long createdEpochSeconds) {
    List<String> warnings = new ArrayList<>();
    JsonObject body = clientRequest.copy();
    RequestFields.requiredString(body, "model", "");
    refuseStoredOnly(body);
    boolean stream = RequestFields.isTrue(body, "stream", "");
    body.put("instructions", instructions(RequestFields.string(body, "instructions", "")));
    body.put("store", false); // XP2
    DROPPED_FIELDS.forEach(body::remove);
    Object input = body.getValue("input");
    if (input instanceof JsonArray items) {
      body.put("input", replayableInput(items, warnings));
    } else if (input instanceof String) {
      body.put("input", PreviousResponses.inputItems(body)); // XP12: Factory takes an array of items only
    } else if (input != null) {
      throw RequestFields.invalid("input", "input must be a string or an array of items");
    }
    JsonArray tools = RequestFields.array(body, "tools", "");
    if (tools != null) {
      body.put("tools", withoutHostedTools(tools, body, warnings));
    }
    applyModel(body, model);
    // clientStore: whether the client expects its response kept for previous_response_id (OpenAI's default: yes)
    JsonObject state = new JsonObject().put("client", ResponsesClient.NAME).put("passThrough", true)
      .put("stream", stream).put("clientStore", !Boolean.FALSE.equals(clientRequest.getValue("store")));
    ResponseContext ctx = new ResponseContext(clientRequest.getString("model"), stream, false, createdEpochSeconds,
      false, null, Map.of(), state);
    return new TranslatedRequest(body, ctx, Map.of("x-api-provider", model.provider()), List.copyOf(warnings));
  }

  static void refuseStoredOnly(JsonObject body) {
    if (body.getValue("previous_response_id") != null) {
      throw RequestFields.invalid("previous_response_id", "previous_response_id cannot be served: Factory keeps no "
        + "responses (store: false) and the proxy's conversation store is off; send the whole conversation in input");
    }
    STORED_ONLY_FIELDS.forEach((field, why) -> {
      if (body.getValue(field) != null && !Boolean.FALSE.equals(body.getValue(field))) {
        throw RequestFields.invalid(field, field + " is not supported: " + why);
      }
    });
  }

  /** XP1: the Droid prompt leads {@code instructions}; the client's instructions follow it. */
  private String instructions(String client) {
    if (client == null || client.isEmpty()) {
      return droidPrompt;
    }
    return client.startsWith(TranslationSettings.DROID_PROMPT_PREFIX) ? client : droidPrompt + "\n\n" + client;
  }

  /**
   * XP3: with {@code store: false} Factory answers 404 to any server-side item id ({@code msg_…}, {@code rs_…},
   * {@code fc_…}), and Codex puts {@code msg_<uuid>} on its own messages, so every input item loses its {@code id};
   * {@code call_id} stays. Reasoning without {@code encrypted_content} cannot be replayed without storage (XP3b).
   */
  static JsonArray replayableInput(JsonArray items, List<String> warnings) {
    JsonArray out = new JsonArray();
    for (int i = 0; i < items.size(); i++) {
      JsonObject item = RequestFields.objectAt(items, i, "input").copy();
      String type = RequestFields.string(item, "type", RequestFields.index("input", i));
      if ("item_reference".equals(type)) {
        throw RequestFields.invalid(RequestFields.index("input", i), "input[" + i + "] is an item_reference, which "
          + "needs OpenAI-side storage (store: false on Factory's route); send the item itself");
      }
      if ("reasoning".equals(type) && item.getValue("encrypted_content") == null) {
        warnings.add("input[" + i + "]: reasoning item without encrypted_content dropped (it cannot be replayed "
          + "with store: false; ask for include: [\"reasoning.encrypted_content\"])");
        continue;
      }
      item.remove("id");
      out.add(item);
    }
    return out;
  }

  /** XP6: hosted tools dropped with a warning; a {@code tool_choice} naming one falls back to {@code auto}. */
  static JsonArray withoutHostedTools(JsonArray tools, JsonObject body, List<String> warnings) {
    JsonArray kept = new JsonArray();
    for (int i = 0; i < tools.size(); i++) {
      JsonObject tool = RequestFields.objectAt(tools, i, "tools");
      String type = RequestFields.requiredString(tool, "type", RequestFields.index("tools", i));
      if (HOSTED_TOOL_TYPES.contains(type)) {
        warnings.add("tools[" + i + "]: hosted tool " + type + " dropped (Factory does not run OpenAI's hosted tools)");
      } else if ("namespace".equals(type)) {
        // XP13: Factory's route takes flat tools; Codex's multi_agent_v1 would be a 400 on every turn
        warnings.add("tools[" + i + "]: namespace tool " + tool.getValue("name") + " dropped (Factory's Responses "
          + "route takes flat function tools only)");
      } else {
        kept.add(tool);
      }
    }
    if (body.getValue("tool_choice") instanceof JsonObject choice
      && HOSTED_TOOL_TYPES.contains(choice.getString("type"))) {
      body.put("tool_choice", "auto");
      warnings.add("tool_choice named a dropped hosted tool; auto used");
    }
    return kept;
  }

  /** XP8: the model table's id; an OpenAI {@code -fast} id is the base model on the priority tier. */
  static void applyModel(JsonObject body, ModelInfo model) {
    String id = model.id();
    if (id.endsWith("-fast")) {
      body.put("model", id.substring(0, id.length() - "-fast".length()));
      body.put("service_tier", "priority");
    } else {
      body.put("model", id);
    }
  }

  @Override
  public JsonObject answer(JsonObject routeAnswer, ResponseContext ctx) {
    return routeAnswer; // XP9: Factory's response object is already what the client reads
  }

  @Override
  public StreamTranslation stream(ResponseContext ctx) {
    return new PassThroughStream(ctx.model());
  }

  /**
   * XE1: Factory's Responses route answers OpenAI-shaped errors; their {@code type}, {@code param} and {@code code}
   * are kept (the shared mapper would re-derive them from the status). Status and headers as the mapper says.
   */
  @Override
  public MappedError error(int status, String body, Map<String, String> headers, boolean passThrough529) {
    MappedError mapped = UpstreamErrorMapper.map(status, body, headers, passThrough529);
    JsonObject original = openAiError(body);
    if (original == null) {
      return mapped;
    }
    JsonObject derived = mapped.body().getJsonObject("error");
    JsonObject merged = OpenAiErrors.body(
      original.getValue("message") instanceof String m ? m : derived.getString("message"),
      original.getValue("type") instanceof String t ? t : derived.getString("type"),
      original.getValue("param") instanceof String p ? p : null,
      original.getValue("code") instanceof String c ? c : derived.getString("code"));
    return new MappedError(mapped.status(), merged, mapped.headers());
  }

  private static JsonObject openAiError(String body) {
    if (body == null || !body.strip().startsWith("{")) {
      return null;
    }
    try {
      return new JsonObject(body).getValue("error") instanceof JsonObject e ? e : null;
    } catch (DecodeException notJson) {
      return null;
    }
  }
}
