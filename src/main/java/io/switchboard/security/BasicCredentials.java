package io.switchboard.security;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/** The user and password of an {@code Authorization: Basic} header, when the request carries a readable one. */
public record BasicCredentials(String user, String password) {

  private static final String BASIC = "basic ";

  /** @param authorization the header's value, or null when the request has none */
  public static Optional<BasicCredentials> of(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, BASIC, 0, BASIC.length())) {
      return Optional.empty();
    }
    try {
      String decoded = new String(Base64.getDecoder().decode(authorization.substring(BASIC.length()).strip()),
          StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      return colon < 0 ? Optional.empty()
          : Optional.of(new BasicCredentials(decoded.substring(0, colon), decoded.substring(colon + 1)));
    } catch (IllegalArgumentException notBase64) {
      return Optional.empty();
    }
  }

  @Override
  public String toString() {
    return "BasicCredentials[user=" + user + ", password hidden]";
  }
}
