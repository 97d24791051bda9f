package io.switchboard.storage;

import java.util.List;
import java.util.Optional;

/**
 * @param next    the opaque cursor of the following page; empty on the last page
 * @param unheard how many of the client's voicemails, on any page, are not heard yet
 */
public record VoicemailPage(List<Voicemail> voicemails, Optional<String> next, int unheard) {

  public VoicemailPage {
    voicemails = List.copyOf(voicemails);
  }
}
