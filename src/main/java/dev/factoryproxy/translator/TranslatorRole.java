package dev.factoryproxy.translator;

import dev.factoryproxy.config.ModelCatalog;
import dev.factoryproxy.dialect.Dialects;
import io.vertx.core.Deployable;

import java.util.function.Supplier;

/** The translator role of one node: the dialects and model table its instances share, made once by the root. */
public final class TranslatorRole {
  private final Dialects dialects;
  private final ModelCatalog models;
  private final int instances;

  public TranslatorRole(Dialects dialects, ModelCatalog models, int instances) {
    this.dialects = dialects;
    this.models = models;
    this.instances = instances;
  }

  /** One new translator verticle per call. */
  public Supplier<Deployable> verticles() {
    return () -> new TranslatorVerticle(new RequestRouter(dialects, models));
  }

  public int instances() {
    return instances;
  }
}
