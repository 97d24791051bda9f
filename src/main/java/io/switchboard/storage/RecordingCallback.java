package io.switchboard.storage;

import io.switchboard.directory.Directory;
import io.switchboard.directory.DirectoryEntry;
import io.switchboard.twiml.CallParameters;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Twilio's recording status callback for a {@code <Record>} of the voicemail, as the route received it: its values
 * are checked by the store, which refuses (400) a callback that lacks what it needs. Each value is Twilio's text,
 * stripped; empty when absent. Twilio sends no {@code From} or {@code To} here: the query names them.
 *
 * @param callSid      {@code CallSid}: the call the message was left on
 * @param recordingSid {@code RecordingSid}: the voicemail's id
 * @param recordingUrl {@code RecordingUrl}
 * @param status       {@code RecordingStatus}: {@code completed}, {@code absent}...
 * @param duration     {@code RecordingDuration}, in seconds
 * @param direction    the query's {@code direction}: {@code incoming}
 * @param twilioNumber the query's {@code number}: the number called
 * @param caller       the query's {@code from}: who left the message; empty when the URL does not name it
 * @param clients      the clients of {@code twilioNumber}'s directory entry when the callback arrived: whose
 *                     voicemail it is; empty when no entry has the number any more
 * @param receivedAt   when it arrived
 */
public record RecordingCallback(String callSid, String recordingSid, String recordingUrl, String status,
                                String duration, String direction, String twilioNumber, String caller,
                                List<String> clients, Instant receivedAt) {

  public RecordingCallback {
    clients = List.copyOf(clients);
  }

  /**
   * @param form      the callback's POST parameters and the query string of the URL our TwiML gave Twilio, signed
   *                  with the URL, so trusted once the signature is
   * @param directory the directory in force, which says whose voicemail it is
   */
  public static RecordingCallback from(CallParameters form, Directory directory) {
    Map<String, String> values = form.byName();
    Map<String, String> query = form.query();
    String number = text(query, "number");
    List<String> clients = directory.byPhoneNumber(number).map(DirectoryEntry::clients).orElse(List.of());
    return new RecordingCallback(text(values, "CallSid"), text(values, "RecordingSid"),
        text(values, "RecordingUrl"), text(values, "RecordingStatus"), text(values, "RecordingDuration"),
        text(query, "direction"), number, text(query, "from"), clients, Instant.now());
  }

  private static String text(Map<String, String> values, String name) {
    String value = values.get(name);
    return value == null ? "" : value.strip();
  }
}
