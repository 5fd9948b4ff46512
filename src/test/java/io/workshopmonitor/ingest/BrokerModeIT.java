package io.workshopmonitor.ingest;

import io.workshopmonitor.support.BrokerScenario;
import io.workshopmonitor.support.Mosquitto;
import io.workshopmonitor.support.RunningService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

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
        try (Mosquitto broker = Mosquitto.startIn(Files.createDirectories(dir.resolve("broker")))) {
            BrokerScenario scenario = new BrokerScenario(broker.uri(), dir.resolve("data"), "wm-restart-test", Map.of());
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
