package io.switchboard.token;

/**
 * Event-bus addresses of the token verticle.
 *
 * <p>{@link #ISSUE}: request {@code {"twilioPhoneNumber": "...", "secret": "...", "basicUser": "...",
 * "clientAddress": "..."}} (all but the number optional; {@code basicUser} is the user of an HTTP Basic
 * authorization, which must denote the same number). Replies the token API's JSON answer, with {@code success}
 * false for a number not in the directory. Fails with 400 on a missing or mistyped field, 401 when the entry's
 * secret is missing or wrong, and 429 when the number or the client address has failed too often: the failure
 * message is then the number of seconds to wait.
 */
public final class TokenAddresses {

  public static final String ISSUE = "switchboard.token.issue";

  private TokenAddresses() {
  }
}
