import io.switchboard.http.ApiPaths;
import io.switchboard.twilio.CallWebhook;
import io.switchboard.twilio.TwilioSignature;
import io.vertx.core.json.JsonObject;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Prints a wrk Lua script that posts one fixed request, signed like Twilio's with the configuration's auth token:
 * {@code java -cp target/switchboard.jar bench/WrkScript.java CONF incoming|incoming-full|outgoing|token}.
 * {@code incoming} carries the parameters the call logic and signature need (11); {@code incoming-full} all 27 an
 * incoming call's webhook carries, as the load tester sends them.
 */
public class WrkScript {

  /** The phone outside Twilio that calls in and is called. */
  private static final String OUTSIDE_PHONE = "+819059876543";

  public static void main(String[] args) throws Exception {
    JsonObject conf = new JsonObject(Files.readString(Path.of(args[0])));
    JsonObject twilio = conf.getJsonObject("twilio");
    JsonObject entry = conf.getJsonObject("directory").getJsonArray("entries").getJsonObject(0);
    String accountSid = twilio.getString("accountSid");
    String number = entry.getString("phoneNumber");
    switch (args[1]) {
      case "incoming" -> webhook(twilio, ApiPaths.CALL_INCOMING, CallWebhook.incoming(accountSid, OUTSIDE_PHONE, number));
      case "incoming-full" -> webhook(twilio, ApiPaths.CALL_INCOMING,
          CallWebhook.incomingFull(accountSid, OUTSIDE_PHONE, number));
      case "outgoing" -> webhook(twilio, ApiPaths.CALL_OUTGOING, CallWebhook.outgoing(accountSid,
          twilio.getString("twimlAppSid"), entry.getString("clientName"), OUTSIDE_PHONE));
      case "token" -> print(ApiPaths.CAPABILITY_TOKEN, "application/json", null,
          new JsonObject().put("twilioPhoneNumber", number).encode());
      default -> throw new IllegalArgumentException("incoming, incoming-full, outgoing or token");
    }
  }

  private static void webhook(JsonObject twilio, String path, CallWebhook call) {
    String url = twilio.getString("publicBaseUrl").replaceAll("/+$", "") + path;
    String signature = call.signature(new TwilioSignature(twilio.getString("authToken")), url);
    print(path, CallWebhook.CONTENT_TYPE, signature, call.formBody());
  }

  private static void print(String path, String contentType, String signature, String body) {
    System.out.println("wrk.method = \"POST\"");
    System.out.println("wrk.path = \"" + path + "\"");
    System.out.println("wrk.headers[\"Content-Type\"] = \"" + contentType + "\"");
    if (signature != null) {
      System.out.println("wrk.headers[\"" + TwilioSignature.HEADER + "\"] = \"" + signature + "\"");
    }
    System.out.println("wrk.body = [[" + body + "]]");
  }
}
