package io.switchboard.loadtest;

import io.switchboard.storage.CallCallback;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A callback the server acknowledged (answered 2xx), as {@code loadtest --acknowledged FILE} writes it, one a line:
 * {@code CallSid kind sid status}, the key of the event the records must hold for it (docs/load-testing.md). The
 * first field alone is the call: the list of calls the {@code callbacks} scenario first wrote.
 *
 * @param callSid the call: a leg's {@code ParentCallSid}, else the {@code CallSid}
 * @param kind    {@code leg-status} or {@code call-status} (a row of {@code call_events}, by its kind), or
 *                {@code recording-status} (a row of {@code recording_events})
 * @param sid     the leg's own CallSid ({@code call_events.leg_sid}: the call's own for {@code call-status}), or the
 *                RecordingSid
 * @param status  {@code CallStatus}, or {@code RecordingStatus}
 */
public record AcknowledgedCallback(String callSid, String kind, String sid, String status) {

  static final String RECORDING_STATUS = "recording-status";

  /**
   * The event each acknowledged callback stores, as a line of the file: a Dial action is not one, since its 200
   * carries the TwiML that the call goes on with whether or not the store took it.
   */
  private static final String STORED_EVENTS = "SELECT call_sid || ' ' || kind || ' ' || leg_sid || ' ' || status"
      + " FROM call_events UNION ALL SELECT call_sid || ' " + RECORDING_STATUS + " ' || recording_sid || ' ' || status"
      + " FROM recording_events";

  /**
   * @param parameters a callback's POST parameters
   * @return what acknowledging it says the server keeps; empty for a request that is not a stored callback
   */
  static Optional<AcknowledgedCallback> of(TwilioRequest.Kind kind, Map<String, String> parameters) {
    return Optional.ofNullable(switch (kind) {
      case LEG_STATUS -> new AcknowledgedCallback(parameters.get("ParentCallSid"),
          CallCallback.Kind.LEG_STATUS.wireName(), parameters.get("CallSid"), parameters.get("CallStatus"));
      case CALL_STATUS -> new AcknowledgedCallback(parameters.get("CallSid"), CallCallback.Kind.CALL_STATUS.wireName(),
          parameters.get("CallSid"), parameters.get("CallStatus"));
      case RECORDING_STATUS -> new AcknowledgedCallback(parameters.get("CallSid"), RECORDING_STATUS,
          parameters.get("RecordingSid"), parameters.get("RecordingStatus"));
      default -> null;
    });
  }

  /** The same callback for another call: the callbacks scenario's legs differ only by their parent. */
  AcknowledgedCallback forCall(String otherCallSid) {
    return new AcknowledgedCallback(otherCallSid, kind, sid, status);
  }

  String line() {
    return callSid + ' ' + kind + ' ' + sid + ' ' + status;
  }

  /**
   * The lines of an {@code --acknowledged} file whose event the records do not hold, read from the record tables.
   *
   * @return the missing lines, in the file's order
   */
  public static List<String> missingFrom(Connection records, Collection<String> lines) throws SQLException {
    Set<String> stored = new HashSet<>();
    try (Statement statement = records.createStatement(); ResultSet events = statement.executeQuery(STORED_EVENTS)) {
      while (events.next()) {
        stored.add(events.getString(1));
      }
    }
    List<String> missing = new ArrayList<>();
    for (String line : lines) {
      if (!stored.contains(line.strip())) {
        missing.add(line);
      }
    }
    return missing;
  }
}
