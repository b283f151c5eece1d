package dev.factoryproxy.dialect;

import dev.factoryproxy.client.chat.ChatClient;
import dev.factoryproxy.config.ModelInfo;
import dev.factoryproxy.config.Route;
import dev.factoryproxy.translate.OpenAiErrors;
import dev.factoryproxy.translate.ResponseContext;
import dev.factoryproxy.translate.TranslatedRequest;
import dev.factoryproxy.translate.UpstreamErrorMapper.MappedError;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The registry picks the pipeline for (client dialect, route); the hub pipeline composes both stages. */
class DialectsTest {
  private static final ModelInfo MODEL = ModelInfo.unknown("claude-test", 1024);

  /** A route whose hub stream is scripted: each event's data is the hub frames it stands for. */
  private static final class ScriptedRoute implements RouteDialect {
    private final Route route;

    ScriptedRoute(Route route) {
      this.route = route;
    }

    public Route route() {
      return route;
    }

    public TranslatedRequest fromChat(JsonObject chatRequest, ModelInfo model, long created) {
      ResponseContext ctx = new ResponseContext(model.id(), true, false, created, false, null, Map.of())
        .withDialectState(new JsonObject().put("route", "state"));
      return new TranslatedRequest(new JsonObject().put("routed", chatRequest), ctx, Map.of("x-route", "1"),
        List.of("route warning"));
    }

    public Map<String, String> identityHeaders(ModelInfo model) {
      return Map.of("x-api-provider", model.provider());
    }

    public JsonObject toChat(JsonObject answer, ResponseContext ctx) {
      return new JsonObject().put("chat", answer);
    }

    public StreamTranslation toChatStream(ResponseContext ctx) {
      return new StreamTranslation() {
        public String onEvent(String event, JsonObject data) {
          return data.getString("frames");
        }

        public String onRawEvent(String event, String rawData) {
          return onEvent(event, new JsonObject(rawData));
        }

        public String onUpstreamEnd() {
          return "";
        }

        public boolean done() {
          return false;
        }

        public boolean failed() {
          return false;
        }

        public String finishReason() {
          return "stop";
        }

        public JsonObject usage() {
          return null;
        }
      };
    }

    public int openingErrorStatus(String event, JsonObject data) {
      return "error".equals(event) ? 529 : 0;
    }

    public MappedError error(int status, String body, Map<String, String> headers, boolean passThrough529) {
      return new MappedError(status, OpenAiErrors.body(body, "api_error", null, null), headers);
    }
  }

  /** A client dialect that writes what it was given, so composition can be asserted exactly. */
  private static final class EchoClient implements ClientDialect {
    final List<String> seen = new ArrayList<>();

    public String name() {
      return "echo";
    }

    public HubRequest toChat(JsonObject clientRequest) {
      return new HubRequest(clientRequest.getJsonObject("chat"), new JsonObject().put("asked", "echo"),
        List.of("client warning"));
    }

    public JsonObject fromChat(JsonObject chatCompletion, JsonObject clientContext) {
      return new JsonObject().put("echo", chatCompletion).put("ctx", clientContext);
    }

    public ClientStream fromChatStream(JsonObject clientContext) {
      return new ClientStream() {
        public String onChunk(JsonObject chatChunk) {
          return "chunk " + chatChunk.encode() + "\n";
        }

        public String onDone() {
          return "done\n";
        }

        public String onError(JsonObject openAiError) {
          return "error " + openAiError.encode() + "\n";
        }
      };
    }

    public JsonObject errorBody(int status, JsonObject openAiError) {
      return new JsonObject().put("type", "error").put("status", status).put("error", openAiError.getValue("error"));
    }

    public String streamErrorFrame(JsonObject openAiError) {
      return "frame " + openAiError.encode();
    }
  }

  private static Dialects dialects(PassThrough... passThroughs) {
    Dialects.Builder builder = Dialects.builder()
      .route(new ScriptedRoute(Route.MESSAGES))
      .client(ChatClient.PATH, new ChatClient())
      .client("/v1/echo", new EchoClient());
    for (PassThrough p : passThroughs) {
      builder.passThrough(p);
    }
    return builder.build();
  }

  @Test
  void endpointsKeepTheirRegistrationOrder() {
    List<Dialects.ClientEndpoint> endpoints = dialects().endpoints();
    assertEquals(List.of("/v1/chat/completions", "/v1/echo"), endpoints.stream().map(Dialects.ClientEndpoint::path)
      .toList());
    assertEquals("echo", endpoints.get(1).dialect().name());
  }

  @Test
  void aDialectRegisteredTwiceIsAWiringError() {
    assertThrows(IllegalStateException.class, () -> Dialects.builder().route(new ScriptedRoute(Route.MESSAGES))
      .route(new ScriptedRoute(Route.MESSAGES)));
    assertThrows(IllegalStateException.class, () -> Dialects.builder().client("/a", new EchoClient())
      .client("/b", new EchoClient()));
  }

  @Test
  void unknownModelsAreRoutedByPrefixWhenTheirRouteIsRegistered() {
    Dialects dialects = Dialects.builder().route(new ScriptedRoute(Route.MESSAGES))
      .route(new ScriptedRoute(Route.RESPONSES)).client(ChatClient.PATH, new ChatClient()).build();
    assertEquals(Route.RESPONSES, dialects.routeFor(ModelInfo.unknown("gpt-5.1", 1024), false));
    assertEquals(Route.RESPONSES, dialects.routeFor(ModelInfo.unknown("o3-mini", 1024), false));
    assertEquals(Route.MESSAGES, dialects.routeFor(ModelInfo.unknown("claude-x", 1024), false));
    // Gemini and Chat are not registered here: until they are, their models stay on the Messages route
    assertEquals(Route.MESSAGES, dialects.routeFor(ModelInfo.unknown("gemini-3-pro", 1024), false));
    assertEquals(Route.MESSAGES, dialects.routeFor(ModelInfo.unknown("glm-4.6", 1024), false));
    // a configured model's own route wins over its prefix
    ModelInfo configured = new ModelInfo("gpt-oss", "openai", 1024, false, false, false, false, false,
      Route.MESSAGES, "openai");
    assertEquals(Route.MESSAGES, dialects.routeFor(configured, true));
  }

  @Test
  void routeForModelIdFollowsThePrefixes() {
    assertEquals(Route.MESSAGES, Route.forModelId("claude-opus-4-6"));
    assertEquals(Route.RESPONSES, Route.forModelId("gpt-5.1-codex"));
    assertEquals(Route.RESPONSES, Route.forModelId("o1-preview"));
    assertEquals(Route.RESPONSES, Route.forModelId("o4-mini"));
    assertEquals(Route.RESPONSES, Route.forModelId("codex-mini"));
    assertEquals(Route.GEMINI, Route.forModelId("gemini-2.5-pro"));
    assertEquals(Route.CHAT, Route.forModelId("kimi-k2"));
    assertEquals(Route.CHAT, Route.forModelId("deepseek-v3.2"));
    assertEquals(Route.CHAT, Route.forModelId("qwen3-coder-480b"));
    assertEquals(Route.CHAT, Route.forModelId("gpt-oss-120b")); // an open model, despite "gpt-"
    assertEquals(Route.MESSAGES, Route.forModelId("minimax-m2.5"));
    assertEquals(Route.RESPONSES, Route.forModelId("grok-4"));
    // no rule: refused with 404 model_not_found before any call
    assertNull(Route.forModelId("llama3"));
    assertNull(Route.forModelId("my-model"));
    assertNull(Route.forModelId(null));
  }

  @Test
  void anUnknownIdGetsTheProviderFactoryNamesForItsFamily() {
    assertEquals("fireworks", ModelInfo.unknown("minimax-m3", 1024).provider());
    assertEquals(Route.MESSAGES, ModelInfo.unknown("minimax-m3", 1024).route());
    assertEquals("xai", ModelInfo.unknown("grok-5", 1024).provider());
    assertEquals("openai", ModelInfo.unknown("gpt-6", 1024).provider());
    assertEquals("google", ModelInfo.unknown("gemini-4-pro", 1024).provider());
    assertEquals("anthropic", ModelInfo.unknown("claude-opus-5", 1024).provider());
    assertEquals("xai", Dialects.onRoute(new ModelInfo("grok-5", "xai", 1024, false, false, false, false, false),
      Route.RESPONSES).provider());
  }

  @Test
  void theHubClientSkipsTheClientStage() {
    Pipeline pipeline = dialects().pipeline(ChatClient.NAME, Route.MESSAGES);
    JsonObject request = new JsonObject().put("model", "claude-test");
    TranslatedRequest translated = pipeline.request(request, Map.of(), MODEL, 7);
    assertEquals(new JsonObject().put("routed", request), translated.body());
    assertEquals(new JsonObject().put("route", "state"), translated.context().dialectState());
    assertEquals(List.of("route warning"), translated.warnings());
    StreamTranslation stream = pipeline.stream(translated.context());
    assertEquals("data: {\"a\":1}\n\n", stream.onEvent("x", new JsonObject().put("frames", "data: {\"a\":1}\n\n")));
    JsonObject error = OpenAiErrors.body("m", "api_error", null, "c");
    assertSame(error, pipeline.errorBody(500, error));
  }

  @Test
  void aClientDialectGoesThroughTheHubBothWays() {
    Pipeline pipeline = dialects().pipeline("echo", Route.MESSAGES);
    JsonObject chat = new JsonObject().put("model", "claude-test");
    TranslatedRequest translated = pipeline.request(new JsonObject().put("chat", chat), Map.of(), MODEL, 7);
    assertEquals(new JsonObject().put("routed", chat), translated.body());
    assertEquals(new JsonObject().put("route", "state").put("client", new JsonObject().put("asked", "echo")),
      translated.context().dialectState());
    assertEquals(List.of("client warning", "route warning"), translated.warnings());
    assertEquals(Map.of("x-route", "1"), translated.upstreamHeaders());
    assertEquals(Map.of("x-api-provider", "anthropic"), pipeline.identityHeaders(MODEL));

    ResponseContext ctx = translated.context();
    assertEquals(new JsonObject().put("echo", new JsonObject().put("chat", new JsonObject().put("id", 1)))
      .put("ctx", new JsonObject().put("asked", "echo")), pipeline.answer(new JsonObject().put("id", 1), ctx));

    MappedError error = pipeline.error(429, "slow down", Map.of("retry-after", "1"), false);
    assertEquals(429, error.status());
    assertEquals("error", error.body().getString("type"));
    assertEquals(Map.of("retry-after", "1"), error.headers());
    assertEquals(529, pipeline.openingErrorStatus("error", new JsonObject()));
  }

  @Test
  void theHubStreamFeedsChunksDoneAndErrorsToTheClientStream() {
    Pipeline pipeline = dialects().pipeline("echo", Route.MESSAGES);
    StreamTranslation stream = pipeline.stream(new ResponseContext("m", true, false, 1, false, null, Map.of()));
    String frames = ": keep-alive\n\ndata: {\"choices\":[{\"index\":0}]}\n\ndata: [DONE]\n\n";
    assertEquals("chunk {\"choices\":[{\"index\":0}]}\ndone\n",
      stream.onRawEvent("x", new JsonObject().put("frames", frames).encode()));
    String error = "data: {\"error\":{\"message\":\"broke\"}}\n\n";
    assertEquals("error {\"error\":{\"message\":\"broke\"}}\n", stream.onEvent("x", new JsonObject()
      .put("frames", error)));
    assertEquals("", stream.onEvent("x", new JsonObject().put("frames", "")));
    assertEquals("stop", stream.finishReason());
  }

  @Test
  void multiLineDataIsJoinedAsSseSays() {
    assertEquals("a\nb", HubStream.data("event: x\ndata: a\ndata:b"));
    assertEquals(null, HubStream.data(": comment"));
  }

  @Test
  void aRegisteredPassThroughIsPreferredForItsPair() {
    PassThrough echo = new PassThrough() {
      public String client() {
        return "echo";
      }

      public Route route() {
        return Route.MESSAGES;
      }

      public TranslatedRequest adapt(JsonObject request, Map<String, String> headers, ModelInfo model, long created) {
        return new TranslatedRequest(request, new ResponseContext("m", false, false, created, false, null, Map.of()),
          headers, List.of());
      }

      public JsonObject answer(JsonObject routeAnswer, ResponseContext ctx) {
        return routeAnswer;
      }

      public StreamTranslation stream(ResponseContext ctx) {
        return null;
      }

      public MappedError error(int status, String body, Map<String, String> headers, boolean passThrough529) {
        return new MappedError(status, new JsonObject().put("passed", body), headers);
      }
    };
    Pipeline pipeline = dialects(echo).pipeline("echo", Route.MESSAGES);
    assertInstanceOf(PassThroughPipeline.class, pipeline);
    JsonObject body = new JsonObject().put("model", "m");
    assertSame(body, pipeline.request(body, Map.of("anthropic-beta", "b"), MODEL, 1).body());
    assertEquals(new JsonObject().put("passed", "x"), pipeline.error(400, "x", Map.of(), false).body());
    assertEquals(Map.of("x-api-provider", "anthropic"), pipeline.identityHeaders(MODEL)); // the route's
    assertEquals("error", pipeline.errorBody(503, OpenAiErrors.body("m", "api_error", null, null)).getString("type"));
    assertInstanceOf(HubPipeline.class, dialects(echo).pipeline(ChatClient.NAME, Route.MESSAGES));
  }

  @Test
  void aPassThroughNeedsItsClientAndRouteRegistered() {
    PassThrough orphan = new PassThrough() {
      public String client() {
        return "echo";
      }

      public Route route() {
        return Route.RESPONSES;
      }

      public TranslatedRequest adapt(JsonObject r, Map<String, String> h, ModelInfo m, long c) {
        return null;
      }

      public JsonObject answer(JsonObject a, ResponseContext ctx) {
        return a;
      }

      public StreamTranslation stream(ResponseContext ctx) {
        return null;
      }

      public MappedError error(int s, String b, Map<String, String> h, boolean p) {
        return null;
      }
    };
    assertThrows(IllegalStateException.class, () -> dialects(orphan));
  }
}
