package io.switchboard.loadtest;

import java.util.Set;

/**
 * What the records should say of a simulated call: the call once in the history of each of its clients, and in no
 * other's, with the status, talk time, answerer and voicemail that the simulation made it have.
 *
 * @param clients         the clients rung by a call in; the caller of a call out
 * @param status          {@code completed} when a dial was answered, else the first dial's outcome
 *                        ({@code no-answer}, {@code busy}, {@code canceled} when the caller hung up first)
 * @param durationSeconds the talk time, null when nobody answered
 * @param answeredBy      the client, or the forward's number, that answered; null when nobody did
 * @param voicemail       the RecordingSid of the message left; null when none was
 * @param failedRequests  how many of its requests got no answer or a 5xx: its record may lack what they carried
 */
record ExpectedCall(String callSid, String direction, String from, String to, Set<String> clients, String status,
                    Integer durationSeconds, String answeredBy, String voicemail, int failedRequests) {
}
