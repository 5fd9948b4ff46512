package io.workshopmonitor.cluster;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The instances of the cluster as their heartbeats on the change topic describe them: which workshops each
 * owns and how far behind its partitions it is. An instance silent for longer than {@link #ALIVE_FOR} is gone.
 */
public final class ClusterMembers {

    static final Duration ALIVE_FOR = Duration.ofSeconds(10);

    /** One instance's last heartbeat. */
    public record Member(String id, List<String> owned, List<Integer> partitions, long lag, Instant lastSeen) {
        JsonObject json(String self) {
            return new JsonObject().put("id", id).put("self", id.equals(self))
                    .put("owned", new JsonArray(List.copyOf(owned))).put("partitions", new JsonArray(List.copyOf(partitions)))
                    .put("lag", lag).put("lastSeen", lastSeen.toString());
        }
    }

    private final String name;
    private final String self;
    private final Clock clock;
    private final Map<String, Member> members = new ConcurrentHashMap<>();

    public ClusterMembers(String name, String self, Clock clock) {
        this.name = name;
        this.self = self;
        this.clock = clock;
    }

    void heard(Member member) {
        members.put(member.id(), member);
    }

    /** The instance stopped cleanly and said so. */
    void left(String id) {
        members.remove(id);
    }

    public List<Member> alive() {
        Instant since = clock.instant().minus(ALIVE_FOR);
        return members.values().stream().filter(m -> m.lastSeen().isAfter(since))
                .sorted(Comparator.comparing(Member::id)).toList();
    }

    /** What {@code GET /api/v1/cluster} answers. */
    public JsonObject json() {
        JsonArray instances = new JsonArray();
        alive().forEach(m -> instances.add(m.json(self)));
        return new JsonObject().put("cluster", name).put("instance", self).put("instances", instances);
    }
}
