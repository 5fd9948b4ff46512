package io.workshopmonitor.cluster;

import io.workshopmonitor.support.Devices;
import io.workshopmonitor.support.KafkaBroker;
import io.workshopmonitor.support.Mosquitto;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Broker mode with three instances in one {@code $share} group on a real Mosquitto, which hands a station's
 * messages round-robin to the group's members: the case that double counted before cluster mode, since each
 * instance kept its own counter for the station. Now every message goes through Kafka to the station's one owner.
 */
class ClusterBrokerModeIT {

    private static final int WORKSHOPS = 3;
    private static final int READINGS = 300;

    @TempDir
    Path dir;

    @Test
    void threeInstancesInOneSharedGroupCountEveryStationExactly() throws Exception {
        try (Mosquitto mosquitto = Mosquitto.startIn(Files.createDirectories(dir.resolve("mosquitto")));
             KafkaBroker kafka = KafkaBroker.startIn(dir.resolve("kafka"))) {
            ClusterHarness cluster = new ClusterHarness("shared", dir, kafka.bootstrapServers(), 3, Map.of(
                    "WM_MQTT_BROKER_URL", mosquitto.uri(), "WM_MQTT_SHARED_GROUP", "workshop-monitor"));
            try (cluster) {
                // each instance's persistent session needs a client id of its own
                cluster.envs.forEach((id, env) -> env.put("WM_MQTT_CLIENT_ID", id));
                cluster.startAll();
                cluster.configure(WORKSHOPS);
                cluster.awaitOwnership(WORKSHOPS, Duration.ofSeconds(60));

                Instant base = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(5, ChronoUnit.MINUTES);
                MqttClient device = Devices.connect(mosquitto.uri(), "shared-publisher");
                try {
                    for (int seq = 1; seq <= READINGS; seq++) {
                        for (int w = 0; w < WORKSHOPS; w++) {
                            Devices.publish(device, "industries/MDI/line-" + w + "/s/counter",
                                    Devices.counter(base.plusMillis(seq * 100L).toString(), (long) seq, seq, 0), 1);
                        }
                    }
                } finally {
                    Devices.closeQuietly(device);
                }
                Set<Long> all = new HashSet<>();
                for (long seq = 1; seq <= READINGS; seq++) {
                    all.add(seq);
                }
                awaitStored(cluster, WORKSHOPS * READINGS);
                for (int w = 0; w < WORKSHOPS; w++) {
                    cluster.assertExact(w, all);
                }
                // the broker really spread the stations' messages over the group
                for (String id : cluster.running.keySet()) {
                    String scrape = cluster.running.get(id).management.get("/metrics").body();
                    assertThat(Devices.metric(scrape, "ingest_messages_total{outcome=\"accepted\",reason=\"none\"}"))
                            .as("%s took a share of the messages", id).isPositive();
                }
            }
        }
    }

    private static void awaitStored(ClusterHarness cluster, long expected) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        long stored = 0;
        while (Instant.now().isBefore(deadline)) {
            stored = cluster.db.count("SELECT count(*) FROM counter_readings");
            if (stored >= expected) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(stored + " of " + expected + " readings stored within 60 s");
    }
}
