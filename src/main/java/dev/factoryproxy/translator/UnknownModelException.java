package dev.factoryproxy.translator;

/**
 * A model id that neither the model table nor a prefix rule ({@code Route.forModelId}) knows: answered 404
 * {@code model_not_found}, OpenAI-shaped (in the client's dialect), before any upstream call (issue 12).
 */
final class UnknownModelException extends RuntimeException {
  private final String model;

  UnknownModelException(String model) {
    super("The model `" + model + "` does not exist or you do not have access to it. The proxy routes the ids in "
      + "its model table (GET /v1/models) and these families: " + dev.factoryproxy.config.Route.knownFamilies()
      + ".", null, false, false);
    this.model = model;
  }

  String model() {
    return model;
  }
}
