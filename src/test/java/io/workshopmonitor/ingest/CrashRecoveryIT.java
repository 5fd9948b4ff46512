package io.workshopmonitor.ingest;

import io.workshopmonitor.support.Burst;
import io.workshopmonitor.support.Devices;
import io.workshopmonitor.support.Ports;
import io.workshopmonitor.support.RunningService;
import io.workshopmonitor.support.ServiceProcess;
import io.workshopmonitor.support.TestDatabase;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service with its embedded defaults runs in a child JVM and is killed with SIGKILL straight after
 * (and during) bursts of QoS 1 publishes; restarted on the same data directory, it has every reading it
 * acknowledged, and counting carries on from where it stopped.
 */
class CrashRecoveryIT {

    private static final String TOPIC = "industries/MDI/packing/line-1/counter";

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedReadingSurvivesKillNine() throws Exception {
        int pgPort = Ports.free();
        Map<String, String> env = new HashMap<>(RunningService.env(dir.resolve("data"),
                Map.of("WM_DATABASE_EMBEDDED_PORT", String.valueOf(pgPort))));
        Path log = dir.resolve("service.log");
        Instant base = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(2, ChronoUnit.HOURS);
        String mqtt = "tcp://localhost:" + env.get("WM_MQTT_PORT");
        TestDatabase db = TestDatabase.at("postgresql://postgres:postgres@localhost:" + pgPort + "/postgres");

        Set<Long> acked;
        long sent;
        ServiceProcess service = ServiceProcess.start(env, log);
        try (Burst burst = new Burst(mqtt, "line-1", TOPIC, 500, base)) {
            configure(service);
            burst.send(3000);
            burst.awaitAllAcked(60);
            assertThat(burst.acked()).hasSize(3000);
            // a second burst is still in flight when the process dies
            burst.send(2000);
            service.kill();
            acked = burst.acked();
            sent = burst.sent();
        } finally {
            service.close();
        }
        assertThat(acked.size()).isGreaterThanOrEqualTo(3000);

        service = ServiceProcess.start(env, log);
        try {
            Set<Long> stored = db.longs("SELECT seq FROM counter_readings WHERE station = 'line-1'");
            assertThat(stored).containsAll(acked);
            assertThat(stored.size()).isLessThanOrEqualTo((int) sent);

            // counting resumes from the last stored reading, not from a new baseline
            long last = stored.stream().mapToLong(Long::longValue).max().orElseThrow();
            MqttClient device = Devices.connect(mqtt, "line-1-after");
            try {
                Devices.publish(device, TOPIC, Devices.counter(base.plusMillis((last + 1) * 10).toString(), last + 1,
                        last + 5, 0), 1);
            } finally {
                Devices.closeQuietly(device);
            }
            assertThat(db.count("SELECT good_delta FROM counter_readings WHERE station = 'line-1' AND seq = " + (last + 1)))
                    .isEqualTo(5);
            assertThat(db.count("SELECT count(*) FROM counter_readings WHERE station = 'line-1' AND outcome = 'BASELINE'"))
                    .isEqualTo(1);
        } finally {
            service.close();
        }
    }

    /** The one-station packing workshop the kill and stop tests stream to. */
    static void configure(ServiceProcess service) {
        String body = """
                {"name": "Packing", "kind": "contract-packing",
                 "stations": [{"id": "line-1", "name": "Line 1", "idealCycleSeconds": 1}],
                 "schedule": {"timezone": "Europe/London", "sessions": []}}""";
        assertThat(service.http.put("/api/v1/workshops/MDI/packing", body).status()).isEqualTo(201);
    }
}
