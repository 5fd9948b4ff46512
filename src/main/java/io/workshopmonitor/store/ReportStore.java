package io.workshopmonitor.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import io.workshopmonitor.domain.DailyUnits;
import io.workshopmonitor.domain.PurposefulActivity;
import io.workshopmonitor.domain.WorkshopKey;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * What reports read beyond the live figures' own queries: units per day and product from the same per-minute
 * roll-up the dashboard's history reads (so a report never disagrees with it), and the headcounts.
 */
public final class ReportStore {

    private static final String DAILY_UNITS = """
            SELECT (CASE WHEN $6::text IS NULL THEN minute AT TIME ZONE $3 ELSE minute AT TIME ZONE ($6::text)::interval END)::date
                   AS day, product,
                   sum(good)::bigint AS good, sum(reject)::bigint AS reject
            FROM workshop_minutes
            WHERE prison = $1 AND workshop = $2 AND minute >= $4 AND minute < $5
            GROUP BY 1, 2 ORDER BY 1, 2""";
    private static final String HEADCOUNTS = """
            SELECT ts, present FROM attendance_readings
            WHERE prison = $1 AND workshop = $2 AND ts >= $3 AND ts < $4 ORDER BY ts""";

    private final Pool pool;

    public ReportStore(Pool pool) {
        this.pool = pool;
    }

    /** Units made in {@code [from, to)} (to the minute), by day of the workshop's time zone and product. */
    public Future<List<DailyUnits>> dailyUnits(WorkshopKey key, ZoneId zone, Instant from, Instant to) {
        // PostgreSQL reads an offset given as a zone name the POSIX way (-06:00 is east of Greenwich): an offset
        // goes as an interval, which it reads the ISO way; a region (Europe/London) goes by name
        ZoneId normal = zone.normalized();
        String offset = normal instanceof java.time.ZoneOffset fixed ? fixed.getTotalSeconds() + " seconds" : null;
        return pool.preparedQuery(DAILY_UNITS).execute(Tuple.of(key.prison(), key.workshop(), normal.getId(),
                Sql.timestamp(from), Sql.timestamp(to), offset)).map(rows -> {
                    List<DailyUnits> units = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        units.add(new DailyUnits(row.getLocalDate("day"), row.getString("product"), row.getLong("good"),
                                row.getLong("reject")));
                    }
                    return units;
                });
    }

    public Future<List<PurposefulActivity.Headcount>> headcounts(WorkshopKey key, Instant from, Instant to) {
        return pool.preparedQuery(HEADCOUNTS).execute(Tuple.of(key.prison(), key.workshop(), Sql.timestamp(from),
                Sql.timestamp(to))).map(rows -> {
                    List<PurposefulActivity.Headcount> counts = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        counts.add(new PurposefulActivity.Headcount(row.getOffsetDateTime("ts").toInstant(),
                                row.getInteger("present")));
                    }
                    return counts;
                });
    }
}
