package dev.factoryproxy.credentials;

import io.vertx.core.Future;

import java.util.function.Consumer;

/**
 * What a cluster's nodes share about a Droid login (SH1–SH5, docs/cluster-state.md): a lease that lets one node at
 * a time refresh it, and its current tokens, which every node reads instead of refreshing with a refresh token
 * another node already rotated. Keyed by {@link DroidLogin#sharedId}. A single node has none ({@code null}).
 */
public interface LoginSharing {
  /** A login's current pair as the cluster holds it. Secrets: never logged, {@link #toString} hides them. */
  record Tokens(String accessToken, String refreshToken) {
    @Override
    public String toString() {
      return "Tokens[…]";
    }
  }

  /** The right to refresh one login, until released or until it lapses (its holder died). */
  interface Lease {
    Future<Void> release();
  }

  /** Completes when this node holds the login's lease; fails when it could not get it in time. */
  Future<Lease> lease(String loginId);

  /** The login's pair as the cluster holds it; null when no node has stored one yet. */
  Future<Tokens> current(String loginId);

  /** Stores a pair this node just got from WorkOS, before it is handed out. */
  Future<Void> store(String loginId, Tokens tokens);

  /** Calls {@code listener} (on any thread) whenever a node stores a pair for the login, once registered. */
  Future<Void> watch(String loginId, Consumer<Tokens> listener);
}
