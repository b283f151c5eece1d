package dev.factoryproxy.testing;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The fake WorkOS's device flow is as strict as the real one: what it refuses, and how (so that tests mean it). */
class FakeWorkOsTest {
  private Vertx vertx;
  private FakeWorkOs workOs;
  private HttpClient client;

  private record Answer(int status, JsonObject json) {
  }

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    workOs = FakeWorkOs.start(vertx, "rt-test-0000").await();
    client = vertx.createHttpClient();
  }

  @AfterEach
  void tearDown() {
    vertx.close().await();
  }

  private Answer post(String path, String... pairs) {
    StringBuilder form = new StringBuilder();
    for (int i = 0; i < pairs.length; i += 2) {
      form.append(form.length() == 0 ? "" : "&").append(pairs[i]).append('=')
        .append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
    }
    return client.request(new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(workOs.url() + path)
        .putHeader("content-type", "application/x-www-form-urlencoded"))
      .compose(request -> request.send(Buffer.buffer(form.toString()))
        .compose(response -> response.body().map(body -> new Answer(response.statusCode(), body.toJsonObject()))))
      .await();
  }

  private String deviceCode() {
    Answer answer = post(FakeWorkOs.DEVICE_PATH, "client_id", FakeWorkOs.CLIENT_ID);
    assertEquals(200, answer.status());
    return answer.json().getString("device_code");
  }

  @Test
  void aWrongClientIdIsInvalidClientOnBothDeviceEndpoints() {
    assertEquals(400, post(FakeWorkOs.DEVICE_PATH, "client_id", "client_test_other").status());
    Answer poll = post(FakeWorkOs.PATH, "grant_type", FakeWorkOs.DEVICE_GRANT, "device_code", deviceCode(),
      "client_id", "client_test_other");
    assertEquals(400, poll.status());
    assertEquals("invalid_client", poll.json().getString("error"));
    assertEquals(2, workOs.violations().size(), workOs.violations().toString());
    assertEquals(1, workOs.deviceAuthorizations());
  }

  @Test
  void anUnknownGrantTypeAndAnUnknownOrUsedDeviceCodeAreRefused() {
    Answer grant = post(FakeWorkOs.PATH, "grant_type", "device_code", "device_code", "dc-x", "client_id",
      FakeWorkOs.CLIENT_ID);
    assertEquals("unsupported_grant_type", grant.json().getString("error"));
    Answer unknown = post(FakeWorkOs.PATH, "grant_type", FakeWorkOs.DEVICE_GRANT, "device_code", "dc-test-unknown",
      "client_id", FakeWorkOs.CLIENT_ID);
    assertEquals("invalid_grant", unknown.json().getString("error"));

    workOs.devicePolls(FakeWorkOs.APPROVE);
    String code = deviceCode();
    Answer granted = post(FakeWorkOs.PATH, "grant_type", FakeWorkOs.DEVICE_GRANT, "device_code", code,
      "client_id", FakeWorkOs.CLIENT_ID);
    assertEquals(200, granted.status());
    assertEquals(workOs.currentRefreshToken(), granted.json().getString("refresh_token"));
    Answer again = post(FakeWorkOs.PATH, "grant_type", FakeWorkOs.DEVICE_GRANT, "device_code", code,
      "client_id", FakeWorkOs.CLIENT_ID);
    assertEquals(400, again.status());
    assertEquals("invalid_grant", again.json().getString("error"), "a device code is good for one grant");
    assertEquals(List.of("invalid_grant", "granted", "invalid_grant"), workOs.devicePollAnswers());
    assertEquals(List.of("unsupported grant_type device_code"), workOs.violations());
  }
}
