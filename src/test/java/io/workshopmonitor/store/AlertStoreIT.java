package io.workshopmonitor.store;

import io.vertx.sqlclient.Pool;
import io.workshopmonitor.alert.AlertJson;
import io.workshopmonitor.domain.Alert;
import io.workshopmonitor.domain.AlertCondition;
import io.workshopmonitor.domain.AlertKind;
import io.workshopmonitor.domain.WorkshopKey;
import io.workshopmonitor.support.RunningService;
import io.workshopmonitor.support.StoreUnderTest;
import io.workshopmonitor.support.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Alerts on a real PostgreSQL: a later session's missed target replaces the earlier ones nobody acknowledged. */
class AlertStoreIT {

    private static final WorkshopKey KEY = new WorkshopKey("MDI", "textiles-1");

    @TempDir
    static Path dir;
    private static RunningService service;
    private static TestDatabase db;
    private static Pool pool;
    private static StoreUnderTest store;

    @BeforeAll
    static void start() {
        // the service migrates the schema and holds the workshop the alerts belong to
        store = StoreUnderTest.start(dir);
        db = store.db;
        service = store.service;
        pool = store.pool;
        service.configureWorkshop("MDI", "textiles-1", "sew-01");
        service.configureWorkshop("MDI", "print-1", "press-1");
    }

    @AfterAll
    static void stop() {
        store.close();
    }

    private static <T> T await(io.vertx.core.Future<T> future) throws Exception {
        return StoreUnderTest.await(future);
    }

    private static AlertCondition missed(WorkshopKey key, String session) {
        return new AlertCondition(AlertKind.TARGET_MISSED, key, "session:" + session, AlertCondition.Severity.INFO,
                100, 200, key + " missed its session target: 100 good of 200");
    }

    @Test
    void aLaterMissedTargetResolvesTheEarlierUnacknowledgedOnesOfItsWorkshopOnly() throws Exception {
        AlertStore alerts = new AlertStore(pool, AlertJson::webhookBody);
        Instant t = Instant.parse("2026-11-23T12:00:00Z");
        Alert monday = await(alerts.open(missed(KEY, "2026-11-23T08:30:00Z"), t)).orElseThrow();
        Alert mondayPm = await(alerts.open(missed(KEY, "2026-11-23T13:30:00Z"), t.plusSeconds(5 * 3600))).orElseThrow();
        Alert otherWorkshop = await(alerts.open(missed(new WorkshopKey("MDI", "print-1"), "2026-11-23T08:30:00Z"), t)).orElseThrow();
        Alert tuesday = await(alerts.open(missed(KEY, "2026-11-24T08:30:00Z"), t.plusSeconds(24 * 3600))).orElseThrow();

        List<Alert> superseded = await(alerts.supersede(tuesday, t.plusSeconds(24 * 3600)));

        assertThat(superseded).extracting(Alert::id).containsExactlyInAnyOrder(monday.id(), mondayPm.id());
        assertThat(superseded).allSatisfy(a -> assertThat(a.state()).isEqualTo(Alert.State.RESOLVED));
        assertThat(await(alerts.get(tuesday.id())).orElseThrow().state()).isEqualTo(Alert.State.OPEN);
        assertThat(await(alerts.get(otherWorkshop.id())).orElseThrow().state()).as("another workshop's").isEqualTo(Alert.State.OPEN);
        assertThat(await(alerts.history(monday.id()))).extracting(AlertStore.Event::comment)
                .contains("superseded by the missed target of a later session");
        assertThat(db.count("SELECT count(*) FROM alerts WHERE workshop = 'textiles-1' AND kind = 'TARGET_MISSED' AND state <> 'RESOLVED'"))
                .as("at most one open per workshop").isEqualTo(1);
        assertThat(await(alerts.supersede(tuesday, t.plusSeconds(25 * 3600)))).as("nothing left to supersede").isEmpty();
    }
}
