package io.switchboard.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import io.switchboard.config.ClusterSettings;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hazelcast's configuration as the cluster section makes it: it finds and talks to the listed members only. */
class HazelcastSettingsTest {

  private final Config config = HazelcastSettings.of(new ClusterSettings(true, "127.0.0.1", 5801,
      List.of("127.0.0.1:5801", "127.0.0.1:5802"), 0, "calls-eu"));

  @Test
  void membersAreFoundByTheListOnlyNeverByMulticastOrAutoDetection() {
    JoinConfig join = config.getNetworkConfig().getJoin();

    assertTrue(join.getTcpIpConfig().isEnabled());
    assertEquals(List.of("127.0.0.1:5801", "127.0.0.1:5802"), join.getTcpIpConfig().getMembers());
    assertFalse(join.getMulticastConfig().isEnabled());
    assertFalse(join.getAutoDetectionConfig().isEnabled());
    assertFalse(join.getAwsConfig().isEnabled() || join.getGcpConfig().isEnabled() || join.getAzureConfig().isEnabled()
        || join.getKubernetesConfig().isEnabled() || join.getEurekaConfig().isEnabled());
    assertEquals("calls-eu", config.getClusterName());
  }

  @Test
  void itNeverCallsItsVendorAndListensOnItsOwnAddressOnly() {
    assertEquals("false", config.getProperty("hazelcast.phone.home.enabled"));
    assertEquals("false", config.getProperty("hazelcast.socket.bind.any"));
    assertEquals(List.of("127.0.0.1"), List.copyOf(config.getNetworkConfig().getInterfaces().getInterfaces()));
    assertEquals(5801, config.getNetworkConfig().getPort());
    assertFalse(config.getNetworkConfig().isPortAutoIncrement());
    assertFalse(config.getNetworkConfig().getRestApiConfig().isEnabled());
    assertFalse(config.getJetConfig().isEnabled());
  }

  @Test
  void theSharedLimitsAreBoundedPerNode() {
    assertEquals(HazelcastSettings.LIMIT_KEYS_PER_NODE,
        config.getMapConfig("switchboard.limits.tokenRequests").getEvictionConfig().getSize());
  }
}
