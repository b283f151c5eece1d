package dev.factoryproxy.translate;

import dev.factoryproxy.config.ModelInfo;
import io.vertx.core.json.JsonObject;

import static dev.factoryproxy.translate.RequestFields.invalid;

/** {@code response_format} → a synthetic JSON tool, or native {@code output_config.format} where configured (R27). */
final class ResponseFormatTranslator {
  static final String JSON_TOOL_NAME = "json_response";
  private static final String JSON_TOOL_DESCRIPTION =
    "Give your final answer by calling this tool once; its input is the JSON response.";
  private static final String PATH = "response_format";

  /**
   * @param tool         the synthetic tool to append to {@code tools}, or null
   * @param forcedChoice the tool_choice that forces it, or null
   * @param format       {@code output_config.format} for native structured output, or null
   */
  record StructuredOutput(JsonObject tool, JsonObject forcedChoice, JsonObject format) {
    static final StructuredOutput NONE = new StructuredOutput(null, null, null);

    /** The synthetic tool's name, which the response side unwraps into message content (S6, T15). */
    String toolName() {
      return tool == null ? null : tool.getString("name");
    }
  }

  private ResponseFormatTranslator() {
  }

  /**
   * The synthetic tool is forced only when the client declared no tools of its own (forcing it would make
   * theirs unusable) and thinking is off (Anthropic refuses a forced tool with thinking).
   */
  static StructuredOutput translate(JsonObject request, ModelInfo model, ToolNames names, boolean thinking,
                                    boolean clientTools) {
    JsonObject format = RequestFields.object(request, PATH, "");
    if (format == null) {
      return StructuredOutput.NONE;
    }
    boolean force = !thinking && !clientTools;
    return switch (RequestFields.requiredString(format, "type", PATH)) {
      case "text" -> StructuredOutput.NONE;
      case "json_object" -> jsonTool(anyObject(), null, names, force);
      case "json_schema" -> jsonSchema(RequestFields.requiredObject(format, "json_schema", PATH), model, names, force);
      default -> throw invalid(PATH + ".type", PATH + ".type must be \"text\", \"json_object\" or \"json_schema\"");
    };
  }

  /** Native output needs a schema to close; without one the request is treated like json_object. */
  private static StructuredOutput jsonSchema(JsonObject spec, ModelInfo model, ToolNames names, boolean force) {
    String path = PATH + ".json_schema";
    RequestFields.string(spec, "name", path); // validated only: the tool keeps a fixed, collision-free name
    RequestFields.bool(spec, "strict", path); // validated only: the schema is always followed as given
    String description = RequestFields.string(spec, "description", path);
    JsonObject schema = RequestFields.object(spec, "schema", path);
    if (schema != null && model.nativeStructuredOutput()) {
      JsonObject format = new JsonObject().put("type", "json_schema")
        .put("schema", JsonSchemas.structuredOutputSchema(schema, path + ".schema"));
      return new StructuredOutput(null, null, format);
    }
    return jsonTool(schema == null ? anyObject() : schema, description, names, force);
  }

  /** The tool is named {@code json_response}, or a suffixed variant when that name is taken by the client. */
  private static StructuredOutput jsonTool(JsonObject schema, String description, ToolNames names, boolean force) {
    String name = names.reserve(JSON_TOOL_NAME);
    JsonObject tool = new JsonObject().put("name", name)
      .put("description", description != null ? description : JSON_TOOL_DESCRIPTION)
      .put("input_schema", JsonSchemas.toolInputSchema(schema, PATH + ".json_schema.schema"));
    return new StructuredOutput(tool, force ? new JsonObject().put("type", "tool").put("name", name) : null, null);
  }

  private static JsonObject anyObject() {
    return new JsonObject().put("type", "object").put("additionalProperties", true);
  }
}
