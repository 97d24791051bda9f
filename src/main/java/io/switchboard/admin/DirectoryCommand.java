package io.switchboard.admin;

import io.vertx.core.json.JsonObject;

import java.util.OptionalLong;

/**
 * What the admin API asks of the store's directory, on {@link AdminAddresses#DIRECTORY}. Numbers are as the caller
 * wrote them; entries are JSON in the configuration's shape, checked by the consumer. Each change names who makes
 * it, for the audit.
 */
public sealed interface DirectoryCommand {

  /** Every entry, in the directory's order: replied {@code {"entries": [...], "hash": "..."}}. */
  record ListEntries() implements DirectoryCommand {
  }

  /** One entry: replied as its JSON, or 404. */
  record GetEntry(String phoneNumber) implements DirectoryCommand {
  }

  /** A new entry, at the end of the directory: replied as stored, or 409 when its number has one. */
  record AddEntry(JsonObject entry, String by) implements DirectoryCommand {
  }

  /** Replaces the entry of a number, in its place: replied as stored, or 404. */
  record ChangeEntry(String phoneNumber, JsonObject entry, String by) implements DirectoryCommand {
  }

  /** Removes the entry of a number: replied as it was, or 404. */
  record RemoveEntry(String phoneNumber, String by) implements DirectoryCommand {
  }

  /** The audit's changes, newest first, {@code limit} of them older than the change {@code before}. */
  record ListChanges(int limit, OptionalLong before) implements DirectoryCommand {
  }
}
