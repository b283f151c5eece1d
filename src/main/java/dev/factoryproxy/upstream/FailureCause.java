package dev.factoryproxy.upstream;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * A failed call to Factory in words a user can act on (issue 17): which of DNS, the connection, TLS, the key, the
 * client version or Factory itself failed, and what to change. For {@code /health} and the log, never with a key.
 */
final class FailureCause {
  private FailureCause() {
  }

  static String describe(UpstreamFailure failure, String url) {
    int status = failure.status();
    if (status != 0) {
      return answered(status, failure.body(), url);
    }
    for (Throwable cause = failure.getCause(); cause != null; cause = cause.getCause()) {
      String message = String.valueOf(cause.getMessage());
      String lower = message.toLowerCase(Locale.ROOT);
      if (cause instanceof UnknownHostException || lower.contains("failed to resolve")
        || cause.getClass().getName().contains("DnsNameResolver")) {
        return "DNS failure: the host of " + url + " could not be resolved (" + message + "); check upstream.url / "
          + "FACTORY_API_BASE and this machine's DNS or network";
      }
      if (cause instanceof ConnectException || cause instanceof NoRouteToHostException) {
        return "connection refused or unreachable: nothing answered at " + url + " (" + message + "); check "
          + "upstream.url / FACTORY_API_BASE, a firewall or proxy in between";
      }
      if (cause instanceof javax.net.ssl.SSLException || lower.contains("ssl") || lower.contains("certificate")) {
        return "TLS error talking to " + url + " (" + message + "): an intercepting proxy or an old trust store? "
          + "Check the JDK's CA certificates and any HTTPS proxy in between";
      }
    }
    return failure.timeout() ? "timeout: Factory did not answer in time at " + url + "; check the network, or "
      + "raise upstream.firstByteTimeoutMs / connectTimeoutMs" : "connection failed at " + url + ": "
      + failure.getMessage();
  }

  private static String answered(int status, String body, String url) {
    String text = body == null ? "" : body.toLowerCase(Locale.ROOT);
    if (status == 400 && text.contains("client version")) {
      return "old or missing client version: Factory refused x-client-version (HTTP 400 at " + url + "); set "
        + "FACTORY_CLIENT_VERSION (upstream.clientVersion) to a current droid CLI version";
    }
    return switch (status) {
      case 401, 403 -> "refused key: Factory answered " + status + " at " + url + "; check FACTORY_API_KEY "
        + "(or, in passthrough mode, the client's own key): it may be wrong, revoked or lack access";
      case 402 -> "payment required: Factory answered 402 (quota or billing) for this key";
      case 429 -> "rate limited: Factory answered 429 for this key; wait, or add keys to FACTORY_API_KEY";
      default -> status >= 500 ? "Factory error: HTTP " + status + " at " + url + "; usually passing, retry later"
        : "Factory refused the request: HTTP " + status + " at " + url;
    };
  }
}
