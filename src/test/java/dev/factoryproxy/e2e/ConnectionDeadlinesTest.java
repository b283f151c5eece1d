package dev.factoryproxy.e2e;

import dev.factoryproxy.testing.ProxyFixture;
import dev.factoryproxy.testing.FakeFactory;
import dev.factoryproxy.testing.ProxyClient;
import dev.factoryproxy.testing.ProxyUnderTest;
import dev.factoryproxy.testing.Reply;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 10 §6 with raw sockets: half a head, a body that stops, an idle kept-alive connection are all closed by
 * the proxy (D1–D3), at limits shortened through config (head 300 ms, body 500 ms, keep-alive 400 ms); a stream
 * that outlives every one of them is not cut.
 */
class ConnectionDeadlinesTest {
  private static final long HEADER_MS = 300;
  private static final long BODY_MS = 500;
  private static final long KEEP_ALIVE_MS = 400;
  private static final int WAIT_LIMIT_MS = 3_000; // a test never waits longer for a close

  @RegisterExtension
  static final ProxyFixture PROXY = new ProxyFixture(config -> {
    config.getJsonObject("http").put("headerTimeoutMs", HEADER_MS).put("bodyTimeoutMs", BODY_MS)
      .put("keepAliveTimeoutMs", KEEP_ALIVE_MS);
  });

  /** What the proxy sent until it closed the connection, and after how long (fails if it never closes). */
  private record Closed(String received, long afterMs) {
  }

  private static Closed untilClosed(Socket socket, long startedNanos) throws IOException {
    socket.setSoTimeout(WAIT_LIMIT_MS);
    InputStream in = socket.getInputStream();
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    byte[] buffer = new byte[4096];
    try {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        got.write(buffer, 0, n);
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError("the proxy kept the connection open for " + WAIT_LIMIT_MS + " ms: " + got);
    } catch (IOException reset) {
      // a reset is a close too
    }
    return new Closed(got.toString(StandardCharsets.UTF_8), (System.nanoTime() - startedNanos) / 1_000_000);
  }

  private static Socket connect() throws IOException {
    return new Socket("127.0.0.1", PROXY.port());
  }

  private static void send(Socket socket, String text) throws IOException {
    socket.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
    socket.getOutputStream().flush();
  }

  @Test
  void d1_halfARequestHeadIsClosedAfterTheHeaderTimeout() throws IOException {
    List<Socket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < 20; i++) {
        Socket socket = connect();
        send(socket, "POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ");
        sockets.add(socket);
      }
      long started = System.nanoTime();
      for (Socket socket : sockets) {
        Closed closed = untilClosed(socket, started);
        assertEquals("", closed.received());
        assertTrue(closed.afterMs() < HEADER_MS + 1_000, "closed after " + closed.afterMs() + " ms");
      }
    } finally {
      for (Socket socket : sockets) {
        socket.close();
      }
    }
  }

  @Test
  void d2_aBodyThatStopsArrivingGets408AndTheConnectionCloses() throws IOException {
    try (Socket socket = connect()) {
      long started = System.nanoTime();
      send(socket, "POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
        + ProxyUnderTest.CLIENT_KEY + "\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{\"model\":");
      Closed closed = untilClosed(socket, started);
      assertTrue(closed.received().startsWith("HTTP/1.1 408 "), closed.received());
      assertTrue(closed.received().contains("\"code\":\"request_timeout\""), closed.received());
      assertTrue(closed.afterMs() >= BODY_MS && closed.afterMs() < BODY_MS + 1_000, "after " + closed.afterMs());
    }
    assertEquals(0, PROXY.fake().callCount());
  }

  @Test
  void d3_anIdleKeptAliveConnectionIsClosedAfterTheKeepAliveTimeout() throws IOException {
    try (Socket socket = connect()) {
      send(socket, "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
      long started = System.nanoTime();
      Closed closed = untilClosed(socket, started);
      assertTrue(closed.received().startsWith("HTTP/1.1 200 "), closed.received());
      assertTrue(closed.afterMs() >= KEEP_ALIVE_MS && closed.afterMs() < KEEP_ALIVE_MS * 5 / 4 + 700,
        "after " + closed.afterMs());
    }
  }

  @Test
  void d3_aStreamLongerThanEveryDeadlineIsNotCut() {
    PROXY.fake().enqueue(Reply.drip("one two three four five six", 6, 200)); // ~1.2 s, longer than all three limits
    ProxyClient.Answer answer = PROXY.client().chat(true);
    assertEquals(200, answer.status());
    assertTrue(answer.body().endsWith("data: [DONE]\n\n"), answer.body());
  }
}
