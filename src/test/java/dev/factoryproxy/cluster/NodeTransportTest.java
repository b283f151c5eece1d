package dev.factoryproxy.cluster;

import dev.factoryproxy.testing.FakeFactory;
import dev.factoryproxy.testing.ProxyClient;
import dev.factoryproxy.testing.ProxyUnderTest;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;

import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A node built by {@link Node#start} runs on Netty's epoll transport where the jar carries it (issue 16). */
class NodeTransportTest {

  @Test
  void aNodeOnLinuxUsesTheEpollTransportAndAnswers() {
    String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch");
    boolean carried = os.contains("linux") && (arch.equals("amd64") || arch.equals("aarch64"));
    Vertx fakeSide = Vertx.vertx();
    try {
      FakeFactory fake = FakeFactory.start(fakeSide).await();
      int port = ProxyUnderTest.freePort();
      Node node = ProxyClient.await(Node.start(ProxyUnderTest.config(fake.url(), port)));
      try {
        assertEquals(carried, node.vertx().isNativeTransportEnabled(),
          "native transport on " + os + "/" + arch + ": " + node.vertx().unavailableNativeTransportCause());
        assertEquals(200, new ProxyClient(node.vertx(), port).chat(true).status());
        assertTrue(fake.callCount() >= 1);
      } finally {
        ProxyClient.await(node.shutdown());
      }
    } finally {
      fakeSide.close().await();
    }
  }
}
