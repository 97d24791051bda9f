package io.switchboard.api;

import io.switchboard.support.TestConfig;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@link AudioTickets} alone: a ticket stands for its client and voicemail until it expires, and for nothing else. */
class AudioTicketsTest {

  private static final String VOICEMAIL = "RE" + "ab".repeat(16);
  private static final Instant NOW = Instant.parse("2026-11-30T04:00:00Z");

  private final AudioTickets tickets = new AudioTickets(TestConfig.API_KEY_SECRET);
  private final String ticket = tickets.issue("alice-laptop", VOICEMAIL, NOW);

  @Test
  void aTicketNamesItsClientForItsVoicemailUntilItExpires() {
    assertEquals(Optional.of("alice-laptop"), tickets.client(ticket, VOICEMAIL, NOW));
    assertEquals(Optional.of("alice-laptop"),
        tickets.client(ticket, VOICEMAIL, NOW.plusSeconds(AudioTickets.LIFETIME_SECONDS)));
    assertEquals(Optional.empty(),
        tickets.client(ticket, VOICEMAIL, NOW.plusSeconds(AudioTickets.LIFETIME_SECONDS + 1)), "expired");
  }

  @Test
  void aTicketForAnotherVoicemailOrAlteredOrSignedWithAnotherSecretIsNothing() {
    String claims = ticket.substring(0, ticket.indexOf('.'));
    String signature = ticket.substring(ticket.indexOf('.') + 1);
    String otherClientsClaims = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
        ("bob " + VOICEMAIL + " " + NOW.plusSeconds(60).getEpochSecond()).getBytes());

    assertEquals(Optional.empty(), tickets.client(ticket, "RE" + "cd".repeat(16), NOW));
    assertEquals(Optional.empty(), tickets.client(otherClientsClaims + "." + signature, VOICEMAIL, NOW));
    assertEquals(Optional.empty(), tickets.client(claims + "." + signature.substring(1), VOICEMAIL, NOW));
    assertEquals(Optional.empty(), new AudioTickets("0".repeat(32)).client(ticket, VOICEMAIL, NOW));
    for (String junk : new String[] {"", ".", "no-dot", "%%%.%%%", claims}) {
      assertEquals(Optional.empty(), tickets.client(junk, VOICEMAIL, NOW), junk);
    }
  }
}
