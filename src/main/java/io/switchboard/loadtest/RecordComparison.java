package io.switchboard.loadtest;

import java.util.ArrayList;
import java.util.List;
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
 * @param calls       the calls played to their end, each compared
 * @param abandoned   calls left half-way on an answer that could not be followed: not compared
 * @param otherCalls  calls in the histories that this run did not make (an earlier run's): not compared
 * @param differences each kind of difference, and how many calls had it
 * @param examples    the first differences, each with its call's SID and both values
 */
record RecordComparison(int calls, long abandoned, int otherCalls, Map<String, Long> differences,
                        List<String> examples) {

  static final int EXAMPLES = 10;

  long differenceCount() {
    return differences.values().stream().mapToLong(Long::longValue).sum();
  }

  /**
   * @param histories each client's history, as {@code /api/calls} listed it: for each listed call, its fields
   */
  static RecordComparison of(List<ExpectedCall> played, long abandoned, Map<String, List<Map<String, Object>>> histories) {
    Map<String, Set<String>> listedFor = new TreeMap<>();
    Map<String, Map<String, Object>> records = new TreeMap<>();
    Differences differences = new Differences();
    Set<String> simulated = new TreeSet<>();
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
    for (ExpectedCall call : played) {
      Set<String> listed = listedFor.getOrDefault(call.callSid(), Set.of());
      Map<String, Object> record = records.get(call.callSid());
      if (record == null) {
        differences.add("missing from the records", call.callSid(), "its clients " + call.clients());
        continue;
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
    return new RecordComparison(played.size(), abandoned, others.size(), differences.counts, differences.examples);
  }

  private static final class Differences {
    private final Map<String, Long> counts = new TreeMap<>();
    private final List<String> examples = new ArrayList<>();

    void compare(String kind, String callSid, Object simulated, Object recorded) {
      Object normalized = recorded instanceof Number number ? Integer.valueOf(number.intValue()) : recorded;
      if (!Objects.equals(simulated, normalized)) {
        add(kind, callSid, "simulated " + simulated + ", recorded " + recorded);
      }
    }

    void add(String kind, String callSid, String detail) {
      counts.merge(kind, 1L, Long::sum);
      if (examples.size() < EXAMPLES) {
        examples.add(callSid + ": " + kind + " (" + detail + ")");
      }
    }
  }
}
