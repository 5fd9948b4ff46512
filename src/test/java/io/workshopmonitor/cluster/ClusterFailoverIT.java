package io.workshopmonitor.cluster;

import io.vertx.core.json.JsonObject;
import io.workshopmonitor.support.FeedClient;
import io.workshopmonitor.support.KafkaBroker;
import io.workshopmonitor.support.RoamingDevice;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cluster mode end to end: a real Kafka broker (KRaft, child JVM), a real PostgreSQL, and three service instances
 * as child JVMs, with devices that publish QoS 1 readings to any instance and move to another when theirs goes.
 * Whatever happens to an instance or to Kafka, every acknowledged reading is stored and counted exactly once.
 */
class ClusterFailoverIT {

    private static final int WORKSHOPS = 6;
    private static final int PER_SECOND = 20;

    @TempDir
    static Path shared;
    private static KafkaBroker kafka;

    @TempDir
    Path dir;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = KafkaBroker.startIn(shared.resolve("kafka"));
    }

    @AfterAll
    static void stopKafka() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void killNineOfAnOwnerUnderLoadLosesNothingCountsNothingTwiceAndItsWorkshopsMoveWithin15Seconds() throws Exception {
        try (ClusterHarness cluster = new ClusterHarness("failover", dir, kafka.bootstrapServers(), 3, Map.of())) {
            cluster.startAll();
            cluster.configure(WORKSHOPS);
            Map<String, Set<String>> owners = cluster.awaitOwnership(WORKSHOPS, Duration.ofSeconds(60));
            String victim = owners.entrySet().stream().max((a, b) -> a.getValue().size() - b.getValue().size())
                    .orElseThrow().getKey();
            Set<String> moved = owners.get(victim);
            String survivor = cluster.running.keySet().stream().filter(id -> !id.equals(victim)).findFirst().orElseThrow();
            oneIdentityAndChangesReachTheOwner(cluster, owners);
            List<RoamingDevice> devices = devices(cluster);
            try (FeedClient feed = cluster.feed(survivor)) {
                feed.send("{\"subscribe\": [\"MDI/*\"]}");
                Thread.sleep(6_000);

                Instant killed = Instant.now();
                cluster.kill(victim);
                // the victim's workshops are owned by the others: from then on no figure of theirs comes from it
                awaitMovedTo(cluster, survivor, victim, moved, Duration.ofSeconds(30));
                Map<String, Long> before = new HashMap<>();
                for (String key : moved) {
                    before.put(key, cluster.http(survivor).get("/api/v1/workshops/" + key + "/kpis").json()
                            .getJsonObject("window").getLong("good"));
                }
                Set<String> waiting = new HashSet<>(moved);
                while (!waiting.isEmpty()) {
                    JsonObject kpi = feed.next(m -> "kpi".equals(m.getString("type")) && waiting.contains(m.getString("workshop"))
                            && m.getJsonObject("window").getLong("good") > before.get(m.getString("workshop")),
                            Duration.ofSeconds(30));
                    waiting.remove(kpi.getString("workshop"));
                }
                Duration failover = Duration.between(killed, Instant.now());
                System.out.println("failover: the moved workshops updated again on " + survivor + " " + failover.toMillis()
                        + " ms after kill -9 of " + victim);
                assertThat(failover).as("moved workshops live again").isLessThanOrEqualTo(Duration.ofSeconds(15));
            }
            settleAndCheck(cluster, devices);
            assertThat(devices.stream().mapToInt(RoamingDevice::reconnects).sum()).as("devices moved off the dead instance")
                    .isPositive();
            // the dead instance leaves the list once it has been silent for ClusterMembers.ALIVE_FOR
            Instant deadline = Instant.now().plus(ClusterMembers.ALIVE_FOR.plusSeconds(10));
            while (ClusterHarness.owners(cluster.http(survivor)).containsKey(victim) && Instant.now().isBefore(deadline)) {
                Thread.sleep(200);
            }
            assertThat(ClusterHarness.owners(cluster.http(survivor)).keySet()).doesNotContain(victim);
        }
    }

    /** Waits until every workshop the victim owned is owned by one of the instances still running. */
    private static void awaitMovedTo(ClusterHarness cluster, String survivor, String victim, Set<String> moved,
                                     Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            Set<String> ownedByLiving = new HashSet<>();
            ClusterHarness.owners(cluster.http(survivor)).forEach((id, owned) -> {
                if (!id.equals(victim)) {
                    ownedByLiving.addAll(owned);
                }
            });
            if (ownedByLiving.containsAll(moved)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(moved + " not owned by the instances left within " + timeout);
    }

    @Test
    void rollingRestartOfEveryInstanceUnderLoadLosesNothingAndCountsNothingTwice() throws Exception {
        try (ClusterHarness cluster = new ClusterHarness("rolling", dir, kafka.bootstrapServers(), 3, Map.of())) {
            List<RoamingDevice> devices = startUnderLoad(cluster);
            for (String id : List.copyOf(cluster.envs.keySet())) {
                cluster.stop(id);
                Thread.sleep(2_000);
                cluster.start(id);
                cluster.awaitOwnership(WORKSHOPS, Duration.ofSeconds(60));
            }
            settleAndCheck(cluster, devices);
        }
    }

    @Test
    void kafkaStoppedUnderLoadMeansNoAcknowledgementAndNotReadyThenRecoveryOnItsOwn() throws Exception {
        try (ClusterHarness cluster = new ClusterHarness("outage", dir, kafka.bootstrapServers(), 3, Map.of())) {
            List<RoamingDevice> devices = startUnderLoad(cluster);

            kafka.stop();
            try {
                for (String id : cluster.running.keySet()) {
                    awaitReady(cluster, id, 503, Duration.ofSeconds(20));
                }
                int ackedWhileDown = acked(devices);
                Thread.sleep(8_000);
                assertThat(acked(devices)).as("nothing acknowledged while Kafka is down").isEqualTo(ackedWhileDown);
            } finally {
                kafka.start();
            }
            for (String id : cluster.running.keySet()) {
                awaitReady(cluster, id, 200, Duration.ofSeconds(60));
            }
            settleAndCheck(cluster, devices);
        }
    }

    /**
     * A token from one instance works on another, and a change made on an instance that does not own the workshop
     * reaches its owner's live figures at once.
     */
    private static void oneIdentityAndChangesReachTheOwner(ClusterHarness cluster, Map<String, Set<String>> owners)
            throws InterruptedException {
        List<String> ids = List.copyOf(cluster.running.keySet());
        String tokenOfFirst = io.workshopmonitor.support.RunningService.adminToken(cluster.envs.get(ids.get(0)));
        assertThat(cluster.http(ids.get(1)).as(tokenOfFirst).get("/api/v1/cluster").status()).isEqualTo(200);

        String owner = ids.stream().filter(id -> owners.get(id).contains("MDI/line-0")).findFirst().orElseThrow();
        String other = ids.stream().filter(id -> !id.equals(owner)).findFirst().orElseThrow();
        String body = new JsonObject().put("name", "Line 0").put("kind", "contract-packing")
                .put("stations", new io.vertx.core.json.JsonArray()
                        .add(new JsonObject().put("id", "s").put("name", "S").put("idealCycleSeconds", 1))
                        .add(new JsonObject().put("id", "t").put("name", "T").put("idealCycleSeconds", 1)))
                .put("schedule", new JsonObject().put("timezone", "Europe/London")
                        .put("sessions", new io.vertx.core.json.JsonArray())).encode();
        assertThat(cluster.http(other).put("/api/v1/workshops/MDI/line-0", body).status()).isEqualTo(200);
        Instant changed = Instant.now();
        while (!cluster.http(owner).get("/api/v1/workshops/MDI/line-0/kpis").body().contains("\"id\":\"t\"")) {
            assertThat(Duration.between(changed, Instant.now())).as("the owner took the change").isLessThan(Duration.ofSeconds(10));
            Thread.sleep(20);
        }
        System.out.println("config change: made on " + other + ", in the owner " + owner + "'s figures after "
                + Duration.between(changed, Instant.now()).toMillis() + " ms");

        // device credentials issued on one instance sign in on another, and a revocation anywhere drops them
        JsonObject issued = cluster.http(ids.get(0)).post("/api/v1/workshops/MDI/line-1/devices", "{\"id\": \"tablet-1\"}")
                .json();
        org.eclipse.paho.client.mqttv3.MqttClient tablet;
        try {
            tablet = io.workshopmonitor.support.Devices.connectAs("tcp://localhost:" + cluster.envs.get(ids.get(1))
                    .get("WM_MQTT_PORT"), "tablet-1", issued.getString("username"), issued.getString("password"));
        } catch (org.eclipse.paho.client.mqttv3.MqttException e) {
            throw new AssertionError("credentials from " + ids.get(0) + " refused by " + ids.get(1), e);
        }
        assertThat(cluster.http(ids.get(2)).delete("/api/v1/workshops/MDI/line-1/devices/tablet-1").status()).isEqualTo(204);
        Instant revoked = Instant.now();
        while (tablet.isConnected()) {
            assertThat(Duration.between(revoked, Instant.now())).as("revoked on " + ids.get(2) + ", dropped on " + ids.get(1))
                    .isLessThan(Duration.ofSeconds(10));
            Thread.sleep(20);
        }
        io.workshopmonitor.support.Devices.closeQuietly(tablet);
    }

    /** One device per workshop, spread over the instances, each moving to the next instance when its own goes. */
    static List<RoamingDevice> devices(ClusterHarness cluster) {
        Instant base = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(2, ChronoUnit.MINUTES);
        List<RoamingDevice> devices = new ArrayList<>();
        for (int w = 0; w < WORKSHOPS; w++) {
            devices.add(new RoamingDevice(cluster.mqttUris(), w, cluster.name + "-device-" + w,
                    "industries/MDI/line-" + w + "/s/counter", base, PER_SECOND));
        }
        return devices;
    }

    /** Every instance up, the workshops configured and owned, and a device per workshop publishing for 3 s. */
    private static List<RoamingDevice> startUnderLoad(ClusterHarness cluster) throws Exception {
        cluster.startAll();
        cluster.configure(WORKSHOPS);
        cluster.awaitOwnership(WORKSHOPS, Duration.ofSeconds(60));
        List<RoamingDevice> devices = devices(cluster);
        Thread.sleep(3_000);
        return devices;
    }

    /** After 3 s more of load: everything sent acknowledged, then each workshop checked exact. */
    private static void settleAndCheck(ClusterHarness cluster, List<RoamingDevice> devices) throws InterruptedException {
        Thread.sleep(3_000);
        settle(devices);
        for (int w = 0; w < WORKSHOPS; w++) {
            cluster.assertExact(w, devices.get(w).acked());
        }
    }

    /** Stops new readings and waits until everything sent is acknowledged. */
    static void settle(List<RoamingDevice> devices) throws InterruptedException {
        devices.forEach(RoamingDevice::pause);
        for (RoamingDevice device : devices) {
            device.awaitAllAcked(120);
        }
        for (RoamingDevice device : devices) {
            device.close();
        }
    }

    private static int acked(List<RoamingDevice> devices) {
        return devices.stream().mapToInt(d -> d.acked().size()).sum();
    }

    private static void awaitReady(ClusterHarness cluster, String id, int status, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        int seen = -1;
        while (Instant.now().isBefore(deadline)) {
            try {
                seen = cluster.running.get(id).management.get("/health/ready").status();
            } catch (RuntimeException e) {
                seen = -1;
            }
            if (seen == status) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(id + " readiness " + seen + ", expected " + status + " within " + timeout);
    }
}
