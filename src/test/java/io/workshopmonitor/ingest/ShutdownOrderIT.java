package io.workshopmonitor.ingest;

import io.workshopmonitor.support.Burst;
import io.workshopmonitor.support.Ports;
import io.workshopmonitor.support.RunningService;
import io.workshopmonitor.support.ServiceProcess;
import io.workshopmonitor.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SIGTERM while a device streams QoS 1 readings: readiness turns 503 first, the endpoint stops taking messages
 * but keeps its connections, what it took is committed and acknowledged, the connections close, then the
 * database: so afterwards every acknowledged reading is stored and every stored reading was acknowledged
 * (none left for the device to send again for nothing).
 */
class ShutdownOrderIT {

    private static final String TOPIC = "industries/MDI/packing/line-1/counter";

    @TempDir
    Path dir;

    @Test
    void sigtermStopsTakingThenCommitsAndAcknowledgesWhatItTookThenClosesTheDatabase() throws Exception {
        int pgPort = Ports.free();
        Map<String, String> env = new HashMap<>(RunningService.env(dir.resolve("data"),
                Map.of("WM_DATABASE_EMBEDDED_PORT", String.valueOf(pgPort))));
        Path log = dir.resolve("service.log");
        Instant base = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(2, ChronoUnit.HOURS);
        Set<Long> acked;
        ServiceProcess service = ServiceProcess.start(env, log);
        try (Burst burst = new Burst("tcp://localhost:" + env.get("WM_MQTT_PORT"), "line-1", TOPIC, 500, base)) {
            CrashRecoveryIT.configure(service);
            Thread sender = new Thread(() -> {
                try {
                    burst.send(1_000_000);
                } catch (InterruptedException | RuntimeException stopped) {
                    // the service went away mid-stream, as it should
                }
            });
            sender.start();
            Thread.sleep(1_500);
            assertThat(burst.acked()).as("readings were flowing when SIGTERM came").isNotEmpty();
            service.close(); // SIGTERM, and waits for the process to exit
            sender.join(70_000);
            acked = new HashSet<>(burst.acked());
        }

        List<String> lines = Files.readAllLines(log);
        int ready503 = index(lines, "readiness answers 503");
        int stopTaking = index(lines, "takes no more messages");
        int committed = index(lines, "every message taken is committed and acknowledged");
        int endpointClosed = index(lines, "MQTT endpoint closed");
        int databaseClosed = index(lines, "database closed");
        assertThat(List.of(ready503, stopTaking, committed, endpointClosed, databaseClosed))
                .as("the order of the stop in the log").doesNotContain(-1).isSorted();

        ServiceProcess again = ServiceProcess.start(env, log);
        try {
            Set<Long> stored = TestDatabase.at("postgresql://postgres:postgres@localhost:" + pgPort + "/postgres")
                    .longs("SELECT seq FROM counter_readings WHERE station = 'line-1'");
            System.out.printf("SIGTERM mid-stream: %d readings acknowledged, %d stored%n", acked.size(), stored.size());
            assertThat(stored).as("every acknowledged reading is stored").containsAll(acked);
            Set<Long> unacknowledged = new HashSet<>(stored);
            unacknowledged.removeAll(acked);
            assertThat(unacknowledged).as("every reading taken was acknowledged before the connection closed").isEmpty();
        } finally {
            again.close();
        }
    }

    private static int index(List<String> lines, String text) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i;
            }
        }
        return -1;
    }
}
