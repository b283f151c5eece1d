package dev.factoryproxy.credentials;

import dev.factoryproxy.config.ConfigException;
import dev.factoryproxy.config.ConfigLoader;
import dev.factoryproxy.config.ProxyConfig;
import dev.factoryproxy.testing.FakeWorkOs;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pure parts of the Droid login: reading {@code exp}, the settings, what is shown of it (CL1, CL2, CL7). */
class DroidLoginUnitTest {
  @Test
  void cl2_theExpiryIsReadFromTheJwtPayloadWithoutVerifying() {
    assertEquals(1_900_000_000_000L, Jwt.expiryMs(FakeWorkOs.jwt("user", 1_900_000_000_000L)));
    assertEquals(-1, Jwt.expiryMs("not-a-jwt"));
    assertEquals(-1, Jwt.expiryMs("a.%%%.c"), "not base64: treated as unknown, so it is refreshed");
    assertEquals(-1, Jwt.expiryMs("eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.sig"), "no exp");
    assertEquals(-1, Jwt.expiryMs(null));
  }

  @Test
  void cl1_theSettingsComeFromTheEnvironment() {
    JsonObject json = ConfigLoader.load(Map.of("FACTORY_AUTH_FILE", "/tmp/auth.json",
      "FACTORY_REFRESH_TOKEN", "rt-test-0000", "FACTORY_WORKOS_URL", "http://127.0.0.1:9/",
      "FACTORY_REFRESH_AHEAD_MS", "60000", "PROXY_API_KEY", "sk-proxy-test-0000"));
    json.getJsonObject("upstream").remove("factoryApiKeys");
    ProxyConfig config = ProxyConfig.fromJson(json);
    assertEquals(List.of(new ProxyConfig.DroidLogin("rt-test-0000", "/tmp/auth.json", "http://127.0.0.1:9",
      60_000)), config.upstream().droidLogins());
    assertFalse(config.upstream().passthroughKeys(), "a Droid login alone is a pool, not passthrough");
    assertFalse(config.upstream().droidLogins().get(0).toString().contains("rt-test-0000"), "CL7: not in toString");
  }

  @Test
  void cl1_noLoginWithoutATokenOrFile_andTheWorkOsUrlIsChecked() {
    assertEquals(List.of(), ProxyConfig.fromJson(ConfigLoader.load(Map.of())).upstream().droidLogins());
    ConfigException error = assertThrows(ConfigException.class, () -> ProxyConfig.fromJson(ConfigLoader.load(
      Map.of("FACTORY_AUTH_FILE", "/tmp/auth.json", "FACTORY_WORKOS_URL", "ftp://nowhere"))));
    assertTrue(error.getMessage().contains("upstream.workosUrl"), error.getMessage());
  }

  @Test
  void cl1_theSandboxWillNotStartNextToADroidLogin_andTheStartLineCountsIt() {
    JsonObject json = ConfigLoader.load(Map.of("FACTORY_AUTH_FILE", "/tmp/auth.json",
      "PROXY_API_KEY", "sk-proxy-test-0000"));
    json.getJsonObject("upstream").remove("factoryApiKeys");
    ConfigException refused = assertThrows(ConfigException.class,
      () -> dev.factoryproxy.sandbox.Sandbox.checkStartable(json, Map.of()));
    assertTrue(refused.getMessage().contains("Droid login"), refused.getMessage());
    ProxyConfig config = ProxyConfig.fromJson(json);
    assertEquals("factoryKeys=0 droidLogins=1 clientKeys=1 clients=proxy keys",
      dev.factoryproxy.ops.Credentials.line(config, false));
  }

  @Test
  void cl7_aLoginIsShownByADigestIdOnly() {
    Vertx vertx = Vertx.vertx();
    try {
      DroidLogin login = DroidLogin.create(vertx, new ProxyConfig.DroidLogin("rt-test-secret-0000", null,
        "http://127.0.0.1:9", 300_000));
      assertTrue(login.id().matches("key-[0-9a-f]{8}"), login.id());
      assertNull(login.bearer(), "not started: no token to hand out");
      assertEquals(new JsonObject().put("id", login.id()).put("kind", "droid_login").put("state", "no_token"),
        login.summary());
    } finally {
      vertx.close().await();
    }
  }
}
