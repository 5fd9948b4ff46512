package io.workshopmonitor.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Who gets which report by e-mail, and which reports have been claimed and sent, so none goes twice. */
public final class DeliveryStore {

    /** A list of addresses for one report of a prison; workshop '' means every workshop. */
    public record Subscription(String prison, String report, String workshop, List<String> recipients) {
    }

    private static final String SUBSCRIPTIONS = """
            SELECT prison, report, workshop, recipients FROM report_subscriptions
            WHERE ($1::text IS NULL OR prison = $1) ORDER BY prison, report, workshop""";
    private static final String CLEAR = "DELETE FROM report_subscriptions WHERE prison = $1";
    private static final String ADD = """
            INSERT INTO report_subscriptions (prison, report, workshop, recipients) VALUES ($1, $2, $3, $4)""";
    private static final String CLAIM = """
            INSERT INTO report_deliveries (prison, report, subject) VALUES ($1, $2, $3)
            ON CONFLICT (prison, report, subject) DO UPDATE SET claimed_at = now()
               WHERE report_deliveries.sent_at IS NULL AND report_deliveries.attempts < 20
                 AND report_deliveries.claimed_at < now() - interval '5 minutes'
            RETURNING attempts""";
    private static final String SENT = """
            UPDATE report_deliveries SET sent_at = now(), attempts = attempts + 1, last_error = NULL
            WHERE prison = $1 AND report = $2 AND subject = $3""";
    private static final String FAILED = """
            UPDATE report_deliveries SET attempts = attempts + 1, last_error = $4
            WHERE prison = $1 AND report = $2 AND subject = $3""";

    private final Pool pool;

    public DeliveryStore(Pool pool) {
        this.pool = pool;
    }

    public Future<List<Subscription>> subscriptions(String prison) {
        return pool.preparedQuery(SUBSCRIPTIONS).execute(Tuple.of(prison)).map(rows -> {
            List<Subscription> found = new ArrayList<>();
            for (Row row : rows) {
                found.add(new Subscription(row.getString("prison"), row.getString("report"), row.getString("workshop"),
                        Arrays.asList(row.getArrayOfStrings("recipients"))));
            }
            return found;
        });
    }

    /** Replaces a prison's subscriptions as a whole. */
    public Future<Void> replace(String prison, List<Subscription> subscriptions) {
        return pool.withTransaction(conn -> conn.preparedQuery(CLEAR).execute(Tuple.of(prison))
                .compose(done -> subscriptions.isEmpty() ? Future.succeededFuture()
                        : conn.preparedQuery(ADD).executeBatch(subscriptions.stream().map(s -> Tuple.of(prison, s.report(),
                        s.workshop(), s.recipients().toArray(String[]::new))).toList()))
                .mapEmpty());
    }

    /**
     * Claims a report for sending: true for the one caller that may send it now. A claim not marked sent
     * within five minutes (its sender died) may be taken again; a sent report never is.
     */
    public Future<Boolean> claim(String prison, String report, String subject) {
        return pool.preparedQuery(CLAIM).execute(Tuple.of(prison, report, subject)).map(rows -> rows.size() > 0);
    }

    public Future<Void> sent(String prison, String report, String subject) {
        return pool.preparedQuery(SENT).execute(Tuple.of(prison, report, subject)).mapEmpty();
    }

    public Future<Void> failed(String prison, String report, String subject, String error) {
        return pool.preparedQuery(FAILED).execute(Tuple.of(prison, report, subject,
                error.length() > 500 ? error.substring(0, 500) : error)).mapEmpty();
    }
}
