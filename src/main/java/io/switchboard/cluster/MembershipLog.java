package io.switchboard.cluster;

import com.hazelcast.cluster.InitialMembershipEvent;
import com.hazelcast.cluster.InitialMembershipListener;
import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;
import java.util.stream.Collectors;

/**
 * One INFO line when this node joins the cluster and each time a member joins or leaves, naming the members: what an
 * operator needs of Hazelcast's own logging, which is quieted to WARN (logback.xml) for all it says besides.
 */
final class MembershipLog implements InitialMembershipListener {

  private static final Logger LOG = LoggerFactory.getLogger(MembershipLog.class);

  @Override
  public void init(InitialMembershipEvent event) {
    LOG.info("In the cluster: {} members {}", event.getMembers().size(), names(event.getMembers()));
  }

  /** This node's own arrival is told by {@link #init} already. */
  @Override
  public void memberAdded(MembershipEvent event) {
    if (event.getMember().localMember()) {
      return;
    }
    LOG.info("Cluster member joined: {}; {} members {}", name(event.getMember()), event.getMembers().size(),
        names(event.getMembers()));
  }

  @Override
  public void memberRemoved(MembershipEvent event) {
    LOG.info("Cluster member left: {}; {} members {}", name(event.getMember()), event.getMembers().size(),
        names(event.getMembers()));
  }

  private static String names(Set<Member> members) {
    return members.stream().map(MembershipLog::name).collect(Collectors.joining(", ", "[", "]"));
  }

  /** Its address, which the operator configured, and its id, which /health's members list shows. */
  private static String name(Member member) {
    return member.getAddress().getHost() + ":" + member.getAddress().getPort() + " (" + member.getUuid()
        + (member.localMember() ? ", this node)" : ")");
  }
}
