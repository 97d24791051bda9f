package io.switchboard.config;

import java.util.Map;

/**
 * The {@code storage} section: the database of the call records. {@code toString} is overridden so that the
 * password, whether in its key or in the URL, can never reach a log line by accident.
 *
 * @param url           {@code jdbc:h2:file:<path>} (the embedded default, created on first start) or
 *                      {@code postgresql://host:port/database}
 * @param password      empty when the database needs none; also from {@value ConfigLoader#STORAGE_PASSWORD_ENV}
 * @param poolSize      connections to the database
 * @param retentionDays calls that started longer ago are deleted
 * @param queueSize     callbacks waiting for their commit; past it a callback is refused at once (503)
 */
public record StorageSettings(String url, String user, String password, int poolSize, int retentionDays,
                              int queueSize) {

  public static final String DEFAULT_URL = "jdbc:h2:file:./data/switchboard";

  static StorageSettings from(Section storage, Map<String, String> environment) {
    String url = storage.string("url", DEFAULT_URL).strip();
    if (!isH2(url) && !isPostgres(url)) {
      throw storage.error("url", "must be jdbc:h2:file:<path> or postgresql://host:port/database");
    }
    String user = storage.string("user", "");
    String fromFile = storage.string("password", "");
    String fromEnvironment = environment.get(ConfigLoader.STORAGE_PASSWORD_ENV);
    String password = fromEnvironment != null && !fromEnvironment.isEmpty() ? fromEnvironment : fromFile;
    StorageSettings settings = new StorageSettings(url, user, password,
        storage.integer("poolSize", 4, 1, 64),
        storage.integer("retentionDays", 90, 1, 36_500),
        storage.integer("queueSize", 4_096, 1, 1_000_000));
    storage.rejectUnknownKeys();
    return settings;
  }

  public boolean isPostgres() {
    return isPostgres(url);
  }

  private static boolean isH2(String url) {
    return url.startsWith("jdbc:h2:file:") && url.length() > "jdbc:h2:file:".length();
  }

  private static boolean isPostgres(String url) {
    return url.matches("postgres(ql)?://[^/\\s]+/[^\\s]+");
  }

  /**
   * The URL without what may carry a password: PostgreSQL's {@code user:password@} and query, H2's settings after
   * {@code ;} (its {@code PASSWORD=}).
   */
  private String urlWithoutCredentials() {
    return url.replaceFirst("//[^/]*@", "//…@").replaceFirst("[?;].*", "…");
  }

  @Override
  public String toString() {
    return "StorageSettings[url=" + urlWithoutCredentials() + ", user=" + user + ", poolSize=" + poolSize + ", retentionDays="
        + retentionDays + ", queueSize=" + queueSize + ", password hidden]";
  }
}
