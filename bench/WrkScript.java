import io.vertx.core.json.JsonObject;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Prints a wrk Lua script that posts one fixed request, signed like Twilio's with the configuration's auth token:
 * {@code java -cp target/switchboard.jar bench/WrkScript.java CONF incoming|incoming-full|outgoing|token}.
 * {@code incoming} carries the parameters the call logic and signature need (11); {@code incoming-full} all 27 an
 * incoming call's webhook carries, as the load tester sends them.
 */
public class WrkScript {

  public static void main(String[] args) throws Exception {
    JsonObject conf = new JsonObject(Files.readString(Path.of(args[0])));
    JsonObject twilio = conf.getJsonObject("twilio");
    JsonObject entry = conf.getJsonObject("directory").getJsonArray("entries").getJsonObject(0);
    String number = entry.getString("phoneNumber");
    switch (args[1]) {
      case "incoming" -> webhook(twilio, "/twilio/retrieve_twiml/call_incoming", incoming(twilio, number));
      case "incoming-full" -> webhook(twilio, "/twilio/retrieve_twiml/call_incoming", incomingFull(twilio, number));
      case "outgoing" -> webhook(twilio, "/twilio/retrieve_twiml/call_outgoing",
          outgoing(twilio, entry.getString("clientName")));
      case "token" -> print("/twilio/retrieve_capability_token", "application/json", null,
          new JsonObject().put("twilioPhoneNumber", number).encode());
      default -> throw new IllegalArgumentException("incoming, incoming-full, outgoing or token");
    }
  }

  private static Map<String, String> incoming(JsonObject twilio, String number) {
    Map<String, String> params = common(twilio);
    params.put("Called", number);
    params.put("Caller", "+819059876543");
    params.put("From", "+819059876543");
    params.put("FromCountry", "JP");
    params.put("To", number);
    params.put("ToCountry", "JP");
    return params;
  }

  /** Twilio's whole set: the caller's and callee's city, state and zip (empty here), the call token, STIR. */
  private static Map<String, String> incomingFull(JsonObject twilio, String number) {
    Map<String, String> params = incoming(twilio, number);
    params.put("CallToken", "%7B%22parentCallInfoToken%22%3A%22eyJhbGciOiJFUzI1NiJ9%22%7D");
    params.put("CalledCountry", "JP");
    params.put("CallerCountry", "JP");
    params.put("StirVerstat", "TN-Validation-Passed-A");
    for (String party : new String[] {"Called", "Caller", "From", "To"}) {
      for (String place : new String[] {"City", "State", "Zip"}) {
        params.put(party + place, "");
      }
    }
    return params;
  }

  private static Map<String, String> outgoing(JsonObject twilio, String client) {
    Map<String, String> params = common(twilio);
    params.put("ApplicationSid", twilio.getString("twimlAppSid"));
    params.put("Caller", "client:" + client);
    params.put("From", "client:" + client);
    params.put("To", "+819059876543");
    return params;
  }

  private static Map<String, String> common(JsonObject twilio) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("AccountSid", twilio.getString("accountSid"));
    params.put("ApiVersion", "2010-04-01");
    params.put("CallSid", "CA0123456789abcdef0123456789abcdef");
    params.put("CallStatus", "ringing");
    params.put("Direction", "inbound");
    return params;
  }

  private static void webhook(JsonObject twilio, String path, Map<String, String> params) throws Exception {
    String url = twilio.getString("publicBaseUrl").replaceAll("/+$", "") + path;
    String signature = sign(twilio.getString("authToken"), url, params);
    String body = params.entrySet().stream()
        .map(p -> encode(p.getKey()) + "=" + encode(p.getValue()))
        .collect(Collectors.joining("&"));
    print(path, "application/x-www-form-urlencoded", signature, body);
  }

  /** Twilio's scheme: HMAC-SHA1 over the URL followed by each parameter's name and value, sorted by name. */
  private static String sign(String authToken, String url, Map<String, String> params) throws Exception {
    StringBuilder data = new StringBuilder(url);
    new TreeMap<>(params).forEach((name, value) -> data.append(name).append(value));
    Mac mac = Mac.getInstance("HmacSHA1");
    mac.init(new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
    return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
  }

  private static void print(String path, String contentType, String signature, String body) {
    System.out.println("wrk.method = \"POST\"");
    System.out.println("wrk.path = \"" + path + "\"");
    System.out.println("wrk.headers[\"Content-Type\"] = \"" + contentType + "\"");
    if (signature != null) {
      System.out.println("wrk.headers[\"X-Twilio-Signature\"] = \"" + signature + "\"");
    }
    System.out.println("wrk.body = [[" + body + "]]");
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
