package io.workshopmonitor.ingest;

import io.vertx.core.json.JsonObject;
import io.workshopmonitor.support.Burst;
import io.workshopmonitor.support.FullDiskPostgres;
import io.workshopmonitor.support.RunningService;
import io.workshopmonitor.support.TestDatabase;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * PostgreSQL's disk fills up under load (a real server on a tmpfs of fixed size, filled by a ballast file): it
 * still answers, but refuses to store. Nothing is acknowledged that is not committed, readiness says what is wrong
 * in PostgreSQL's own words, and once there is room again every reading sent meanwhile is stored and acknowledged
 * without a restart.
 */
class FullDiskIT {

    private static final String STATION_READINGS = "SELECT seq FROM counter_readings WHERE station = 'sew-01'";

    @TempDir
    Path dir;

    @Test
    void aFullDiskStopsAcknowledgementsSaysWhyAndRecoversOnItsOwn() throws Exception {
        FullDiskPostgres.unavailable().ifPresent(why -> Assumptions.abort("no full disk on this machine: " + why));
        Path mount = Files.createDirectories(dir.resolve("pg"));
        try (FullDiskPostgres postgres = FullDiskPostgres.start(mount, 256);
             RunningService service = RunningService.start(RunningService.env(dir.resolve("data"),
                     Map.of("WM_DATABASE_URL", postgres.url())))) {
            TestDatabase db = TestDatabase.at(postgres.url());
            service.configureWorkshop("MDI", "textiles-1", "sew-01");
            try (Burst device = new Burst(service.mqttUri(), "full-disk", "industries/MDI/textiles-1/sew-01/counter",
                    50, Instant.now().minus(Duration.ofMinutes(30)))) {
                device.send(500);
                device.awaitAllAcked(30);
                assertThat(db.longs(STATION_READINGS)).containsAll(device.acked()).hasSize(500);

                postgres.preallocateLog();
                postgres.fill();
                CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
                    try {
                        device.send(5_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });

                // PostgreSQL still answers, so only the write path can say what is wrong
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    var ready = service.management.get("/health/ready");
                    assertThat(ready.status()).isEqualTo(503);
                    JsonObject body = ready.json();
                    assertThat(body.getJsonObject("checks").getString("database")).isEqualTo("UP");
                    assertThat(body.getJsonObject("checks").getString("ingest")).isEqualTo("DOWN");
                    assertThat(body.getJsonObject("reasons").getString("ingest")).contains("No space left on device");
                });
                Set<Long> ackedWhileFull = device.acked();
                assertThat(device.sent()).as("readings waiting for the disk").isGreaterThan(ackedWhileFull.size());
                assertThat(db.longs(STATION_READINGS)).as("every acknowledged reading is committed")
                        .containsAll(ackedWhileFull);
                TimeUnit.SECONDS.sleep(3);
                assertThat(device.acked()).as("no acknowledgement while the disk is full").isEqualTo(ackedWhileFull);
                System.out.printf("disk full: %d sent, %d acknowledged, %s%n", device.sent(), ackedWhileFull.size(),
                        service.management.get("/health/ready").json().getJsonObject("reasons"));

                postgres.empty();
                sending.get(120, TimeUnit.SECONDS);
                device.awaitAllAcked(60);
                assertThat(device.acked()).hasSize(5_500);
                assertThat(db.longs(STATION_READINGS)).as("everything sent while the disk was full, stored")
                        .containsAll(device.acked()).hasSize(5_500);
                await().atMost(Duration.ofSeconds(30)).until(() -> service.management.get("/health/ready").status() == 200);
            } catch (AssertionError | RuntimeException e) {
                System.out.println("PostgreSQL's log:\n" + postgres.log());
                throw e;
            }
        }
    }
}
