package io.switchboard.loadtest;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The simulated calls compared with the server's records of them, as each client's history lists them: every call
 * once in the history of each of its clients and in no other's, with the status, talk time, answerer, voicemail,
 * caller and number that the simulation gave it. Every difference is counted by kind, and the first few named.
 *
 * <p>A call one of whose requests failed (no answer, or a 5xx: in flight on a node that died, refused by a store
 * that is down) is compared apart: its record may lack what the request carried, as Twilio's would until it tried
 * again. Only the calls whose every request was answered count towards the differences.
 *
 * @param calls              the calls played to their end with every request answered, each compared
 * @param abandoned          calls left half-way on an answer that could not be followed: not compared
 * @param otherCalls         calls in the histories that this run did not make (an earlier run's): not compared
 * @param differences        each kind of difference, and how many calls had it
 * @param examples           the first differences, each with its call's SID and both values
 * @param withFailedRequests calls played to their end although one of their requests failed, compared apart
 * @param differAsFailed     how many of those differ from their records
 * @param cutShort           calls given up when a webhook failed: what they did is in the records, not compared
 */
record RecordComparison(int calls, long abandoned, int otherCalls, Map<String, Long> differences,
                        List<String> examples, int withFailedRequests, int differAsFailed, int cutShort) {

  static final int EXAMPLES = 10;

  long differenceCount() {
    return differences.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Calls that a failed request touched, whether played to their end or cut short. */
  int touchedByFailures() {
    return withFailedRequests + cutShort;
  }

  /** The calls a failed request touched, as the summary and the report say them. */
  String describeFailed() {
    return String.format(Locale.ROOT, "%d calls with a failed request compared apart, %d of them differ from their"
        + " records (expected: a request the server did not take); %d calls cut short by a failed webhook, not"
        + " compared", withFailedRequests, differAsFailed, cutShort);
  }

  /** When nothing could be read back: every call played counted as unread. */
  static RecordComparison unreadable(List<ExpectedCall> played, long abandoned, Collection<String> cutShort,
                                     String why) {
    return new RecordComparison(played.size(), abandoned, 0, Map.of("records unreadable: " + why,
        (long) played.size()), List.of(), 0, 0, cutShort.size());
  }

  /**
   * @param played    every call played to its end, with how many of its requests failed
   * @param cutShort  the SIDs of the calls given up on a failed webhook
   * @param histories each client's history, as {@code /api/calls} listed it: for each listed call, its fields
   */
  static RecordComparison of(List<ExpectedCall> played, long abandoned, Collection<String> cutShort,
                             Map<String, List<Map<String, Object>>> histories) {
    Map<String, Set<String>> listedFor = new TreeMap<>();
    Map<String, Map<String, Object>> records = new TreeMap<>();
    Differences differences = new Differences();
    Differences afterFailures = new Differences();
    Set<String> simulated = new TreeSet<>(cutShort);
    played.forEach(call -> simulated.add(call.callSid()));
    Set<String> others = new TreeSet<>();
    histories.forEach((client, history) -> {
      for (Map<String, Object> record : history) {
        String callSid = String.valueOf(record.get("callSid"));
        if (!simulated.contains(callSid)) {
          others.add(callSid);
        } else if (!listedFor.computeIfAbsent(callSid, any -> new TreeSet<>()).add(client)) {
          differences.add("listed twice in a client's history", callSid, client);
        } else {
          records.putIfAbsent(callSid, record);
        }
      }
    });
    int clean = 0;
    for (ExpectedCall call : played) {
      boolean failed = call.failedRequests() > 0;
      clean += failed ? 0 : 1;
      compare(call, listedFor.getOrDefault(call.callSid(), Set.of()), records.get(call.callSid()),
          failed ? afterFailures : differences);
    }
    return new RecordComparison(clean, abandoned, others.size(), differences.counts, differences.examples,
        played.size() - clean, afterFailures.calls.size(), cutShort.size());
  }

  private static void compare(ExpectedCall call, Set<String> listed, Map<String, Object> record,
                              Differences differences) {
    if (record == null) {
      differences.add("missing from the records", call.callSid(), "its clients " + call.clients());
      return;
    }
    if (!listed.containsAll(call.clients())) {
      differences.add("missing from the history of one of its clients", call.callSid(),
          "its clients " + call.clients() + ", listed for " + listed);
    }
    if (!call.clients().containsAll(listed)) {
      differences.add("in the history of a client not its own", call.callSid(),
          "its clients " + call.clients() + ", listed for " + listed);
    }
    differences.compare("status " + call.status() + " recorded as " + record.get("status"), call.callSid(),
        call.status(), record.get("status"));
    differences.compare("talk time", call.callSid(), call.durationSeconds(), record.get("durationSeconds"));
    differences.compare("answerer", call.callSid(), call.answeredBy(), record.get("answeredBy"));
    differences.compare(call.voicemail() == null ? "a voicemail where none was left" : "voicemail",
        call.callSid(), call.voicemail(), record.get("voicemail"));
    differences.compare("caller", call.callSid(), call.from(), record.get("from"));
    differences.compare("number called", call.callSid(), call.to(), record.get("to"));
    differences.compare("direction", call.callSid(), call.direction(), record.get("direction"));
  }

  private static final class Differences {
    private final Map<String, Long> counts = new TreeMap<>();
    private final List<String> examples = new ArrayList<>();
    private final Set<String> calls = new TreeSet<>();

    void compare(String kind, String callSid, Object simulated, Object recorded) {
      Object normalized = recorded instanceof Number number ? Integer.valueOf(number.intValue()) : recorded;
      if (!Objects.equals(simulated, normalized)) {
        add(kind, callSid, "simulated " + simulated + ", recorded " + recorded);
      }
    }

    void add(String kind, String callSid, String detail) {
      counts.merge(kind, 1L, Long::sum);
      calls.add(callSid);
      if (examples.size() < EXAMPLES) {
        examples.add(callSid + ": " + kind + " (" + detail + ")");
      }
    }
  }
}
