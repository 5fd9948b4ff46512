package io.workshopmonitor.store;

import io.workshopmonitor.support.Devices;
import io.workshopmonitor.support.Ports;
import io.workshopmonitor.support.RunningService;
import io.workshopmonitor.support.ServiceProcess;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One data directory, one service: a second start on a directory a running service holds refuses at once
 * with one line and leaves the running service and its PostgreSQL alone; once the first has stopped, the
 * directory is free again.
 */
class DataDirectoryLockIT {

    @TempDir
    Path dir;

    @Test
    void aSecondStartOnADataDirectoryInUseRefusesAtOnceAndLeavesTheFirstRunning() throws Exception {
        Path data = dir.resolve("data");
        Map<String, String> first = new HashMap<>(RunningService.env(data,
                Map.of("WM_DATABASE_EMBEDDED_PORT", String.valueOf(Ports.free()))));
        Map<String, String> second = new HashMap<>(RunningService.env(data,
                Map.of("WM_DATABASE_EMBEDDED_PORT", String.valueOf(Ports.free()))));
        Path secondLog = dir.resolve("second.log");
        try (ServiceProcess running = ServiceProcess.start(first, dir.resolve("first.log"))) {
            long started = System.nanoTime();
            Process refused = ServiceProcess.launch(second, secondLog);
            assertThat(refused.waitFor(60, TimeUnit.SECONDS)).as("the second start gives up by itself").isTrue();
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
            String log = Files.readString(secondLog);
            assertThat(refused.exitValue()).as(log).isNotZero();
            assertThat(log).contains("is in use by a running Workshop Monitor (pid ")
                    .doesNotContain("left running by an earlier run").doesNotContain("\tat ");
            System.out.printf("second start refused after %d s: %s%n", seconds,
                    log.lines().filter(l -> l.contains("in use")).findFirst().orElse(""));

            // the first carries on: ready, and it takes and acknowledges readings
            assertThat(running.management.get("/health/ready").status()).isEqualTo(200);
            MqttClient device = Devices.connect("tcp://localhost:" + first.get("WM_MQTT_PORT"), "after-refusal");
            try {
                Devices.publish(device, "industries/MDI/packing/line-1/counter",
                        Devices.counter(Instant.now().minusSeconds(5).toString(), 1L, 3, 0), 1);
            } finally {
                Devices.closeQuietly(device);
            }
            assertThat(running.management.get("/health/ready").status()).isEqualTo(200);

            // and PostgreSQL's own log is kept beside its data, where an operator finds its checkpoints
            assertThat(postgresLog(data)).contains("database system is ready to accept connections");
        }
        // stopped, the directory is free: the second starts on it
        try (ServiceProcess after = ServiceProcess.start(second, secondLog)) {
            assertThat(after.management.get("/health/ready").status()).isEqualTo(200);
        }
    }

    private static String postgresLog(Path data) throws java.io.IOException {
        StringBuilder all = new StringBuilder();
        try (var files = Files.list(data.resolve("postgres").resolve("log"))) {
            for (Path file : files.toList()) {
                all.append(Files.readString(file));
            }
        }
        return all.toString();
    }
}
