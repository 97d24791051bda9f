package io.switchboard.twilio;

import io.vertx.core.buffer.Buffer;

import java.nio.charset.StandardCharsets;

/**
 * A {@link CallWebhook} with everything but one SID (its CallSid, or a leg callback's ParentCallSid) laid out and
 * signed: the body before and after the SID, and the signature's HMAC state up to it. Thread-safe.
 *
 * <p>A CallSid given to it must be letters and digits, as Twilio's are: form encoding leaves them as they are, so
 * that the same bytes go in the body and in the signed data. That is not checked per request, which would add to
 * what the load tester's generator costs and must stay well below the server's.
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

  /** The webhook's form body with this CallSid, made straight into the buffer a client sends: no array to copy. */
  public Buffer body(String callSid) {
    byte[] sid = callSid.getBytes(StandardCharsets.US_ASCII);
    return Buffer.buffer(bodyHead.length + sid.length + bodyTail.length)
        .appendBytes(bodyHead).appendBytes(sid).appendBytes(bodyTail);
  }

  /** The webhook's signature with this CallSid. */
  public String signature(String callSid) {
    return signedHead.sign(callSid.getBytes(StandardCharsets.US_ASCII), signedTail);
  }
}
