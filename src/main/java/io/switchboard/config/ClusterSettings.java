package io.switchboard.config;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The {@code cluster} section: several servers as one, on Vert.x's clustered event bus (Hazelcast), sharing one
 * PostgreSQL store. Off by default: one process, as before.
 *
 * @param enabled whether this server joins a cluster
 * @param host    the address this node binds its cluster port to and announces to the others: one of its own
 *                addresses, never a wildcard (the others must be able to reach it there)
 * @param port    the cluster manager's port (Hazelcast's TCP connections between members)
 * @param members the members to contact when joining, as {@code host:port}; may include this node itself
 * @param eventBusPort the port of the event bus's own TCP connections between members; 0 picks a free one
 * @param name    the cluster's name: nodes with another name never join this cluster
 */
public record ClusterSettings(boolean enabled, String host, int port, List<String> members, int eventBusPort,
                             String name) {

  private static final Pattern MEMBER = Pattern.compile("[A-Za-z0-9.\\-]+:\\d{1,5}");
  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.\\-]+");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._\\-]{1,64}");

  static ClusterSettings from(Section cluster, StorageSettings storage) {
    boolean enabled = cluster.bool("enabled", false);
    String host = cluster.string("host", "127.0.0.1").strip();
    if (!HOST.matcher(host).matches() || host.equals("0.0.0.0")) {
      throw cluster.error("host", "must be this node's own address (a name or IP; not a wildcard)");
    }
    int port = cluster.integer("port", 5701, 1, 65_535);
    List<String> members = cluster.strings("members");
    for (String member : members) {
      if (!MEMBER.matcher(member).matches()) {
        throw cluster.error("members", "must be a list of host:port, not \"" + member + "\"");
      }
    }
    int eventBusPort = cluster.integer("eventBusPort", 0, 0, 65_535);
    String name = cluster.string("name", "switchboard");
    if (!NAME.matcher(name).matches()) {
      throw cluster.error("name", "must be 1 to 64 letters, digits, '.', '_' or '-'");
    }
    cluster.rejectUnknownKeys();
    if (enabled && members.isEmpty()) {
      throw cluster.error("members", "must list the cluster's members (host:port) when the cluster is enabled");
    }
    if (enabled && eventBusPort == port) {
      throw cluster.error("eventBusPort", "must differ from cluster.port");
    }
    if (enabled && !storage.isPostgres()) {
      throw cluster.error("enabled", "needs the call records on PostgreSQL (storage.url postgresql://...): "
          + "each node's embedded H2 file would keep its own records");
    }
    return new ClusterSettings(enabled, host, port, members, eventBusPort, name);
  }
}
