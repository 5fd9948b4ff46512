package io.workshopmonitor.store;

import io.workshopmonitor.support.Devices;
import io.workshopmonitor.support.RunningService;
import io.workshopmonitor.support.TestDatabase;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Testcontainers;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service on the official PostgreSQL image as deploy/compose.yaml runs it (password authentication by
 * SCRAM, a server it did not start), where a Docker engine exists. Without one Testcontainers skips the class
 * (disabledWithoutDocker); every other test runs on the embedded PostgreSQL 17.
 */
@Testcontainers(disabledWithoutDocker = true)
class PostgresContainersIT {

    @TempDir
    Path dir;

    @Test
    void readingsAreStoredAndSurviveARestartOnThePostgresImage() {
        try (GenericContainer<?> postgres = new GenericContainer<>("postgres:17")
                .withEnv(Map.of("POSTGRES_USER", "wm", "POSTGRES_PASSWORD", "wm-secret", "POSTGRES_DB", "workshop_monitor"))
                .withExposedPorts(5432)
                .waitingFor(Wait.forLogMessage(".*database system is ready to accept connections.*", 2)
                        .withStartupTimeout(Duration.ofMinutes(2)))) {
            postgres.start();
            String url = "postgresql://wm:wm-secret@" + postgres.getHost() + ":" + postgres.getMappedPort(5432) + "/workshop_monitor";
            Map<String, String> env = RunningService.env(dir, Map.of("WM_DATABASE_URL", url));
            Instant now = Instant.now();
            try (RunningService service = RunningService.start(env)) {
                service.configureWorkshop("MDI", "print-2", "press-1");
                MqttClient device = Devices.connect(service.mqttUri(), "press-gw");
                try {
                    for (int seq = 1; seq <= 10; seq++) {
                        Devices.publish(device, "industries/MDI/print-2/press-1/counter",
                                Devices.counter(now.minusSeconds(60 - seq).toString(), (long) seq, seq * 10L, 0), 1);
                    }
                } finally {
                    Devices.closeQuietly(device);
                }
            }
            try (RunningService restarted = RunningService.start(env)) {
                assertThat(TestDatabase.count(url, "SELECT count(*) FROM counter_readings")).isEqualTo(10);
                assertThat(restarted.http.get("/api/v1/workshops/MDI/print-2/kpis").json().getJsonObject("window")
                        .getLong("good")).isEqualTo(90);
            }
        }
    }
}
