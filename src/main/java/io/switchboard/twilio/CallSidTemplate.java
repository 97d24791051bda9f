package io.switchboard.twilio;

import java.nio.charset.StandardCharsets;

/**
 * A {@link CallWebhook} with everything but its CallSid laid out and signed: the body before and after the CallSid,
 * and the signature's HMAC state up to it. Thread-safe.
 */
public final class CallSidTemplate {

  private final byte[] bodyHead;
  private final byte[] bodyTail;
  private final TwilioSignature.SignedHead signedHead;
  private final byte[] signedTail;

  CallSidTemplate(byte[] bodyHead, byte[] bodyTail, TwilioSignature.SignedHead signedHead, byte[] signedTail) {
    this.bodyHead = bodyHead;
    this.bodyTail = bodyTail;
    this.signedHead = signedHead;
    this.signedTail = signedTail;
  }

  /** The webhook's form body with this CallSid. */
  public byte[] body(String callSid) {
    byte[] sid = sidBytes(callSid);
    byte[] body = new byte[bodyHead.length + sid.length + bodyTail.length];
    System.arraycopy(bodyHead, 0, body, 0, bodyHead.length);
    System.arraycopy(sid, 0, body, bodyHead.length, sid.length);
    System.arraycopy(bodyTail, 0, body, bodyHead.length + sid.length, bodyTail.length);
    return body;
  }

  /** The webhook's signature with this CallSid. */
  public String signature(String callSid) {
    return signedHead.sign(sidBytes(callSid), signedTail);
  }

  /**
   * A CallSid's bytes, the same in the body as in the signed data: a Twilio SID is letters and digits, which form
   * encoding leaves as they are.
   */
  private static byte[] sidBytes(String callSid) {
    for (int i = 0; i < callSid.length(); i++) {
      char c = callSid.charAt(i);
      if (!(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z')) {
        throw new IllegalArgumentException("a CallSid is letters and digits");
      }
    }
    return callSid.getBytes(StandardCharsets.US_ASCII);
  }
}
