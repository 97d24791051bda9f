package io.switchboard.http;

import java.util.Set;

/**
 * The public contract: the walkthrough's three API paths, unchanged, and the paths of Twilio's callbacks about a
 * call's life, which the TwiML names (and an operator sets in Twilio's console: {@link #CALL_STATUS}).
 */
public final class ApiPaths {

  public static final String CAPABILITY_TOKEN = "/twilio/retrieve_capability_token";
  public static final String CALL_INCOMING = "/twilio/retrieve_twiml/call_incoming";
  public static final String CALL_OUTGOING = "/twilio/retrieve_twiml/call_outgoing";
  /** The {@code <Dial action>}: the outcome of a dial, answered with what the call does next. */
  public static final String DIAL_ACTION = "/twilio/retrieve_twiml/dial_action";
  /** The {@code <Record action>}: a voicemail is over, answered with thanks and the end of the call. */
  public static final String RECORD_ACTION = "/twilio/retrieve_twiml/record_action";
  /** The {@code recordingStatusCallback} of a voicemail's {@code <Record>}. */
  public static final String RECORDING_STATUS = "/twilio/callbacks/recording-status";
  /** The {@code statusCallback} of each {@code <Client>} and {@code <Number>} leg. */
  public static final String LEG_STATUS = "/twilio/callbacks/leg-status";
  /** The parent call's status callback, set on the number and the TwiML App in Twilio's console. */
  public static final String CALL_STATUS = "/twilio/callbacks/call-status";
  public static final Set<String> ALL = Set.of(CAPABILITY_TOKEN, CALL_INCOMING, CALL_OUTGOING, DIAL_ACTION,
      RECORD_ACTION, LEG_STATUS, CALL_STATUS, RECORDING_STATUS);

  private ApiPaths() {
  }
}
