package io.switchboard.config;

/**
 * The {@code events} section: the browser's live stream ({@code GET /api/events}) and presence.
 *
 * @param heartbeatSeconds    how often an open stream sends a comment line, so that proxies and the connection's
 *                            idle timeout keep it open, and refreshes its client's presence; shorter than
 *                            {@code http.idleTimeoutSeconds}
 * @param ticketSeconds       how long a one-time ticket for opening a stream without a header lasts
 * @param maxStreamsPerClient open streams one client may hold on this server (its devices and tabs)
 * @param maxStreams          open streams on this server, all clients together
 */
public record EventsSettings(int heartbeatSeconds, int ticketSeconds, int maxStreamsPerClient, int maxStreams) {

  static EventsSettings from(Section events, HttpSettings http) {
    int idleTimeout = http.limits().idleTimeoutSeconds();
    int heartbeatSeconds = events.integer("heartbeatSeconds", Math.max(1, Math.min(15, idleTimeout - 1)), 1, 300);
    if (heartbeatSeconds >= idleTimeout) {
      throw events.error("heartbeatSeconds", "must be shorter than http.idleTimeoutSeconds (" + idleTimeout
          + "), or idle streams are closed between two heartbeats");
    }
    EventsSettings settings = new EventsSettings(heartbeatSeconds,
        events.integer("ticketSeconds", 30, 1, 300),
        events.integer("maxStreamsPerClient", 5, 1, 100),
        events.integer("maxStreams", 1_000, 1, 100_000));
    events.rejectUnknownKeys();
    return settings;
  }

  /**
   * How long a client stays online after its stream's last heartbeat or its last registration: a missed heartbeat
   * or two is not an absence, a closed page is one within seconds.
   */
  public int presenceSeconds() {
    return heartbeatSeconds * 2 + 1;
  }
}
