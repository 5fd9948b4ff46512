package io.workshopmonitor.ingest;

import io.workshopmonitor.support.Devices;
import io.workshopmonitor.support.Mosquitto;
import io.workshopmonitor.support.RunningService;
import io.workshopmonitor.support.TestDatabase;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import static io.workshopmonitor.support.Devices.counter;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Broker mode against a real Mosquitto: persistent session, restart of the service, restart of the broker. */
class BrokerModeTest {

    private static final String TOPIC = "industries/MDI/laundry/washer-1/counter";
    private static final Instant START = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(1, ChronoUnit.HOURS);

    @TempDir
    Path dir;

    private int seq;

    private void publish(String brokerUri, int count) {
        MqttClient device = Devices.connect(brokerUri, "washer-1-device");
        try {
            for (int i = 0; i < count; i++) {
                seq++;
                Devices.publish(device, TOPIC, counter(START.plusSeconds(seq).toString(), (long) seq, seq * 2L, 0), 1);
            }
        } finally {
            Devices.closeQuietly(device);
        }
    }

    private static void awaitRows(TestDatabase db, long rows) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> db.count("SELECT count(*) FROM counter_readings WHERE station = 'washer-1'") == rows);
    }

    private static void awaitReady(RunningService service, int status) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> service.management.get("/health/ready").status() == status);
    }

    @Test
    void ingestSurvivesServiceAndBrokerRestartsWithoutLosingAMessage() throws Exception {
        Path brokerDir = Files.createDirectories(dir.resolve("broker"));
        TestDatabase db = TestDatabase.create();
        try (Mosquitto broker = Mosquitto.startIn(brokerDir)) {
            Map<String, String> env = RunningService.env(dir.resolve("data"), Map.of(
                    "WM_DATABASE_URL", db.url(),
                    "WM_MQTT_BROKER_URL", broker.uri(),
                    "WM_MQTT_CLIENT_ID", "wm-broker-test",
                    "WM_MQTT_RECONNECT_MAX_SECONDS", "2"));
            RunningService service = RunningService.start(env);
            try {
                service.configureWorkshop("MDI", "laundry", "washer-1");
                awaitReady(service, 200);
                publish(broker.uri(), 100);
                awaitRows(db, 100);
            } finally {
                service.close();
            }

            // While the service is away the broker keeps its persistent session's messages.
            publish(broker.uri(), 50);
            service = RunningService.start(env);
            try {
                awaitRows(db, 150);

                // The broker goes away: the service says it is not ready, and reconnects when it is back.
                broker.stop();
                awaitReady(service, 503);
                broker.start();
                awaitReady(service, 200);
                publish(broker.uri(), 50);
                awaitRows(db, 200);
            } finally {
                service.close();
            }
        }
        // Every message counted once: 199 differences of 2 after the baseline.
        assertThat(db.count("SELECT sum(good_delta) FROM counter_readings WHERE station = 'washer-1'")).isEqualTo(398);
        assertThat(db.count("SELECT count(DISTINCT seq) FROM counter_readings WHERE station = 'washer-1'")).isEqualTo(200);
    }

    @Test
    void sharedSubscriptionGroupStillReceivesEverything() throws Exception {
        TestDatabase db = TestDatabase.create();
        try (Mosquitto broker = Mosquitto.startIn(Files.createDirectories(dir.resolve("broker")))) {
            RunningService service = RunningService.start(RunningService.env(dir.resolve("data"), Map.of(
                    "WM_DATABASE_URL", db.url(),
                    "WM_MQTT_BROKER_URL", broker.uri(),
                    "WM_MQTT_CLIENT_ID", "wm-shared-test",
                    "WM_MQTT_SHARED_GROUP", "workshop-monitor")));
            try {
                service.configureWorkshop("MDI", "laundry", "washer-1");
                awaitReady(service, 200);
                publish(broker.uri(), 20);
                awaitRows(db, 20);
            } finally {
                service.close();
            }
        }
    }
}
