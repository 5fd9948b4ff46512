package io.workshopmonitor.store;

import io.vertx.sqlclient.Pool;
import io.workshopmonitor.config.AppConfig;
import io.workshopmonitor.support.Devices;
import io.workshopmonitor.support.RunningService;
import io.workshopmonitor.support.StoreUnderTest;
import io.workshopmonitor.support.TestDatabase;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Retention on a real PostgreSQL, with the service running and taking readings: whole months past their
 * retention go, the month being written and anything younger stay, what strayed into the DEFAULT partition is
 * trimmed or moved into its month, a drop that cannot get its lock gives up quickly instead of holding up
 * ingest, and the small tables lose only their expired rows. And what keeps a month's partition quick to read:
 * a station's units come from the index alone, and every partition is vacuumed often enough for that to hold.
 */
class RetentionIT {

    @TempDir
    static Path dir;
    private static RunningService service;
    private static TestDatabase db;
    private static Pool pool;
    private static StoreUnderTest store;

    @BeforeAll
    static void start() {
        store = StoreUnderTest.start(dir);
        db = store.db;
        service = store.service;
        pool = store.pool;
        service.configureWorkshop("MDI", "textiles-1", "sew-01");
    }

    @AfterAll
    static void stop() {
        store.close();
    }

    private static Retention retention(int readingsDays, int minutesDays) {
        return new Retention(pool, new AppConfig.RetentionConfig(readingsDays, minutesDays, 30, 30, 365));
    }

    private static <T> T await(io.vertx.core.Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    private static void reading(String ts, long seq) {
        db.execute("INSERT INTO counter_readings (id, prison, workshop, station, ts, seq, good, reject, good_delta,"
                + " reject_delta, product, outcome, received_at) VALUES (gen_random_uuid(), 'MDI', 'textiles-1', 'sew-01', '"
                + ts + "', " + seq + ", " + seq + ", 0, 1, 0, NULL, 'COUNTED', now())");
    }

    private static String month(Instant at) {
        YearMonth m = YearMonth.from(at.atOffset(ZoneOffset.UTC));
        return String.format("counter_readings_y%04dm%02d", m.getYear(), m.getMonthValue());
    }

    @Test
    void expiredMonthsAreDroppedWholeAndTheMonthBeingWrittenStays() throws Exception {
        db.execute("SELECT wm_ensure_monthly_partitions('counter_readings', 'ts', date '2024-01-01', date '2024-03-01')");
        reading("2024-01-15T10:00:00Z", 1);
        reading("2024-03-31T23:59:59Z", 2);
        reading("2023-06-01T08:00:00Z", 3); // no month of its own: in the DEFAULT partition
        Instant now = Instant.now();
        reading(now.minusSeconds(60).toString(), 4);
        db.execute("INSERT INTO dead_letters (received_at, topic, reason, detail, payload) VALUES"
                + " (now() - interval '40 days', 't', 'payload_invalid', 'old', 'x'), (now(), 't', 'payload_invalid', 'new', 'y')");

        Retention.Report report = await(retention(400, 3660).run(now));

        assertThat(report.dropped()).contains("counter_readings_y2024m01", "counter_readings_y2024m02", "counter_readings_y2024m03")
                .doesNotContain(month(now));
        assertThat(await(retention(400, 3660).partitions("counter_readings"))).contains(month(now), "counter_readings_default")
                .doesNotContain("counter_readings_y2024m01");
        assertThat(db.longs("SELECT seq FROM counter_readings WHERE station = 'sew-01' AND seq <= 4")).containsExactly(4L);
        assertThat(db.strings("SELECT detail FROM dead_letters")).containsExactly("new");
        assertThat(report.deleted()).isGreaterThanOrEqualTo(2); // the 2023 reading and the old dead letter

        // ingest carries on into the month being written
        MqttClient device = Devices.connect(service.mqttUri(), "after-retention");
        try {
            Devices.publish(device, "industries/MDI/textiles-1/sew-01/counter",
                    Devices.counter(Instant.now().minusSeconds(5).toString(), 100L, 100, 0), 1);
        } finally {
            Devices.closeQuietly(device);
        }
        assertThat(db.count("SELECT count(*) FROM counter_readings WHERE seq = 100")).isEqualTo(1);
    }

    @Test
    void aMonthMadeLaterTakesTheReadingsThatStrayedIntoTheDefaultPartition() throws Exception {
        reading("2030-06-10T12:00:00Z", 500); // beyond the months made ahead: DEFAULT
        assertThat(db.count("SELECT count(*) FROM counter_readings_default WHERE seq = 500")).isEqualTo(1);
        int created = await(retention(0, 0).ensurePartitions(Instant.parse("2030-05-20T00:00:00Z")));
        assertThat(created).isPositive();
        assertThat(db.count("SELECT count(*) FROM counter_readings_y2030m06 WHERE seq = 500")).isEqualTo(1);
        assertThat(db.count("SELECT count(*) FROM counter_readings_default WHERE seq = 500")).isZero();
        assertThat(db.count("SELECT count(*) FROM counter_readings WHERE seq = 500")).as("still one reading").isEqualTo(1);
    }

    @Test
    void aDropThatCannotGetItsLockGivesUpQuicklyAndIsDoneNextTime() throws Exception {
        db.execute("SELECT wm_ensure_monthly_partitions('counter_readings', 'ts', date '2023-01-01', date '2023-01-01')");
        reading("2023-01-10T10:00:00Z", 900);
        Retention retention = retention(400, 3660);
        try (Connection holder = db.connect(); Statement st = holder.createStatement()) {
            holder.setAutoCommit(false);
            // a long report reading that month holds a lock the drop needs
            st.executeQuery("SELECT count(*) FROM counter_readings_y2023m01").close();
            long started = System.nanoTime();
            Retention.Report blocked = await(retention.run(Instant.now()));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertThat(blocked.dropped()).doesNotContain("counter_readings_y2023m01");
            assertThat(millis).as("the run did not wait for the lock, ms").isLessThan(10_000);
            holder.rollback();
        }
        assertThat(await(retention.run(Instant.now())).dropped()).contains("counter_readings_y2023m01");
    }

    @Test
    void keepingForEverDropsNothing() throws Exception {
        db.execute("SELECT wm_ensure_monthly_partitions('counter_readings', 'ts', date '2022-01-01', date '2022-01-01')");
        reading("2022-01-10T10:00:00Z", 700);
        Retention.Report report = await(new Retention(pool, new AppConfig.RetentionConfig(0, 0, 0, 0, 0)).run(Instant.now()));
        assertThat(report.dropped()).isEmpty();
        assertThat(db.count("SELECT count(*) FROM counter_readings WHERE seq = 700")).isEqualTo(1);
    }

    @Test
    void aStationsUnitsAreSummedFromTheIndexAloneOnceVacuumHasMarkedThePages() throws Exception {
        // mid-month, so the readings share a partition whatever the date
        Instant at = YearMonth.now(ZoneOffset.UTC).atDay(15).atTime(12, 0).toInstant(ZoneOffset.UTC);
        for (int i = 1; i <= 50; i++) {
            reading(at.plusSeconds(i).toString(), 1_000 + i);
        }
        String explain = "EXPLAIN (ANALYZE, COSTS OFF) " + FigureStore.UNITS_BETWEEN.replace("$1", "'MDI'")
                .replace("$2", "'textiles-1'").replace("$3", "'" + at + "'::timestamptz")
                .replace("$4", "'" + at.plusSeconds(3600) + "'::timestamptz");
        try (Connection conn = db.connect(); Statement st = conn.createStatement()) {
            // a table this small would be read whole; the question is whether the index can answer on its own
            st.execute("SET enable_seqscan = off");
            st.execute("SET enable_bitmapscan = off");
            String scan = "Index Only Scan using " + month(at);
            String plan = "";
            // vacuum marks a page only once no running transaction can still miss its rows (the service's own
            // statements come and go), so it is asked again until it could
            for (int attempt = 0; attempt < 40 && !readingsFetched(plan, scan).equals("Heap Fetches: 0"); attempt++) {
                st.execute("VACUUM counter_readings");
                plan = String.join("\n", TestDatabase.strings(st, explain));
                Thread.sleep(250);
            }
            assertThat(plan).as(plan).contains(scan);
            assertThat(readingsFetched(plan, scan)).as(plan).isEqualTo("Heap Fetches: 0");
        }
    }

    @Test
    void everyMonthlyPartitionIsVacuumedAfterEachTwentyThousandNewRows() throws Exception {
        // the partitions the migrations made, and those the daily job makes for the coming months
        // (the service's own run holds the job's lock for a moment, and then this one is skipped: asked again)
        for (int attempt = 0; attempt < 20
                && await(retention(0, 0).run(Instant.now().plus(java.time.Duration.ofDays(400)))).skipped(); attempt++) {
            Thread.sleep(250);
        }
        String ahead = month(Instant.now().plus(java.time.Duration.ofDays(400)));
        for (String partition : new String[]{month(Instant.now()), ahead, ahead.replace("counter_", "state_")}) {
            assertThat(db.strings("SELECT unnest(reloptions) FROM pg_class WHERE relname = '" + partition + "' ORDER BY 1"))
                    .as(partition).containsExactly("autovacuum_vacuum_insert_scale_factor=0",
                            "autovacuum_vacuum_insert_threshold=20000");
        }
    }

    /** The heap fetches of the readings' scan in an EXPLAIN ANALYZE, not of the stations'. */
    private static String readingsFetched(String plan, String scan) {
        int at = plan.indexOf(scan);
        int fetches = at < 0 ? -1 : plan.indexOf("Heap Fetches:", at);
        return fetches < 0 ? "" : plan.substring(fetches).lines().findFirst().orElse("").trim();
    }
}
