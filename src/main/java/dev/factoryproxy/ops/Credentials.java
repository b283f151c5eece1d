package dev.factoryproxy.ops;

import dev.factoryproxy.config.ProxyConfig;
import io.vertx.core.json.JsonObject;

/**
 * Which kinds of credential a node has, as counts (never a value or a prefix): for the start-up line and
 * {@code /health}, so that a user sees at once why calls are answered the way they are.
 */
public final class Credentials {
  private Credentials() {
  }

  /**
   * {@code factoryKeys}: real Factory keys the proxy calls with (upstream.factoryApiKeys, FACTORY_API_KEY,
   * FACTORY_API_KEY_FILE); {@code clientKeys}: proxy keys clients must present (PROXY_API_KEY); {@code clients}:
   * how clients authenticate; {@code sandboxKey}: the sandbox's fake key stands in for Factory's.
   */
  public static JsonObject summary(ProxyConfig config, boolean sandbox) {
    int factoryKeys = sandbox ? 0 : config.upstream().factoryApiKeys().size();
    JsonObject summary = new JsonObject()
      .put("factoryKeys", factoryKeys)
      .put("clientKeys", config.auth().proxyApiKeys().size())
      .put("clients", clients(config))
      .put("sandboxKey", sandbox);
    if (!sandbox && !config.upstream().droidLogins().isEmpty()) {
      summary.put("droidLogins", config.upstream().droidLogins().size()); // their states: the upstream key pool
    }
    return summary;
  }

  /** The same in words, e.g. {@code factoryKeys=1 clientKeys=2 clients=proxy keys}. */
  public static String line(ProxyConfig config, boolean sandbox) {
    JsonObject summary = summary(config, sandbox);
    return "factoryKeys=" + summary.getInteger("factoryKeys") + (sandbox ? " (sandbox fake key)" : "")
      + (summary.containsKey("droidLogins") ? " droidLogins=" + summary.getInteger("droidLogins") : "")
      + " clientKeys=" + summary.getInteger("clientKeys") + " clients=" + summary.getString("clients");
  }

  private static String clients(ProxyConfig config) {
    if (!config.auth().proxyApiKeys().isEmpty()) {
      return "proxy keys";
    }
    return config.auth().allowOpenProxy() ? "open" : "passthrough (their own Factory key)";
  }
}
