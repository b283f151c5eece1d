package dev.factoryproxy.upstream;

import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A failed call's cause in words a user can act on (issue 17, docs/sandbox.md AE3). */
class FailureCauseTest {
  private static final String URL = "https://api.factory.ai/api/llm/a/v1/messages";

  private static String cause(UpstreamFailure failure) {
    return FailureCause.describe(failure, URL);
  }

  @Test
  void ae3_dnsFailureNamesTheHostSetting() {
    assertEquals("DNS failure: the host of " + URL + " could not be resolved (api.factory.ai); check upstream.url / "
      + "FACTORY_API_BASE and this machine's DNS or network",
      cause(UpstreamFailure.broken(new UnknownHostException("api.factory.ai"))));
  }

  @Test
  void ae3_connectionRefusedSaysNothingAnswered() {
    assertEquals("connection refused or unreachable: nothing answered at " + URL + " (Connection refused); check "
      + "upstream.url / FACTORY_API_BASE, a firewall or proxy in between",
      cause(UpstreamFailure.broken(new RuntimeException("wrapped", new ConnectException("Connection refused")))));
  }

  @Test
  void ae3_tlsErrorPointsAtTrustStoreOrProxy() {
    assertEquals("TLS error talking to " + URL + " (PKIX path building failed): an intercepting proxy or an old "
      + "trust store? Check the JDK's CA certificates and any HTTPS proxy in between",
      cause(UpstreamFailure.broken(new javax.net.ssl.SSLHandshakeException("PKIX path building failed"))));
  }

  @Test
  void ae3_refusedKeySaysWhichSettingToCheck() {
    assertEquals("refused key: Factory answered 401 at " + URL + "; check FACTORY_API_KEY (or, in passthrough mode, "
      + "the client's own key): it may be wrong, revoked or lack access",
      cause(UpstreamFailure.answered(401, "{\"detail\":\"Invalid token\"}", Map.of())));
  }

  @Test
  void ae3_oldClientVersionSaysWhichSettingToRaise() {
    assertEquals("old or missing client version: Factory refused x-client-version (HTTP 400 at " + URL + "); set "
      + "FACTORY_CLIENT_VERSION (upstream.clientVersion) to a current droid CLI version",
      cause(UpstreamFailure.answered(400, "{\"detail\":\"Unable to determine client version\"}", Map.of())));
  }

  @Test
  void ae3_otherAnswersKeepTheirStatus() {
    assertEquals("Factory error: HTTP 503 at " + URL + "; usually passing, retry later",
      cause(UpstreamFailure.answered(503, "{}", Map.of())));
    assertEquals("Factory refused the request: HTTP 404 at " + URL,
      cause(UpstreamFailure.answered(404, "{}", Map.of())));
  }
}
