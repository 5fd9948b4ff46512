package io.workshopmonitor.ingest;

import io.workshopmonitor.support.BrokerScenario;
import io.workshopmonitor.support.Mosquitto;
import io.workshopmonitor.support.RunningService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Broker mode against a real Mosquitto run by the test: persistent session, service and broker restarts. */
class BrokerModeIT {

    @TempDir
    Path dir;

    @Test
    void persistentSessionDeliversWhatArrivedWhileTheServiceWasAway() throws Exception {
        try (Mosquitto broker = Mosquitto.startIn(Files.createDirectories(dir.resolve("broker")))) {
            new BrokerScenario(broker.uri(), dir.resolve("data"), "wm-session-test", Map.of())
                    .serviceRestartKeepsEverything();
        }
    }

    @Test
    void ingestResumesAfterTheBrokerRestarts() throws Exception {
        ingestResumesAfterTheBrokerRestarts("wm-restart-test", Map.of());
    }

    /** 100 readings, the broker stopped (not ready meanwhile) and started, 50 more: all counted once. */
    private void ingestResumesAfterTheBrokerRestarts(String clientId, Map<String, String> extra) throws Exception {
        try (Mosquitto broker = Mosquitto.startIn(Files.createDirectories(dir.resolve("broker")))) {
            BrokerScenario scenario = new BrokerScenario(broker.uri(), dir.resolve("data"), clientId, extra);
            RunningService service = scenario.startService();
            try {
                scenario.publish(100);
                scenario.awaitRows(100);
                // the broker goes away: not ready meanwhile, and back by itself when the broker is
                broker.stop();
                BrokerScenario.awaitReady(service, 503);
                broker.start();
                BrokerScenario.awaitReady(service, 200);
                scenario.publish(50);
                scenario.awaitRows(150);
            } finally {
                service.close();
            }
            scenario.assertCountedOnce();
        }
    }

    @Test
    void aBrokerOverTlsIsReachedWithItsCertificateVerifiedAndOneNotVouchedForIsNot() throws Exception {
        Path brokerDir = Files.createDirectories(dir.resolve("broker"));
        // Mosquitto started as root reads its files as the mosquitto user: the test's own directory is closed to it
        Path certs = Files.createTempDirectory("wm-broker-tls",
                java.nio.file.attribute.PosixFilePermissions.asFileAttribute(java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x")));
        io.workshopmonitor.support.LabCertificate lab = io.workshopmonitor.support.LabCertificate.in(certs);
        Path cert = lab.cert();
        Path key = lab.key();
        certs.toFile().deleteOnExit(); // registered first, deleted last: after the files in it
        for (Path file : List.of(cert, key)) {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            file.toFile().deleteOnExit();
        }
        // TLS for the service on the broker's first listener; the devices publish on a plain second one
        int plain = io.workshopmonitor.support.Ports.free();
        try (Mosquitto broker = Mosquitto.startIn(brokerDir, List.of("allow_anonymous true", "certfile " + cert,
                "keyfile " + key, "listener " + plain + " 127.0.0.1"))) {
            String mqtts = broker.uri().replace("tcp://127.0.0.1", "mqtts://localhost");

            BrokerScenario untrusted = new BrokerScenario(mqtts, dir.resolve("untrusted"), "wm-untrusted", Map.of());
            RunningService refused = RunningService.start(untrusted.env());
            try {
                Thread.sleep(3_000);
                assertThat(refused.management.get("/health/ready").status())
                        .as("a broker certificate nobody vouches for is not accepted").isEqualTo(503);
            } finally {
                refused.close();
            }

            for (String protocol : List.of("3.1.1", "5")) {
                BrokerScenario scenario = new BrokerScenario(mqtts, dir.resolve("data-" + protocol), "wm-tls-" + protocol,
                        Map.of("WM_MQTT_BROKER_CA_PATH", cert.toString(), "WM_MQTT_BROKER_PROTOCOL", protocol));
                RunningService service = scenario.startService();
                try {
                    scenario.publish("tcp://127.0.0.1:" + plain, 30);
                    scenario.awaitRows(30);
                } finally {
                    service.close();
                }
                scenario.assertCountedOnce();
            }
        }
    }

    @Test
    void overMqtt5ThePersistentSessionDeliversWhatArrivedWhileTheServiceWasAway() throws Exception {
        try (Mosquitto broker = Mosquitto.startIn(Files.createDirectories(dir.resolve("broker")))) {
            new BrokerScenario(broker.uri(), dir.resolve("data"), "wm-session-5", Map.of("WM_MQTT_BROKER_PROTOCOL", "5"))
                    .serviceRestartKeepsEverything();
        }
    }

    @Test
    void overMqtt5IngestResumesAfterTheBrokerRestartsAndASharedGroupGetsEverything() throws Exception {
        ingestResumesAfterTheBrokerRestarts("wm-restart-5",
                Map.of("WM_MQTT_BROKER_PROTOCOL", "5", "WM_MQTT_SHARED_GROUP", "workshop-monitor"));
    }

    @Test
    void sharedSubscriptionGroupStillReceivesEverything() throws Exception {
        try (Mosquitto broker = Mosquitto.startIn(Files.createDirectories(dir.resolve("broker")))) {
            BrokerScenario scenario = new BrokerScenario(broker.uri(), dir.resolve("data"), "wm-shared-test",
                    Map.of("WM_MQTT_SHARED_GROUP", "workshop-monitor"));
            RunningService service = scenario.startService();
            try {
                scenario.publish(20);
                scenario.awaitRows(20);
            } finally {
                service.close();
            }
            scenario.assertCountedOnce();
        }
    }
}
