package io.workshopmonitor.store;

import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import io.workshopmonitor.support.StoreUnderTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The claim that sends a report once, on a real PostgreSQL: one claimant wins; a report sent is never claimed
 * again; one whose sender failed or died is claimed again after five minutes, and not after 20 attempts.
 */
class DeliveryStoreIT {

    @TempDir
    static Path dir;
    private static StoreUnderTest database;
    private static Pool pool;
    private static DeliveryStore store;

    @BeforeAll
    static void start() {
        database = StoreUnderTest.start(dir);
        pool = database.pool;
        store = new DeliveryStore(pool);
    }

    @AfterAll
    static void stop() {
        database.close();
    }

    private static <T> T await(io.vertx.core.Future<T> future) throws Exception {
        return StoreUnderTest.await(future);
    }

    /** As if the claim had been made {@code minutes} ago. */
    private static void claimedAgo(String subject, int minutes, int attempts) throws Exception {
        await(pool.preparedQuery("UPDATE report_deliveries SET claimed_at = now() - make_interval(mins => $2), attempts = $3"
                + " WHERE subject = $1").execute(Tuple.of(subject, minutes, attempts)));
    }

    @Test
    void oneOfTwoClaimantsWinsAndASentReportIsNeverClaimedAgain() throws Exception {
        var first = store.claim("MDI", "monthly", "2026-11");
        var second = store.claim("MDI", "monthly", "2026-11");
        assertThat(List.of(await(first), await(second))).containsExactlyInAnyOrder(true, false);
        await(store.sent("MDI", "monthly", "2026-11"));
        claimedAgo("2026-11", 60, 1);
        assertThat(await(store.claim("MDI", "monthly", "2026-11"))).as("sent an hour ago").isFalse();
        assertThat(await(store.claim("LPI", "monthly", "2026-11"))).as("another prison's report").isTrue();
    }

    @Test
    void aFailedOrAbandonedSendIsClaimedAgainAfterFiveMinutesUpToTwentyAttempts() throws Exception {
        String subject = "textiles-1/2026-12-03T08:30:00Z";
        assertThat(await(store.claim("MDI", "session", subject))).isTrue();
        await(store.failed("MDI", "session", subject, "connection refused"));
        assertThat(await(store.claim("MDI", "session", subject))).as("tried again too soon").isFalse();
        claimedAgo(subject, 6, 1);
        assertThat(await(store.claim("MDI", "session", subject))).as("five minutes on").isTrue();
        claimedAgo(subject, 6, 20);
        assertThat(await(store.claim("MDI", "session", subject))).as("given up after 20 attempts").isFalse();
        String error = await(pool.preparedQuery("SELECT last_error FROM report_deliveries WHERE subject = $1")
                .execute(Tuple.of(subject))).iterator().next().getString(0);
        assertThat(error).isEqualTo("connection refused");
    }

    @Test
    void subscriptionsAreReplacedAsAWhole() throws Exception {
        await(store.replace("BWI", List.of(new DeliveryStore.Subscription("BWI", "session", "packing-3", List.of("a@prison.example")),
                new DeliveryStore.Subscription("BWI", "monthly", "", List.of("m@prison.example", "g@prison.example")))));
        await(store.replace("BWI", List.of(new DeliveryStore.Subscription("BWI", "weekly", "", List.of("w@prison.example")))));
        assertThat(await(store.subscriptions("BWI"))).containsExactly(
                new DeliveryStore.Subscription("BWI", "weekly", "", List.of("w@prison.example")));
    }
}
