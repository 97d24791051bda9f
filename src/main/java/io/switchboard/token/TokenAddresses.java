package io.switchboard.token;

/**
 * Event-bus addresses of the token verticle.
 *
 * <p>{@link #ISSUE}: request {@code {"twilioPhoneNumber": "..."}}; reply the token API's JSON answer, with
 * {@code success} false for a number not in the directory; fails with 400 when the number is missing or not a
 * string.
 */
public final class TokenAddresses {

  public static final String ISSUE = "switchboard.token.issue";

  private TokenAddresses() {
  }
}
