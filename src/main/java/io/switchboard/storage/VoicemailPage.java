package io.switchboard.storage;

import java.util.List;
import java.util.Optional;

/** @param next the opaque cursor of the following page; empty on the last page */
public record VoicemailPage(List<Voicemail> voicemails, Optional<String> next) {

  public VoicemailPage {
    voicemails = List.copyOf(voicemails);
  }
}
