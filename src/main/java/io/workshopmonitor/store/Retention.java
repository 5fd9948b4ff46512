package io.workshopmonitor.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import io.workshopmonitor.config.AppConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The daily upkeep of what is stored: the coming months' partitions are made before they are needed, months
 * of readings and roll-ups past their retention are dropped whole, and expired dead letters, webhook deliveries
 * and audit entries are deleted in small batches. A partition is dropped under a lock timeout of
 * {@link #LOCK_TIMEOUT}, so ingest, which PostgreSQL would otherwise queue behind the drop, waits at most that
 * long; a drop that cannot get its lock is tried again the next day. One instance of a cluster does it at a time.
 */
public final class Retention {

    /** What one run did. */
    public record Report(int created, List<String> dropped, long deleted, boolean skipped) {
    }

    private record Monthly(String table, String key, Supplier<Integer> days) {
    }

    private record Batched(String table, String expired, Supplier<Integer> days) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);
    static final String LOCK_TIMEOUT = "200ms";
    /** Rows deleted per statement: small enough that no statement holds its locks for long. */
    static final int BATCH = 5_000;
    private static final long ADVISORY_LOCK = 0x776d5f726574L; // "wm_ret"
    private static final String PARTITIONS = """
            SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
            WHERE i.inhparent = $1::regclass ORDER BY c.relname""";

    private final Pool pool;
    private final List<Monthly> monthly;
    private final List<Batched> batched;

    public Retention(Pool pool, AppConfig.RetentionConfig config) {
        this.pool = pool;
        this.monthly = List.of(new Monthly("counter_readings", "ts", config::readingsDays),
                new Monthly("state_readings", "ts", config::readingsDays),
                new Monthly("attendance_readings", "ts", config::readingsDays),
                new Monthly("workshop_minutes", "minute", config::minutesDays));
        this.batched = List.of(new Batched("dead_letters", "received_at < $1", config::deadLettersDays),
                new Batched("webhook_deliveries", "(delivered_at < $1 OR failed_at < $1)", config::webhookDeliveriesDays),
                new Batched("audit", "at < $1", config::auditDays));
    }

    /** Makes sure this month and the next ones have their partitions: before ingest starts, and daily. */
    public Future<Integer> ensurePartitions(Instant now) {
        // instances of a cluster starting together take turns: the second finds the partitions made
        return pool.withConnection(conn -> conn.preparedQuery("SELECT pg_advisory_lock($1)").execute(Tuple.of(ADVISORY_LOCK))
                .compose(locked -> ensure(conn, now))
                .eventually(() -> conn.preparedQuery("SELECT pg_advisory_unlock($1)").execute(Tuple.of(ADVISORY_LOCK))));
    }

    public Future<Report> run(Instant now) {
        return pool.withConnection(conn -> conn.preparedQuery("SELECT pg_try_advisory_lock($1)").execute(Tuple.of(ADVISORY_LOCK))
                .compose(locked -> !locked.iterator().next().getBoolean(0)
                        ? Future.succeededFuture(new Report(0, List.of(), 0, true))
                        : upkeep(conn, now).eventually(() -> conn.preparedQuery("SELECT pg_advisory_unlock($1)")
                                .execute(Tuple.of(ADVISORY_LOCK)))))
                .onSuccess(report -> {
                    if (!report.skipped()) {
                        LOG.info("retention: {} partition(s) made ahead, {} dropped {}, {} expired row(s) deleted",
                                report.created(), report.dropped().size(), report.dropped(), report.deleted());
                    }
                });
    }

    private Future<Report> upkeep(SqlConnection conn, Instant now) {
        List<String> dropped = new ArrayList<>();
        long[] deleted = {0};
        Future<Integer> created = ensure(conn, now);
        Future<Void> chain = created.mapEmpty();
        for (Monthly table : monthly) {
            int days = table.days().get();
            if (days == 0) {
                continue;
            }
            OffsetDateTime cutoff = PartitionPlan.cutoff(now, days).atOffset(ZoneOffset.UTC);
            chain = chain.compose(ignored -> conn.preparedQuery(PARTITIONS).execute(Tuple.of(table.table())))
                    .compose(rows -> {
                        List<String> names = new ArrayList<>();
                        rows.forEach(row -> names.add(row.getString(0)));
                        return dropAll(conn, PartitionPlan.expired(table.table(), names, now, days), dropped);
                    })
                    // what landed in the DEFAULT partition for a month with none: trimmed row by row
                    .compose(ignored -> deleteExpired(conn, table.table() + "_default", table.key() + " < $1", cutoff, deleted));
        }
        for (Batched table : batched) {
            int days = table.days().get();
            if (days == 0) {
                continue;
            }
            OffsetDateTime cutoff = PartitionPlan.cutoff(now, days).atOffset(ZoneOffset.UTC);
            chain = chain.compose(ignored -> deleteExpired(conn, table.table(), table.expired(), cutoff, deleted));
        }
        return chain.map(ignored -> new Report(created.result(), dropped, deleted[0], false));
    }

    private Future<Integer> ensure(SqlConnection conn, Instant now) {
        var wanted = PartitionPlan.wanted(now);
        Future<Integer> chain = Future.succeededFuture(0);
        for (Monthly table : monthly) {
            chain = chain.compose(sum -> conn.preparedQuery("SELECT wm_ensure_monthly_partitions($1, $2, $3, $4)")
                    .execute(Tuple.of(table.table(), table.key(), wanted[0], wanted[1]))
                    .map(rows -> sum + rows.iterator().next().getInteger(0)));
        }
        // new partitions are vacuumed as often as the others (V13), so a station's units stay index-only reads
        return chain.compose(sum -> conn.query("SELECT wm_tune_partitions()").execute().map(rows -> sum));
    }

    private static Future<Void> dropAll(SqlConnection conn, List<String> expired, List<String> dropped) {
        Future<Void> chain = Future.succeededFuture();
        for (String partition : expired) {
            // the name comes from pg_class and matched the partition pattern: quoted all the same
            String drop = "DROP TABLE \"" + partition.replace("\"", "\"\"") + "\"";
            chain = chain.compose(ignored -> conn.query("SET lock_timeout = '" + LOCK_TIMEOUT + "'").execute())
                    .compose(ignored -> conn.query(drop).execute())
                    .onSuccess(ignored -> dropped.add(partition))
                    .<Void>mapEmpty()
                    .recover(e -> {
                        LOG.warn("retention: {} not dropped this time ({}); tried again at the next run", partition, e.getMessage());
                        return Future.succeededFuture();
                    })
                    .eventually(() -> conn.query("RESET lock_timeout").execute());
        }
        return chain;
    }

    /** Deletes in batches until a batch comes back short. */
    private static Future<Void> deleteExpired(SqlConnection conn, String table, String expired, OffsetDateTime cutoff,
                                              long[] deleted) {
        String sql = "DELETE FROM " + table + " WHERE ctid = ANY (ARRAY(SELECT ctid FROM " + table + " WHERE " + expired
                + " LIMIT " + BATCH + "))";
        return conn.preparedQuery(sql).execute(Tuple.of(cutoff)).compose(rows -> {
            deleted[0] += rows.rowCount();
            return rows.rowCount() < BATCH ? Future.succeededFuture() : deleteExpired(conn, table, expired, cutoff, deleted);
        });
    }

    /** For tests: the partitions a table has now. */
    public Future<List<String>> partitions(String table) {
        return pool.preparedQuery(PARTITIONS).execute(Tuple.of(table)).map(rows -> {
            List<String> names = new ArrayList<>();
            for (Row row : rows) {
                names.add(row.getString(0));
            }
            return names;
        });
    }
}
