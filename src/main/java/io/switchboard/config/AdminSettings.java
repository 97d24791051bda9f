package io.switchboard.config;

import io.switchboard.security.SecretHash;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code admin} section: who may change the store's directory through {@code /admin/api/directory}. Without
 * users the admin API is off. Passwords are kept as {@link SecretHash}es, never in clear.
 *
 * @param users the administrators; their names are what the audit records as who made a change
 */
public record AdminSettings(List<AdminUser> users) {

  private static final Pattern USER_NAME = Pattern.compile("[A-Za-z0-9_.@-]{1,64}");

  /** One administrator: the name of a Basic credential and the hash of its password. */
  public record AdminUser(String name, SecretHash passwordHash) {
  }

  static AdminSettings from(Section admin, DirectorySettings directory) {
    List<AdminUser> users = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (Section user : admin.sections("users")) {
      String name = user.matching("name", USER_NAME, "1 to 64 letters, digits, '_', '.', '@' or '-'");
      if (!names.add(name)) {
        throw user.error("name", "'" + name + "' is listed twice");
      }
      String hash = user.requiredString("passwordHash");
      try {
        users.add(new AdminUser(name, SecretHash.parse(hash)));
      } catch (IllegalArgumentException e) {
        throw user.error("passwordHash", e.getMessage());
      }
      user.rejectUnknownKeys();
    }
    admin.rejectUnknownKeys();
    if (!users.isEmpty() && directory.source() != DirectorySettings.Source.STORE) {
      throw admin.error("users", "the admin API changes the store's directory: set directory.source to \"store\"");
    }
    return new AdminSettings(List.copyOf(users));
  }

  /** Whether the admin API is served: there is someone to serve it to. */
  public boolean enabled() {
    return !users.isEmpty();
  }

  public Optional<AdminUser> user(String name) {
    return users.stream().filter(user -> user.name().equals(name)).findFirst();
  }
}
