package io.switchboard.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.EvictionConfig;
import com.hazelcast.config.EvictionPolicy;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.ListenerConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MaxSizePolicy;
import com.hazelcast.config.MultiMapConfig;
import com.hazelcast.config.NetworkConfig;
import io.switchboard.config.ClusterSettings;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Hazelcast's configuration, made in code from the {@code cluster} section alone: no {@code hazelcast.xml} or
 * {@code cluster.xml} on the class path or in a system property can change it. Members are found by the listed
 * addresses only (no multicast, no cloud or Kubernetes auto-detection), the node listens on its own address only,
 * and Hazelcast never calls its vendor: the server talks to nothing its operator did not configure.
 */
public final class HazelcastSettings {

  /** The shared limits' maps: {@link ClusterLimiter}. */
  static final String LIMITS_MAPS = "switchboard.limits.*";
  /** Past this many keys on one node, the least recently used counts are dropped: memory stays bounded. */
  static final int LIMIT_KEYS_PER_NODE = 100_000;

  private HazelcastSettings() {
  }

  public static Config of(ClusterSettings cluster) {
    Config config = new Config();
    config.setClusterName(cluster.name());
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.logging.type", "slf4j");
    // Main stops Vert.x, which makes the node leave the cluster; Hazelcast's own hook would race it.
    config.setProperty("hazelcast.shutdownhook.enabled", "false");
    // Listen on the configured address, not on every interface of the machine.
    config.setProperty("hazelcast.socket.bind.any", "false");
    config.getJetConfig().setEnabled(false);
    // Hazelcast logs at WARN only (logback.xml): this node says itself who joins and leaves.
    config.addListenerConfig(new ListenerConfig(new MembershipLog()));
    config.getManagementCenterConfig().setScriptingEnabled(false).setConsoleEnabled(false);

    NetworkConfig network = config.getNetworkConfig();
    network.setPort(cluster.port()).setPortAutoIncrement(false);
    network.setPublicAddress(cluster.host() + ":" + cluster.port());
    network.getInterfaces().setEnabled(true).addInterface(ownAddress(cluster.host()));
    network.getRestApiConfig().setEnabled(false);
    network.getMemcacheProtocolConfig().setEnabled(false);
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setMembers(cluster.members());

    // What Vert.x's own default-cluster.xml sets for its subscriptions and node records.
    config.addMultiMapConfig(new MultiMapConfig("__vertx.subs").setBackupCount(1)
        .setValueCollectionType(MultiMapConfig.ValueCollectionType.SET));
    config.addMapConfig(new MapConfig("__vertx.haInfo").setBackupCount(1));
    config.addMapConfig(new MapConfig("__vertx.nodeInfo").setBackupCount(1));
    config.addMapConfig(new MapConfig(LIMITS_MAPS).setBackupCount(1)
        .setEvictionConfig(new EvictionConfig().setEvictionPolicy(EvictionPolicy.LRU)
            .setMaxSizePolicy(MaxSizePolicy.PER_NODE).setSize(LIMIT_KEYS_PER_NODE)));
    return config;
  }

  /** Hazelcast matches interfaces by IP address: a host name is resolved once, at start-up. */
  private static String ownAddress(String host) {
    try {
      return InetAddress.getByName(host).getHostAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("cluster.host " + host + " does not resolve", e);
    }
  }
}
