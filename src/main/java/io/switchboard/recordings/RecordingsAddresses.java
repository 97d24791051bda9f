package io.switchboard.recordings;

import io.switchboard.bus.LocalCodec;
import io.vertx.core.eventbus.EventBus;

/**
 * Event-bus addresses of the recordings verticle, the only part of the server that talks to Twilio's REST API and
 * holds the credentials it needs. A failure is {@code 502} with a reason for the caller, which never holds a
 * credential: Twilio could not be reached, or did not give the recording.
 */
public final class RecordingsAddresses {

  /**
   * A recording's audio from Twilio: {@link RecordingFetch}, replied {@link RecordingAudio} (200, 206 or 416) whose
   * body the receiver must consume. Sent with {@link io.switchboard.bus.EventLoopAffinity}: the body is read on the
   * receiver's event loop.
   */
  public static final String FETCH = "recordings.fetch";

  /**
   * A recording that no client keeps any more: {@link RecordingDiscard}. Deleted from Twilio when
   * {@code twilio.deleteRecordings} is on, else kept there; replied once done, failures logged here.
   */
  public static final String DISCARD = "recordings.discard";

  private RecordingsAddresses() {
  }

  /** Makes this package's messages message types of {@code bus}; once per Vert.x instance. */
  public static void registerCodecs(EventBus bus) {
    LocalCodec.register(bus, RecordingFetch.class);
    LocalCodec.register(bus, RecordingAudio.class);
    LocalCodec.register(bus, RecordingDiscard.class);
  }
}
