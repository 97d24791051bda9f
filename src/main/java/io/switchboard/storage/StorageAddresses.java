package io.switchboard.storage;

import io.switchboard.bus.LocalCodec;
import io.vertx.core.eventbus.EventBus;

/**
 * Event-bus addresses of the storage verticle, the only part of the server that touches the database. Failures are
 * {@link io.switchboard.bus.Refusal}s: 400 for a message that lacks what it needs, 404 for a call or voicemail that
 * is absent or not the asking client's, 503 when the store cannot take it now (database down, queue full).
 */
public final class StorageAddresses {

  /** A status callback of Twilio's, {@link CallCallback}: replied only once committed. */
  public static final String RECORD_CALLBACK = "storage.callbacks.record";

  /** One client's calls, newest first: {@link CallQuery}, replied {@link CallPage}. */
  public static final String LIST_CALLS = "storage.calls.list";

  /** One call with its events: {@link CallLookup}, replied {@link CallRecord}. */
  public static final String GET_CALL = "storage.calls.get";

  /** A recording status callback, {@link RecordingCallback}: replied only once committed. */
  public static final String RECORD_RECORDING = "storage.recordings.record";

  /** One client's voicemails, newest first: {@link VoicemailQuery}, replied {@link VoicemailPage}. */
  public static final String LIST_VOICEMAILS = "storage.voicemails.list";

  /** What one client's events stream missed: {@link EventsSince}, replied a JsonArray of events, oldest first. */
  public static final String EVENTS_SINCE = "storage.events.since";

  /** One of a client's voicemails: {@link VoicemailLookup}, replied {@link Voicemail}; 404 when not the client's. */
  public static final String FIND_VOICEMAIL = "storage.voicemails.find";

  /** Marks a client's voicemail heard: {@link VoicemailLookup}, replied once committed; 404 when not the client's. */
  public static final String MARK_HEARD = "storage.voicemails.heard";

  /**
   * Marks a client's voicemail deleted: {@link VoicemailLookup}, replied {@link VoicemailDeleted} once committed;
   * 404 when not the client's, or deleted already.
   */
  public static final String DELETE_VOICEMAIL = "storage.voicemails.delete";

  private StorageAddresses() {
  }

  /** Makes this package's messages message types of {@code bus}; once per Vert.x instance. */
  public static void registerCodecs(EventBus bus) {
    LocalCodec.register(bus, CallCallback.class);
    LocalCodec.register(bus, CallQuery.class);
    LocalCodec.register(bus, CallLookup.class);
    LocalCodec.register(bus, CallPage.class);
    LocalCodec.register(bus, CallRecord.class);
    LocalCodec.register(bus, RecordingCallback.class);
    LocalCodec.register(bus, VoicemailQuery.class);
    LocalCodec.register(bus, VoicemailPage.class);
    LocalCodec.register(bus, EventsSince.class);
    LocalCodec.register(bus, VoicemailLookup.class);
    LocalCodec.register(bus, Voicemail.class);
    LocalCodec.register(bus, VoicemailDeleted.class);
  }
}
