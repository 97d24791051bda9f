package io.switchboard.token;

/**
 * Event-bus addresses of the token verticle.
 *
 * <p>{@link #ISSUE}: request a {@link TokenRequest}. Replies the token API's JSON answer, with {@code success} false
 * for a number not in the directory. Fails with a {@link io.switchboard.bus.Refusal}: 400 when the body and the
 * Basic user name different numbers, 401 when the entry's secret is missing or wrong, 429 with the seconds to wait
 * when the number or the client address has failed too often.
 */
public final class TokenAddresses {

  public static final String ISSUE = "switchboard.token.issue";

  private TokenAddresses() {
  }
}
