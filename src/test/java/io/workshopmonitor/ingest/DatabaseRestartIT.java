package io.workshopmonitor.ingest;

import io.workshopmonitor.support.Burst;
import io.workshopmonitor.support.Ports;
import io.workshopmonitor.support.RunningService;
import io.workshopmonitor.support.TestDatabase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * PostgreSQL stops and starts again while devices publish: the service acknowledges nothing while it
 * cannot store, loses nothing it acknowledged, and catches up by itself.
 */
class DatabaseRestartIT {

    @TempDir
    Path dir;

    private EmbeddedPostgres startPostgres(int port) throws Exception {
        return EmbeddedPostgres.builder().setDataDirectory(dir.resolve("pg")).setCleanDataDirectory(false)
                .setPort(port).start();
    }

    @Test
    void databaseRestartUnderLoadLosesNothingAcknowledged() throws Exception {
        int pgPort = Ports.free();
        EmbeddedPostgres postgres = startPostgres(pgPort);
        String url = "postgresql://postgres:postgres@localhost:" + pgPort + "/postgres";
        TestDatabase db = TestDatabase.at(url);
        RunningService service = RunningService.start(RunningService.env(dir.resolve("data"),
                Map.of("WM_DATABASE_URL", url)));
        try (Burst burst = new Burst(service.mqttUri(), "press-1", "industries/LPI/print/press-1/counter", 200,
                Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(1, ChronoUnit.HOURS))) {
            service.configureWorkshop("LPI", "print", "press-1");
            CompletableFuture<Void> publishing = CompletableFuture.runAsync(() -> {
                try {
                    for (int i = 0; i < 40; i++) {
                        burst.send(100);
                        Thread.sleep(50);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            await().atMost(Duration.ofSeconds(30)).until(() -> burst.acked().size() >= 500);

            postgres.close();
            // give batches committed just before the stop time to be acknowledged
            Thread.sleep(1000);
            int ackedWhenDown = burst.acked().size();
            Thread.sleep(3000);
            assertThat(burst.acked()).as("nothing is acknowledged while the database is down").hasSize(ackedWhenDown);
            assertThat(service.management.get("/health/ready").status()).isEqualTo(503);

            postgres = startPostgres(pgPort);
            publishing.get();
            burst.awaitAllAcked(60);
            assertThat(burst.acked()).hasSize(4000);
            Set<Long> stored = db.longs("SELECT seq FROM counter_readings WHERE station = 'press-1'");
            assertThat(stored).hasSize(4000).containsAll(burst.acked());
            // 3999 increments of 1 after the baseline, none counted twice by the retries
            assertThat(db.count("SELECT sum(good_delta) FROM counter_readings WHERE station = 'press-1'")).isEqualTo(3999);
            // the per-minute roll-up was added to exactly once per stored reading, retries and all
            assertThat(db.count("SELECT sum(good) FROM workshop_minutes WHERE workshop = 'print'")).isEqualTo(3999);
            await().atMost(Duration.ofSeconds(30)).until(() -> service.management.get("/health/ready").status() == 200);
        } finally {
            service.close();
            postgres.close();
        }
    }
}
