package io.switchboard.loadtest;

import io.switchboard.directory.DirectoryEntry;
import io.switchboard.http.ApiPaths;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads back each client's call history as the softphone page does: an access token from the token API for the
 * client, then {@code GET /api/calls} page after page, newest first, down to the run's start: a database kept
 * from earlier runs is not read whole. Blocks: run once the load is over, off the event loops.
 */
final class CallRecords {

  /** The longest page the API gives. */
  private static final int PAGE = 100;

  private final WebClient client;
  private final Instant notBefore;

  /** @param notBefore when the run began: a page that ends with a call begun earlier is the last one read */
  CallRecords(WebClient client, Instant notBefore) {
    this.client = client;
    // A call's start is its first event's Timestamp, which Twilio gives to the second.
    this.notBefore = notBefore.truncatedTo(ChronoUnit.SECONDS).minusSeconds(1);
  }

  /**
   * @return each client of {@code entries}, in order, with the fields of each call its history lists
   * @throws IllegalStateException when a token or a page is refused: the comparison cannot be made
   */
  Map<String, List<Map<String, Object>>> histories(List<DirectoryEntry> entries) {
    Map<String, List<Map<String, Object>>> histories = new LinkedHashMap<>();
    for (DirectoryEntry entry : entries) {
      for (String clientName : entry.clients()) {
        if (!histories.containsKey(clientName)) {
          histories.put(clientName, history(token(entry, clientName)));
        }
      }
    }
    return histories;
  }

  private String token(DirectoryEntry entry, String clientName) {
    HttpResponse<Buffer> answer = client.post(ApiPaths.CAPABILITY_TOKEN)
        .sendJsonObject(new JsonObject().put("twilioPhoneNumber", entry.phoneNumber()).put("clientName", clientName))
        .await();
    if (answer.statusCode() != 200) {
      throw refused("the token API", answer, " for " + clientName, "security.tokenRequestsPerMinute");
    }
    return answer.bodyAsJsonObject().getString("accessToken");
  }

  /** A read the server refused; a 429 names the rate limit {@code limitKey} that a load test from one address meets. */
  private static IllegalStateException refused(String api, HttpResponse<Buffer> answer, String context,
                                               String limitKey) {
    return new IllegalStateException(api + " answered HTTP " + answer.statusCode() + context
        + (answer.statusCode() == 429 ? ": raise " + limitKey + " for a load test" : ""));
  }

  private List<Map<String, Object>> history(String token) {
    List<Map<String, Object>> calls = new ArrayList<>();
    String cursor = null;
    do {
      String path = "/api/calls?limit=" + PAGE
          + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
      HttpResponse<Buffer> answer = client.get(path).putHeader("Authorization", "Bearer " + token).send().await();
      if (answer.statusCode() != 200) {
        throw refused("/api/calls", answer, "", "security.apiRequestsPerMinute");
      }
      JsonObject page = answer.bodyAsJsonObject();
      JsonArray listed = page.getJsonArray("calls");
      for (int i = 0; i < listed.size(); i++) {
        calls.add(listed.getJsonObject(i).getMap());
      }
      cursor = page.getString("next");
      String lastStarted = listed.isEmpty() ? null : listed.getJsonObject(listed.size() - 1).getString("startedAt");
      if (lastStarted != null && Instant.parse(lastStarted).isBefore(notBefore)) {
        break;
      }
    } while (cursor != null);
    return calls;
  }
}
