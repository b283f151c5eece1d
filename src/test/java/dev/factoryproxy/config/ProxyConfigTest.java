package dev.factoryproxy.config;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProxyConfigTest {

  @Test
  void defaultsPointAtFactoryItselfNeverARelay() {
    ProxyConfig config = ProxyConfig.fromJson(new JsonObject());
    assertEquals("https://api.factory.ai/api/llm/a/v1/messages", config.upstream().url());
    assertEquals(8000, config.http().port());
    assertTrue(config.upstream().passthroughKeys());
    assertEquals(java.util.EnumSet.allOf(ProxyConfig.Role.class), config.roles());
  }

  @Test
  void environmentOverridesTheFile() {
    JsonObject json = new JsonObject();
    ConfigLoader.applyEnv(json, Map.of(
      "PORT", "9100",
      "ANTHROPIC_TARGET_URL", "http://127.0.0.1:9999/v1/messages",
      "FACTORY_API_KEY", "fk-test-one, fk-test-two",
      "PROXY_API_KEY", "sk-test-a,sk-test-b",
      "UPSTREAM_INSTANCES", "3",
      "PROXY_ROLES", "http,translator"));
    ProxyConfig config = ProxyConfig.fromJson(json);
    assertEquals(9100, config.http().port());
    assertEquals("http://127.0.0.1:9999/v1/messages", config.upstream().url());
    assertEquals(java.util.List.of("fk-test-one", "fk-test-two"), config.upstream().factoryApiKeys());
    assertEquals(java.util.List.of("sk-test-a", "sk-test-b"), config.auth().proxyApiKeys());
    assertEquals(3, config.upstream().instances());
    assertEquals(java.util.EnumSet.of(ProxyConfig.Role.HTTP, ProxyConfig.Role.TRANSLATOR), config.roles());
  }

  static Stream<Arguments> badConfigurations() {
    return Stream.of(
      Arguments.of("{\"http\":{\"port\":70000}}", "http.port"),
      Arguments.of("{\"http\":{\"port\":\"eighty\"}}", "http.port"),
      Arguments.of("{\"upstream\":{\"url\":\"ftp://example.test/x\"}}", "upstream.url"),
      Arguments.of("{\"upstream\":{\"clientVersion\":\"\"}}", "upstream.clientVersion"),
      Arguments.of("{\"upstream\":{\"idleTimeoutMs\":0}}", "upstream.idleTimeoutMs"),
      Arguments.of("{\"cluster\":{\"roles\":[\"http\",\"frontend\"]}}", "cluster.roles"),
      Arguments.of("{\"logging\":{\"format\":\"xml\"}}", "logging.format"),
      Arguments.of("{\"translation\":{\"droidPrompt\":\"You are Claude Code.\"}}", "translation.droidPrompt"),
      Arguments.of("{\"translation\":{\"thinkingBudgets\":{\"high\":10}}}", "translation.thinkingBudgets.high"),
      Arguments.of("{\"models\":[{\"maxOutputTokens\":10}]}", "models[0].id"),
      Arguments.of("{\"models\":[{\"id\":\"gpt-5.4\",\"route\":\"openai\"}]}", "models[0].route"),
      Arguments.of("{\"models\":[{\"id\":\"x\"},{\"id\":\"my-model\",\"route\":\"\"}]}", "models[1].route"),
      Arguments.of("{\"models\":[{\"id\":\"glm-5\",\"route\":7}]}", "models[0].route"),
      Arguments.of("{\"models\":[{\"id\":\"glm-5\",\"provider\":\" \"}]}", "models[0].provider"),
      Arguments.of("{\"models\":[{\"id\":\"glm-5\",\"strictTools\":\"yes\"}]}", "models[0].strictTools"),
      Arguments.of("{\"upstream\":{\"factoryApiKeys\":[\"fk-test\"]}}", "auth.proxyApiKeys"),
      Arguments.of("{\"auth\":{\"proxyApiKeys\":[\"sk-test\"]}}", "upstream.factoryApiKeys"),
      Arguments.of("{\"upstream\":{\"heartbeatMs\":8000}}", "upstream.heartbeatMs"),
      Arguments.of("{\"upstream\":{\"retry\":{\"maxAttempts\":0}}}", "upstream.retry.maxAttempts"),
      Arguments.of("{\"upstream\":{\"retry\":{\"baseDelayMs\":9000,\"maxDelayMs\":100}}}", "upstream.retry.baseDelayMs"),
      Arguments.of("{\"upstream\":{\"retry\":\"often\"}}", "upstream.retry"),
      Arguments.of("{\"upstream\":{\"retry\":{\"budgetMs\":5000}},\"http\":{\"requestTimeoutMs\":5000}}", "upstream.retry.budgetMs"),
      Arguments.of("{\"upstream\":{\"firstByteTimeoutMs\":100000}}", "upstream.retry.budgetMs + upstream.firstByteTimeoutMs"),
      Arguments.of("{\"upstream\":{\"keyCooldownMs\":0}}", "upstream.keyCooldownMs"),
      Arguments.of("{\"upstream\":{\"keyRecheckMs\":-1}}", "upstream.keyRecheckMs"),
      Arguments.of("{\"limits\":{\"maxConcurrentStreams\":-1}}", "limits.maxConcurrentStreams"),
      Arguments.of("{\"limits\":{\"requestsPerMinute\":\"lots\"}}", "limits.requestsPerMinute"),
      Arguments.of("{\"metrics\":{\"enabled\":\"maybe\"}}", "metrics.enabled"),
      Arguments.of("{\"metrics\":{\"eventBus\":1}}", "metrics.eventBus"));
  }

  @ParameterizedTest
  @MethodSource("badConfigurations")
  void badValuesStopStartupNamingTheKey(String json, String key) {
    ConfigException e = assertThrows(ConfigException.class, () -> ProxyConfig.fromJson(new JsonObject(json)));
    assertTrue(e.getMessage().contains(key), e.getMessage());
  }

  @Test
  void splitRolesNeedOnlyTheirOwnKeys() {
    // the HTTP node checks client keys; the Factory keys live on the upstream nodes
    ProxyConfig front = ProxyConfig.fromJson(new JsonObject(
      "{\"auth\":{\"proxyApiKeys\":[\"sk-test\"]},\"cluster\":{\"roles\":[\"http\",\"translator\"]}}"));
    assertEquals(java.util.List.of("sk-test"), front.auth().proxyApiKeys());
    ProxyConfig back = ProxyConfig.fromJson(new JsonObject(
      "{\"upstream\":{\"factoryApiKeys\":[\"fk-test\"]},\"cluster\":{\"roles\":[\"upstream\"]}}"));
    assertEquals(java.util.List.of("fk-test"), back.upstream().factoryApiKeys());
  }

  @Test
  void operationsSettingsHaveDefaultsAndEnvironmentOverrides() {
    ProxyConfig defaults = ProxyConfig.fromJson(new JsonObject());
    assertEquals(new ProxyConfig.Retry(3, 500, 8_000, 25_000), defaults.upstream().retry());
    assertEquals(new ProxyConfig.Limits(10_000, 0, 0), defaults.limits());
    assertEquals(600_000, defaults.upstream().keyRecheckMs());
    assertEquals(new ProxyConfig.Metrics(true, false), defaults.metrics());

    JsonObject json = new JsonObject();
    ConfigLoader.applyEnv(json, Map.of(
      "UPSTREAM_RETRY_MAX_ATTEMPTS", "5",
      "UPSTREAM_RETRY_BUDGET_MS", "20000",
      "UPSTREAM_KEY_COOLDOWN_MS", "1000",
      "UPSTREAM_KEY_RECHECK_MS", "0",
      "MAX_CONCURRENT_STREAMS", "10",
      "MAX_CONCURRENT_STREAMS_PER_CLIENT", "2",
      "REQUESTS_PER_MINUTE", "30",
      "METRICS_ENABLED", "false",
      "METRICS_EVENT_BUS", "true"));
    ProxyConfig config = ProxyConfig.fromJson(json);
    assertEquals(5, config.upstream().retry().maxAttempts());
    assertEquals(20_000, config.upstream().retry().budgetMs());
    assertEquals(1_000, config.upstream().keyCooldownMs());
    assertEquals(0, config.upstream().keyRecheckMs());
    assertEquals(new ProxyConfig.Limits(10, 2, 30), config.limits());
    assertEquals(new ProxyConfig.Metrics(false, true), config.metrics());
  }

  @Test
  void anOpenProxyIsAnExplicitChoice() {
    JsonObject json = new JsonObject("{\"upstream\":{\"factoryApiKeys\":[\"fk-test\"]},\"auth\":{\"allowOpenProxy\":true}}");
    assertTrue(ProxyConfig.fromJson(json).auth().allowOpenProxy());
  }

  @Test
  void keysNeverAppearInToString() {
    JsonObject json = new JsonObject("{\"upstream\":{\"factoryApiKeys\":[\"fk-test-secret-value\"]},"
      + "\"auth\":{\"proxyApiKeys\":[\"sk-test-secret-value\"]}}");
    String text = ProxyConfig.fromJson(json).toString();
    assertTrue(!text.contains("secret-value"), text);
  }

  @Test
  void aliasesResolveAndUnknownModelsPassThroughUnchanged() {
    ModelCatalog models = ProxyConfig.fromJson(new JsonObject(
      "{\"models\":[{\"id\":\"claude-sonnet-4-5-20250929\",\"maxOutputTokens\":64000}],"
        + "\"modelAliases\":{\"sonnet\":\"claude-sonnet-4-5-20250929\"}}")).translation().models();
    assertEquals(64000, models.resolve("sonnet").maxOutputTokens());
    assertEquals("claude-future-9", models.resolve("claude-future-9").id());
    assertEquals(8192, models.resolve("claude-future-9").maxOutputTokens());
  }

  @Test
  void eachModelNamesItsRouteAndProviderOrGetsThoseOfItsPrefix() {
    ModelCatalog models = ProxyConfig.fromJson(new JsonObject("""
      {"models":[{"id":"my-core","route":"chat","provider":"baseten","ownedBy":"acme"},
                 {"id":"minimax-m2.5"},{"id":"grok-4"},{"id":"gemini-3.1-pro-preview","route":"gemini"}]}"""))
      .translation().models();
    ModelInfo core = models.resolve("my-core");
    assertEquals(java.util.List.of(Route.CHAT, "baseten", "acme"), java.util.List.of(core.route(), core.provider(),
      core.ownedBy()));
    assertEquals(java.util.List.of(Route.MESSAGES, "fireworks"), java.util.List.of(
      models.resolve("minimax-m2.5").route(), models.resolve("minimax-m2.5").provider()));
    assertEquals(java.util.List.of(Route.RESPONSES, "xai", "openai"), java.util.List.of(
      models.resolve("grok-4").route(), models.resolve("grok-4").provider(), models.resolve("grok-4").ownedBy()));
    assertEquals("google", models.resolve("gemini-3.1-pro-preview").provider());
  }

  @Test
  void theShippedTableCoversEveryFamilyOnItsRoute() throws Exception {
    JsonObject shipped = new JsonObject(java.nio.file.Files.readString(java.nio.file.Path.of("conf/config.json")));
    ModelCatalog models = ProxyConfig.fromJson(shipped).translation().models();
    Map<String, String> expected = new java.util.LinkedHashMap<>();
    expected.put("claude-opus-4-6", "messages anthropic");
    expected.put("minimax-m2.5", "messages fireworks");
    expected.put("gpt-5.4", "responses openai");
    expected.put("gpt-5.4-fast", "responses openai");
    expected.put("gpt-5.4-mini", "responses openai");
    expected.put("gpt-5.3-codex", "responses openai");
    expected.put("glm-5", "chat fireworks");
    expected.put("kimi-k2.5", "chat fireworks");
    expected.put("gemini-3.1-pro-preview", "gemini google");
    expected.forEach((id, routeAndProvider) -> {
      ModelInfo model = models.resolve(id);
      assertEquals(id, models.configuredId(id));
      assertEquals(routeAndProvider, model.route().label() + " " + model.provider(), id);
    });
    // GPT-5 reasoning models answer 400 to temperature / top_p (OR14)
    assertTrue(models.resolve("gpt-5.4").noSamplingParams());
    assertTrue(models.resolve("gpt-5.3-codex").noSamplingParams());
  }
}
