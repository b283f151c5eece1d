package dev.factoryproxy.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** DL4: which Droid logins a configuration makes; DL3: what the login command reads of it. */
class DroidLoginsConfigTest {
  private static final String WORKOS = "http://127.0.0.1:9";

  @TempDir
  Path dir;

  private Map<String, String> env(JsonObject fileConfig, String... pairs) throws IOException {
    Path file = dir.resolve("config.json");
    Files.writeString(file, fileConfig.encode());
    Map<String, String> env = new java.util.HashMap<>(Map.of("PROXY_CONFIG", file.toString(),
      "FACTORY_WORKOS_URL", WORKOS, "PROXY_API_KEY", "sk-proxy-test-0000"));
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return env;
  }

  private static ProxyConfig.DroidLogin login(String refreshToken, String file) {
    return new ProxyConfig.DroidLogin(refreshToken, file, WORKOS, 300_000);
  }

  @Test
  void dl4_oneLoginPerAuthFile_fromTheCommaListAndTheArray_aFileNamedTwiceOnce() throws IOException {
    JsonObject file = new JsonObject().put("upstream", new JsonObject()
      .put("authFiles", new JsonArray().add("/tmp/fp-c.json").add("/tmp/./fp-a.json")));
    ProxyConfig config = ProxyConfig.fromJson(ConfigLoader.load(env(file,
      "FACTORY_AUTH_FILE", "/tmp/fp-a.json, /tmp/fp-b.json")));

    assertEquals(List.of(login(null, "/tmp/fp-a.json"), login(null, "/tmp/fp-b.json"), login(null, "/tmp/fp-c.json")),
      config.upstream().droidLogins());
    assertEquals("factoryKeys=0 droidLogins=3 clientKeys=1 clients=proxy keys",
      dev.factoryproxy.ops.Credentials.line(config, false));
    assertEquals(new ProxyConfig.LoginSettings(WORKOS, List.of("/tmp/fp-a.json", "/tmp/fp-b.json",
      "/tmp/fp-c.json")), ProxyConfig.loginSettings(ConfigLoader.merged(env(file,
      "FACTORY_AUTH_FILE", "/tmp/fp-a.json, /tmp/fp-b.json"))));
  }

  @Test
  void dl4_aRefreshTokenSeedsASingleAuthFile_notOneOfSeveral() throws IOException {
    JsonObject none = new JsonObject();
    assertEquals(List.of(login("rt-test-0000", "/tmp/fp-a.json")), ProxyConfig.fromJson(ConfigLoader.load(env(none,
      "FACTORY_AUTH_FILE", "/tmp/fp-a.json", "FACTORY_REFRESH_TOKEN", "rt-test-0000"))).upstream().droidLogins());
    assertEquals(List.of(login("rt-test-0000", null)), ProxyConfig.fromJson(ConfigLoader.load(env(none,
      "FACTORY_REFRESH_TOKEN", "rt-test-0000"))).upstream().droidLogins());

    ConfigException error = assertThrows(ConfigException.class, () -> ConfigLoader.load(env(none,
      "FACTORY_AUTH_FILE", "/tmp/fp-a.json,/tmp/fp-b.json", "FACTORY_REFRESH_TOKEN", "rt-test-0000")));
    assertEquals("upstream.refreshToken (FACTORY_REFRESH_TOKEN) seeds one auth file, but 2 are configured "
      + "(upstream.authFile / upstream.authFiles / FACTORY_AUTH_FILE): unset the refresh token, or run "
      + "`java -jar factory-proxy.jar login --auth-file FILE` once per account", error.getMessage());
  }

  @Test
  void dl3_theLoginCommandReadsItsSettingsWithoutTheProxysChecks() throws IOException {
    // a Droid login and no client key: the proxy refuses to start (open proxy), the login command does not care
    Map<String, String> env = env(new JsonObject(), "FACTORY_AUTH_FILE", "/tmp/fp-a.json");
    env.remove("PROXY_API_KEY");
    assertThrows(ConfigException.class, () -> ConfigLoader.load(env));
    assertEquals(new ProxyConfig.LoginSettings(WORKOS, List.of("/tmp/fp-a.json")),
      ProxyConfig.loginSettings(ConfigLoader.merged(env)));
    assertEquals(new ProxyConfig.LoginSettings("https://api.workos.com", List.of()),
      ProxyConfig.loginSettings(new JsonObject()), "the real WorkOS by default");
  }
}
