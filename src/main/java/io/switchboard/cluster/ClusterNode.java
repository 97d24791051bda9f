package io.switchboard.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.util.Optional;

/** This server as one node of a cluster: its Hazelcast member, and what {@code /health} says of the cluster. */
public final class ClusterNode {

  private final HazelcastClusterManager manager;

  private ClusterNode(HazelcastClusterManager manager) {
    this.manager = manager;
  }

  /**
   * The node of a Vert.x instance that {@link io.switchboard.ServerVertx#start} clustered; empty for one process.
   * Vert.x gives its cluster manager through its internal interface only.
   */
  public static Optional<ClusterNode> of(Vertx vertx) {
    return vertx.isClustered() && ((VertxInternal) vertx).clusterManager() instanceof HazelcastClusterManager hazelcast
        ? Optional.of(new ClusterNode(hazelcast)) : Optional.empty();
  }

  HazelcastInstance hazelcast() {
    return manager.getHazelcastInstance();
  }

  /**
   * {@code {enabled, nodeId, state, members: [{id, address, self}]}}: ids are Hazelcast's member ids, this node's
   * among them; {@code state} is Hazelcast's cluster state (ACTIVE when members may join and data moves), or STOPPED
   * once this node has left.
   */
  public JsonObject report() {
    JsonObject report = new JsonObject().put("enabled", true);
    HazelcastInstance hazelcast = manager.getHazelcastInstance();
    try {
      if (manager.isActive() && hazelcast.getLifecycleService().isRunning()) {
        JsonArray members = new JsonArray();
        for (Member member : hazelcast.getCluster().getMembers()) {
          members.add(new JsonObject()
              .put("id", member.getUuid().toString())
              .put("address", member.getAddress().getHost() + ":" + member.getAddress().getPort())
              .put("self", member.localMember()));
        }
        return report.put("nodeId", hazelcast.getCluster().getLocalMember().getUuid().toString())
            .put("state", hazelcast.getCluster().getClusterState().name()).put("members", members);
      }
    } catch (RuntimeException stoppedMeanwhile) {
      // Left the cluster between the check and the questions: reported as stopped.
    }
    return report.put("nodeId", manager.getNodeId()).put("state", "STOPPED").put("members", new JsonArray());
  }

  /** What {@code /health} says of one process. */
  public static JsonObject notClustered() {
    return new JsonObject().put("enabled", false);
  }
}
