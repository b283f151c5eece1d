package dev.factoryproxy.dialect;

import dev.factoryproxy.config.Route;
import dev.factoryproxy.config.ModelInfo;
import dev.factoryproxy.translate.ResponseContext;
import dev.factoryproxy.translate.TranslatedRequest;
import dev.factoryproxy.translate.UpstreamErrorMapper.MappedError;
import io.vertx.core.json.JsonObject;

import java.util.Map;

/**
 * A same-dialect pair (Messages client → Messages route, Responses → Responses, Chat → Chat): the client's body
 * goes to Factory with only Factory's adjustments (Droid prompt, ids, betas, store), and the answer comes back with
 * only what must change, without decoding and re-encoding every field. Pure: no I/O.
 */
public interface PassThrough {
  /** The client dialect's {@link ClientDialect#name()}. */
  String client();

  Route route();

  /**
   * The client's body adjusted for Factory, plus headers and warnings; validation as the client's API does it, a
   * malformed field throws {@link dev.factoryproxy.translate.InvalidRequestException} naming its JSON path.
   *
   * @param clientHeaders the client's request headers, lower-case names (e.g. {@code anthropic-beta})
   */
  TranslatedRequest adapt(JsonObject clientRequest, Map<String, String> clientHeaders, ModelInfo model,
                          long createdEpochSeconds);

  /** The route's complete answer → the client's (usually the same object). */
  JsonObject answer(JsonObject routeAnswer, ResponseContext ctx);

  /** The route's stream → the client's SSE text, events forwarded as they came where nothing needs changing. */
  StreamTranslation stream(ResponseContext ctx);

  /** A route error → the client's error shape (Factory's 402 {@code detail} as the message). */
  MappedError error(int status, String body, Map<String, String> headers, boolean passThrough529);
}
