package io.switchboard.twiml;

import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import io.switchboard.directory.DialPolicy;
import io.switchboard.directory.Directory;
import io.switchboard.directory.DirectoryEntry;
import io.switchboard.directory.PhoneNumbers;
import io.switchboard.twiml.CallPlan.DialClient;
import io.switchboard.twiml.CallPlan.DialNumber;
import io.switchboard.twiml.CallPlan.HangUp;
import io.switchboard.twiml.CallPlan.RefusalReason;
import io.switchboard.twiml.CallPlan.Refuse;
import io.switchboard.twiml.OurSide.Direction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

/** Every branch of the routing decision, one row each: the webhook, the directory, the policy and the plan. */
class CallRouterTest {

  private static final String OWN = "+815031234567";
  private static final String OTHER_OWN = "+815031239999";
  private static final PhoneNumbers JP_NUMBERS = new PhoneNumbers("JP");
  /** Two Japanese numbers, as in the walkthrough. */
  private static final Directory JAPAN = new Directory(JP_NUMBERS, List.of(
      new DirectoryEntry(OWN, "DeviceId_0001"), new DirectoryEntry(OTHER_OWN, "DeviceId_0002")));
  /** A Japanese and a British number: both countries are allowed by default. */
  private static final Directory JAPAN_AND_UK = new Directory(JP_NUMBERS, List.of(
      new DirectoryEntry(OWN, "DeviceId_0001"), new DirectoryEntry("+442079460000", "London")));

  /** Our side of a call out from each client: the caller and its own number, whoever it rings. */
  private static final OurSide FROM_DEVICE_1 = new OurSide(Direction.OUTGOING, OWN, "DeviceId_0001");
  private static final OurSide FROM_DEVICE_2 = new OurSide(Direction.OUTGOING, OTHER_OWN, "DeviceId_0002");

  private static final DialPolicy DEFAULT = DialPolicy.defaults();
  private static final DialPolicy ANY_COUNTRY = countries("*");
  private static final DialPolicy UK_ONLY_NO_VOIP = new DialPolicy(Optional.of(Set.of("GB")),
      EnumSet.of(PhoneNumberType.VOIP));
  private static final DialPolicy NOTHING_BLOCKED = new DialPolicy(Optional.of(Set.of("JP")), Set.of());

  private record Webhook(String name, BiFunction<CallRouter, CallParameters, CallPlan> route) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static final Webhook INCOMING = new Webhook("incoming", CallRouter::incoming);
  private static final Webhook OUTGOING = new Webhook("outgoing", CallRouter::outgoing);
  private static final Webhook AFTER_DIAL = new Webhook("dial action", CallRouter::afterDial);

  static Stream<Arguments> routes() {
    return Stream.of(
        // A phone calls one of our numbers.
        row("incoming to a known number rings its client", INCOMING, incoming(OWN), JAPAN, DEFAULT,
            new DialClient("DeviceId_0001", null, new OurSide(Direction.INCOMING, OWN, "DeviceId_0001"))),
        row("incoming to a known number in national format", INCOMING, incoming("050-3123-9999"), JAPAN, DEFAULT,
            new DialClient("DeviceId_0002", null, new OurSide(Direction.INCOMING, OTHER_OWN, "DeviceId_0002"))),
        row("incoming to an unknown valid number names it in E.164", INCOMING, incoming("050-3123-4568"), JAPAN,
            DEFAULT, new Refuse(RefusalReason.UNKNOWN_NUMBER,
                "An error occurred. Your Twilio phone number +815031234568 is invalid.")),
        row("incoming to no number at all", INCOMING, incoming("not a number"), JAPAN, DEFAULT,
            new Refuse(RefusalReason.UNKNOWN_NUMBER, "An error occurred. The Twilio phone number called is invalid.")),
        row("incoming without To", INCOMING, params(Map.of()), JAPAN, DEFAULT,
            new Refuse(RefusalReason.UNKNOWN_NUMBER)),

        // A dial is over: for now, whatever its outcome, the call ends.
        row("a dial nobody answered ends the call", AFTER_DIAL, params(Map.of("DialCallStatus", "no-answer")), JAPAN,
            DEFAULT, new HangUp()),
        row("a dial that was answered ends the call", AFTER_DIAL, params(Map.of("DialCallStatus", "completed")),
            JAPAN, DEFAULT, new HangUp()),

        // Who calls out.
        row("outgoing from an unregistered client", OUTGOING, outgoing("client:Nobody", "+819059876543"), JAPAN,
            DEFAULT, new Refuse(RefusalReason.UNREGISTERED_CLIENT)),
        row("outgoing from a phone number, not a client", OUTGOING, outgoing(OWN, "+819059876543"), JAPAN, DEFAULT,
            new Refuse(RefusalReason.UNREGISTERED_CLIENT)),
        row("outgoing claiming another client's number (spoofed caller ID)", OUTGOING,
            outgoing("client:DeviceId_0001", "+819059876543", "callerPhoneNumber", "050-3123-9999"), JAPAN, DEFAULT,
            new Refuse(RefusalReason.SPOOFED_CALLER_ID)),
        row("outgoing claiming a caller number that is no number", OUTGOING,
            outgoing("client:DeviceId_0001", "+819059876543", "callerPhoneNumber", "anonymous"), JAPAN, DEFAULT,
            new Refuse(RefusalReason.SPOOFED_CALLER_ID)),
        row("outgoing claiming its own number in another format", OUTGOING,
            outgoing("client:DeviceId_0001", "+819059876543", "callerPhoneNumber", "050-3123-4567"), JAPAN, DEFAULT,
            new DialNumber("+819059876543", OWN, FROM_DEVICE_1)),

        // To another client.
        row("outgoing to a client by client: name", OUTGOING, outgoing("client:DeviceId_0001", "client:DeviceId_0002"),
            JAPAN, DEFAULT, new DialClient("DeviceId_0002", OWN, FROM_DEVICE_1)),
        row("outgoing to a client by bare name", OUTGOING, outgoing("client:DeviceId_0002", "DeviceId_0001"), JAPAN,
            DEFAULT, new DialClient("DeviceId_0001", OTHER_OWN, FROM_DEVICE_2)),
        row("outgoing to an own number rings its client, not the public network", OUTGOING,
            outgoing("client:DeviceId_0001", OTHER_OWN), JAPAN, DEFAULT,
            new DialClient("DeviceId_0002", OWN, FROM_DEVICE_1)),
        row("outgoing to an own number in national format", OUTGOING,
            outgoing("client:DeviceId_0001", "050-3123-9999"), JAPAN, DEFAULT,
            new DialClient("DeviceId_0002", OWN, FROM_DEVICE_1)),
        row("outgoing to an own number that the policy would refuse", OUTGOING,
            outgoing("client:DeviceId_0001", OTHER_OWN), JAPAN, UK_ONLY_NO_VOIP,
            new DialClient("DeviceId_0002", OWN, FROM_DEVICE_1)),

        // To the public network.
        row("outgoing to a mobile in the directory's country", OUTGOING,
            outgoing("client:DeviceId_0001", "090-5987-6543"), JAPAN, DEFAULT,
            new DialNumber("+819059876543", OWN, FROM_DEVICE_1)),
        row("the walkthrough's destination wins over To", OUTGOING,
            outgoing("client:DeviceId_0001", "DeviceId_0002", "callOutgoingPhoneNumber", "+81-90-5987-6543"), JAPAN,
            DEFAULT, new DialNumber("+819059876543", OWN, FROM_DEVICE_1)),
        row("outgoing toll-free in the directory's country", OUTGOING, outgoing("client:DeviceId_0001", "0120-123-456"),
            JAPAN, DEFAULT, new DialNumber("+81120123456", OWN, FROM_DEVICE_1)),
        row("outgoing to a country outside the directory's, by default", OUTGOING,
            outgoing("client:DeviceId_0001", "+442071838750"), JAPAN, DEFAULT,
            new Refuse(RefusalReason.COUNTRY_NOT_ALLOWED)),
        row("the default countries follow the directory's numbers", OUTGOING,
            outgoing("client:DeviceId_0001", "+442071838750"), JAPAN_AND_UK, DEFAULT,
            new DialNumber("+442071838750", OWN, FROM_DEVICE_1)),
        row("a country in the list", OUTGOING, outgoing("client:DeviceId_0001", "+442071838750"), JAPAN,
            countries("JP", "GB"), new DialNumber("+442071838750", OWN, FROM_DEVICE_1)),
        row("a country not in the list, though it is the directory's own", OUTGOING,
            outgoing("client:DeviceId_0001", "+819059876543"), JAPAN, countries("GB"),
            new Refuse(RefusalReason.COUNTRY_NOT_ALLOWED)),
        row("every country with *", OUTGOING, outgoing("client:DeviceId_0001", "+33142685300"), JAPAN, ANY_COUNTRY,
            new DialNumber("+33142685300", OWN, FROM_DEVICE_1)),
        row("a +1 Caribbean number is not the United States", OUTGOING,
            outgoing("client:DeviceId_0001", "+12423570123"), JAPAN, countries("US"),
            new Refuse(RefusalReason.COUNTRY_NOT_ALLOWED)),
        row("an international network (+883) is in no list of countries", OUTGOING,
            outgoing("client:DeviceId_0001", "+883510012345"), JAPAN, countries("JP", "GB", "US"),
            new Refuse(RefusalReason.COUNTRY_NOT_ALLOWED)),
        row("an international network (+883) with *", OUTGOING, outgoing("client:DeviceId_0001", "+883510012345"),
            JAPAN, ANY_COUNTRY, new DialNumber("+883510012345", OWN, FROM_DEVICE_1)),
        row("premium rate (0990) in an allowed country", OUTGOING, outgoing("client:DeviceId_0001", "0990-12-3456"),
            JAPAN, DEFAULT, new Refuse(RefusalReason.NUMBER_TYPE_BLOCKED)),
        row("premium rate with * is still blocked", OUTGOING, outgoing("client:DeviceId_0001", "+19005550123"), JAPAN,
            ANY_COUNTRY, new Refuse(RefusalReason.NUMBER_TYPE_BLOCKED)),
        row("shared cost", OUTGOING, outgoing("client:DeviceId_0001", "+33810123456"), JAPAN, ANY_COUNTRY,
            new Refuse(RefusalReason.NUMBER_TYPE_BLOCKED)),
        row("a company number at the caller's expense (0570, UAN)", OUTGOING,
            outgoing("client:DeviceId_0001", "0570-012-345"), JAPAN, DEFAULT,
            new Refuse(RefusalReason.NUMBER_TYPE_BLOCKED)),
        row("a UK personal number (070)", OUTGOING, outgoing("client:DeviceId_0001", "+447012345678"), JAPAN,
            countries("GB"), new Refuse(RefusalReason.NUMBER_TYPE_BLOCKED)),
        row("a pager", OUTGOING, outgoing("client:DeviceId_0001", "020-1234-5678"), JAPAN, DEFAULT,
            new Refuse(RefusalReason.NUMBER_TYPE_BLOCKED)),
        row("a country check comes before the type check", OUTGOING, outgoing("client:DeviceId_0001", "+19005550123"),
            JAPAN, DEFAULT, new Refuse(RefusalReason.COUNTRY_NOT_ALLOWED)),
        row("a type the configuration blocks", OUTGOING, outgoing("client:DeviceId_0001", "050-1234-5678"), JAPAN,
            new DialPolicy(Optional.empty(), EnumSet.of(PhoneNumberType.VOIP)),
            new Refuse(RefusalReason.NUMBER_TYPE_BLOCKED)),
        row("premium rate when no type is blocked", OUTGOING, outgoing("client:DeviceId_0001", "0990-12-3456"), JAPAN,
            NOTHING_BLOCKED, new DialNumber("+81990123456", OWN, FROM_DEVICE_1)),

        // Destinations that are neither a client nor a valid number.
        invalidDestination(""),
        invalidDestination("12"),
        invalidDestination("client:Nobody"),
        invalidDestination("+819059876543</Number><Number>+819000000000"),
        invalidDestination("+819059876543;ext=1"),
        invalidDestination("tel:+819059876543"),
        invalidDestination("+882130000000"));
  }

  @ParameterizedTest
  @MethodSource("routes")
  void routesEachCallAsItsRowSays(Webhook webhook, CallParameters call, Directory directory, DialPolicy policy,
                                  CallPlan expected) {
    assertEquals(expected, webhook.route().apply(new CallRouter(() -> directory, policy), call));
  }

  private static Arguments invalidDestination(String to) {
    return row("outgoing to '" + to + "', no client and no valid number", OUTGOING,
        outgoing("client:DeviceId_0001", to), JAPAN, ANY_COUNTRY, new Refuse(RefusalReason.INVALID_DESTINATION));
  }

  private static Arguments row(String name, Webhook webhook, CallParameters call, Directory directory,
                               DialPolicy policy, CallPlan expected) {
    return argumentSet(name, webhook, call, directory, policy, expected);
  }

  private static DialPolicy countries(String... codes) {
    return new DialPolicy(Optional.of(Set.of(codes)), DialPolicy.COSTLY_TYPES);
  }

  private static CallParameters incoming(String to) {
    return params(Map.of("From", "+819059876543", "To", to, "Direction", "inbound"));
  }

  /** @param more further parameter names and values, alternately */
  private static CallParameters outgoing(String from, String to, String... more) {
    Map<String, String> byName = new HashMap<>(Map.of("From", from, "To", to, "Direction", "inbound"));
    for (int i = 0; i < more.length; i += 2) {
      byName.put(more[i], more[i + 1]);
    }
    return params(byName);
  }

  private static CallParameters params(Map<String, String> byName) {
    return new CallParameters(new HashMap<>(byName));
  }
}
