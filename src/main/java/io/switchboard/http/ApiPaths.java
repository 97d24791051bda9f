package io.switchboard.http;

import java.util.Set;

/** The public contract: the walkthrough's three API paths, unchanged. */
public final class ApiPaths {

  public static final String CAPABILITY_TOKEN = "/twilio/retrieve_capability_token";
  public static final String CALL_INCOMING = "/twilio/retrieve_twiml/call_incoming";
  public static final String CALL_OUTGOING = "/twilio/retrieve_twiml/call_outgoing";
  public static final Set<String> ALL = Set.of(CAPABILITY_TOKEN, CALL_INCOMING, CALL_OUTGOING);

  private ApiPaths() {
  }
}
