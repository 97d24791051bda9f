package io.switchboard.twiml;

import com.twilio.twiml.VoiceResponse;
import com.twilio.twiml.voice.Client;
import com.twilio.twiml.voice.Dial;
import com.twilio.twiml.voice.Hangup;
import com.twilio.twiml.voice.Number;
import com.twilio.twiml.voice.Say;
import io.switchboard.twiml.CallPlan.DialClient;
import io.switchboard.twiml.CallPlan.DialNumber;
import io.switchboard.twiml.CallPlan.Refuse;

/** Writes a {@link CallPlan} as TwiML with the Twilio SDK's builders, which escape every value they are given. */
final class TwimlRenderer {

  private final int dialTimeoutSeconds;

  TwimlRenderer(int dialTimeoutSeconds) {
    this.dialTimeoutSeconds = dialTimeoutSeconds;
  }

  String render(CallPlan plan) {
    VoiceResponse.Builder response = new VoiceResponse.Builder();
    if (plan instanceof DialClient dial) {
      response.dial(dial(dial.callerId()).client(new Client.Builder(dial.clientName()).build()).build());
    } else if (plan instanceof DialNumber dial) {
      response.dial(dial(dial.callerId()).number(new Number.Builder(dial.phoneNumber()).build()).build());
    } else if (plan instanceof Refuse refuse) {
      // Said once, then the call ends: the walkthrough's loop="0" repeated the error until the caller hung up.
      response.say(new Say.Builder(refuse.spokenReason()).language(Say.Language.EN_US).build())
          .hangup(new Hangup.Builder().build());
    }
    return response.build().toXml();
  }

  private Dial.Builder dial(String callerId) {
    Dial.Builder dial = new Dial.Builder().timeout(dialTimeoutSeconds);
    return callerId == null ? dial : dial.callerId(callerId);
  }
}
