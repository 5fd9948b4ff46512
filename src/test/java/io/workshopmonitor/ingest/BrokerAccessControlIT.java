package io.workshopmonitor.ingest;

import io.workshopmonitor.support.Devices;
import io.workshopmonitor.support.Mosquitto;
import io.workshopmonitor.support.RunningService;
import io.workshopmonitor.support.TestDatabase;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/**
 * Broker mode with the README's Mosquitto password and ACL files (docs/mosquitto), against a real Mosquitto:
 * anonymous devices are refused, a device's own workshop gets through, another workshop's topic does not.
 */
class BrokerAccessControlIT {

    @TempDir
    Path dir;

    @Test
    void documentedPasswordAndAclFilesKeepEachDeviceToItsWorkshop() throws Exception {
        Path broker = Files.createDirectories(dir.resolve("broker"));
        Files.copy(Path.of("docs", "mosquitto", "workshop-monitor.acl"), broker.resolve("acl"));
        Path passwd = broker.resolve("passwd");
        passwd(passwd, "workshop-monitor", "service-secret", true);
        passwd(passwd, "MDI/textiles-1/tablet-1", "tablet-secret", false);
        // "user root": run as root (as CI does), Mosquitto would otherwise switch to its own user, which cannot
        // read files in the test's private temporary directory
        try (Mosquitto mosquitto = Mosquitto.startIn(broker, List.of("user root", "allow_anonymous false",
                "password_file " + passwd, "acl_file " + broker.resolve("acl")))) {
            try (RunningService service = RunningService.start(RunningService.env(dir.resolve("service"), Map.of(
                    "WM_DATABASE_URL", TestDatabase.create().url(), "WM_MQTT_BROKER_URL", mosquitto.uri(),
                    "WM_MQTT_USERNAME", "workshop-monitor", "WM_MQTT_PASSWORD", "service-secret",
                    "WM_MQTT_CLIENT_ID", "wm-acl-test")))) {
                service.configureWorkshop("MDI", "textiles-1", "sew-01");
                service.configureWorkshop("MDI", "print-2", "press-1");

                MqttException anonymous = catchThrowableOfType(MqttException.class, () -> connect(mosquitto, null, null));
                assertThat(anonymous.getReasonCode()).isEqualTo(MqttException.REASON_CODE_NOT_AUTHORIZED);

                MqttClient tablet = connect(mosquitto, "MDI/textiles-1/tablet-1", "tablet-secret");
                try {
                    Devices.publish(tablet, "industries/MDI/textiles-1/sew-01/counter", counter(1, 10), 1);
                    Devices.publish(tablet, "industries/MDI/print-2/press-1/counter", counter(2, 20), 1);   // denied
                    Devices.publish(tablet, "industries/MDI/textiles-1/sew-01/counter", counter(3, 30), 1);
                } finally {
                    Devices.closeQuietly(tablet);
                }
                // the broker keeps one publisher's messages in order: once the third is in, the second would be too
                // waits for at least two, then says how many: one that slipped past the ACL must fail here, by name
                await().atMost(Duration.ofSeconds(20)).until(() -> accepted(service) >= 2);
                Thread.sleep(500);
                assertThat(accepted(service)).as("readings accepted: the denied one must not be among them").isEqualTo(2);
                assertThat(Devices.metric(service.management.get("/metrics").body(),
                        "ingest_messages_total{outcome=\"rejected\",reason=\"unknown_station\"}")).isZero();
                assertThat(service.http.get("/api/v1/workshops/MDI/print-2/kpis").json().getJsonArray("stations")
                        .getJsonObject(0).getString("lastSeen")).as("nothing reached Print 2").isNull();
            }
        }
    }

    private static double accepted(RunningService service) {
        return Devices.metric(service.management.get("/metrics").body(), "ingest_messages_total{outcome=\"accepted\",reason=\"none\"}");
    }

    private static String counter(long seq, long good) {
        return Devices.counter(Instant.now().minusSeconds(60).toString(), seq, good, 0);
    }

    private static void passwd(Path file, String user, String password, boolean create) throws Exception {
        List<String> command = create ? List.of("mosquitto_passwd", "-c", "-b", file.toString(), user, password)
                : List.of("mosquitto_passwd", "-b", file.toString(), user, password);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).as("mosquitto_passwd: %s", output).isZero();
    }

    private static MqttClient connect(Mosquitto mosquitto, String user, String password) throws MqttException {
        return Devices.connectAs(mosquitto.uri(), "device-" + System.nanoTime(), user, password);
    }
}
