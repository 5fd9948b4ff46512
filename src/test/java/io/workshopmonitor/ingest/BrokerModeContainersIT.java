package io.workshopmonitor.ingest;

import io.workshopmonitor.support.BrokerScenario;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Testcontainers;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The broker-mode scenario against broker images, where a Docker engine exists. Without one the class is
 * skipped by Testcontainers (disabledWithoutDocker) and {@link BrokerModeIT} covers Mosquitto locally.
 */
@Testcontainers(disabledWithoutDocker = true)
class BrokerModeContainersIT {

    @TempDir
    Path dir;

    @Test
    void persistentSessionWithMosquittoContainer() {
        try (GenericContainer<?> broker = new GenericContainer<>("eclipse-mosquitto:2.0")
                .withCommand("mosquitto", "-c", "/mosquitto-no-auth.conf")
                .withExposedPorts(1883)
                .waitingFor(Wait.forListeningPort())) {
            broker.start();
            new BrokerScenario("tcp://" + broker.getHost() + ":" + broker.getMappedPort(1883), dir, "wm-mosquitto-tc", Map.of())
                    .serviceRestartKeepsEverything();
        }
    }

    @Test
    void persistentSessionWithEmqxContainer() {
        try (GenericContainer<?> broker = new GenericContainer<>("emqx/emqx:5.8")
                .withExposedPorts(1883)
                .waitingFor(Wait.forListeningPort().withStartupTimeout(Duration.ofMinutes(2)))) {
            broker.start();
            new BrokerScenario("tcp://" + broker.getHost() + ":" + broker.getMappedPort(1883), dir, "wm-emqx-tc", Map.of())
                    .serviceRestartKeepsEverything();
        }
    }
}
