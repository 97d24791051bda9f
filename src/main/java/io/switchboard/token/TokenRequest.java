package io.switchboard.token;

import io.switchboard.bus.LocalCodec;
import io.switchboard.bus.Refusal;
import io.switchboard.directory.DirectoryEntry;
import io.switchboard.directory.PhoneNumbers;
import io.switchboard.security.BasicCredentials;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;

import java.util.Optional;

/**
 * A request for tokens, as the token API received it: the message of {@link TokenAddresses#ISSUE}. The API takes
 * the number and the secret in the JSON body, in an HTTP Basic authorization (user the number, password the
 * secret), or both; this class alone knows how the two combine.
 *
 * @param phoneNumber   the Twilio number the tokens are for, as the caller wrote it
 * @param secret        the secret given for it, if any
 * @param basicUser     the Basic user when the body names the number too: it must be the same number
 * @param clientName    the client the tokens are for, when the number rings several: one of its entry's clients
 * @param clientAddress the address the caller's failed attempts are counted under
 */
public record TokenRequest(String phoneNumber, Optional<String> secret, Optional<String> basicUser,
                           Optional<String> clientName, String clientAddress) {

  private static final String NUMBER = "twilioPhoneNumber";
  private static final String SECRET = "secret";
  private static final String CLIENT_NAME = "clientName";

  /**
   * The request that {@code body} and {@code authorization} make: a field of the body wins, Basic gives what the
   * body leaves out.
   *
   * @param authorization the request's Authorization header, or null
   * @throws Refusal 400 when the number is missing or a field is not a string
   */
  public static TokenRequest fromApi(JsonObject body, String authorization, String clientAddress) {
    Optional<BasicCredentials> basic = BasicCredentials.of(authorization);
    Object number = body.containsKey(NUMBER) ? body.getValue(NUMBER) : basic.map(BasicCredentials::user).orElse(null);
    if (!(number instanceof String phoneNumber) || phoneNumber.isBlank()) {
      throw Refusal.of(400, NUMBER + " must be a non-empty string");
    }
    Object secret = body.containsKey(SECRET) ? body.getValue(SECRET) : basic.map(BasicCredentials::password).orElse(null);
    if (secret != null && !(secret instanceof String)) {
      throw Refusal.of(400, SECRET + " must be a string");
    }
    Object clientName = body.getValue(CLIENT_NAME);
    if (clientName != null && !(clientName instanceof String)) {
      throw Refusal.of(400, CLIENT_NAME + " must be a string");
    }
    Optional<String> basicUser = body.containsKey(NUMBER) ? basic.map(BasicCredentials::user) : Optional.empty();
    return new TokenRequest(phoneNumber, Optional.ofNullable((String) secret), basicUser,
        Optional.ofNullable((String) clientName), clientAddress);
  }

  /** Makes {@link TokenRequest} a message type of this event bus; once per Vert.x instance. */
  public static void registerCodec(EventBus bus) {
    LocalCodec.register(bus, TokenRequest.class);
  }

  /** A 400 when the body and the Basic user name different numbers. */
  Optional<Refusal> conflict(PhoneNumbers numbers) {
    return basicUser.isEmpty() || sameNumber(basicUser.get(), phoneNumber, numbers) ? Optional.empty()
        : Optional.of(Refusal.of(400, "the Basic user must be " + NUMBER));
  }

  /**
   * The client of {@code entry} the tokens are for: the one named, which must be one of its clients, or its only
   * client when the request names none.
   *
   * @throws Refusal 400 when the name is not one of the entry's clients, or when the entry has several and the
   *                 request names none
   */
  String client(DirectoryEntry entry) {
    if (clientName.isPresent()) {
      if (!entry.clients().contains(clientName.get())) {
        throw Refusal.of(400, CLIENT_NAME + " is not a client of this number");
      }
      return clientName.get();
    }
    if (entry.clients().size() > 1) {
      throw Refusal.of(400, "this number rings several clients: name one in " + CLIENT_NAME);
    }
    return entry.clients().get(0);
  }

  /** The same as written, or the same once in E.164. */
  private static boolean sameNumber(String one, String other, PhoneNumbers numbers) {
    Optional<String> e164 = numbers.toE164(one);
    return one.strip().equals(other.strip()) || e164.isPresent() && e164.equals(numbers.toE164(other));
  }

  @Override
  public String toString() {
    return "TokenRequest[phoneNumber=" + phoneNumber + ", secret " + (secret.isPresent() ? "hidden" : "none")
        + ", basicUser=" + basicUser.orElse("none") + ", clientName=" + clientName.orElse("none")
        + ", clientAddress=" + clientAddress + "]";
  }
}
