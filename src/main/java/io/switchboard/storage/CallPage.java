package io.switchboard.storage;

import java.util.List;
import java.util.Optional;

/**
 * @param calls their events left out (empty lists): {@link StorageAddresses#GET_CALL} gives a call's events
 * @param next  the opaque cursor of the following page; empty on the last page
 */
public record CallPage(List<CallRecord> calls, Optional<String> next) {

  public CallPage {
    calls = List.copyOf(calls);
  }
}
