package io.workshopmonitor.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import io.workshopmonitor.domain.CounterTracker;
import io.workshopmonitor.domain.StationKey;
import io.workshopmonitor.domain.WorkshopKey;

import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/** Telemetry history: counter, state and attendance readings and the dead letters, many rows per round trip. */
public final class ReadingStore {

    /**
     * Inserts the readings and adds what the inserted ones (only those: a retried batch adds nothing twice)
     * made to the per-minute roll-up, in one statement.
     */
    private static final String INSERT_COUNTERS = """
            WITH inserted AS (
              INSERT INTO counter_readings (id, prison, workshop, station, ts, seq, good, reject, good_delta,
                                            reject_delta, product, outcome, received_at)
              SELECT * FROM UNNEST($1::uuid[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::bigint[],
                                   $7::bigint[], $8::bigint[], $9::bigint[], $10::bigint[], $11::text[], $12::text[],
                                   $13::timestamptz[])
              ON CONFLICT DO NOTHING
              RETURNING id, prison, workshop, ts, product, good_delta, reject_delta
            ), rolled AS (
              INSERT INTO workshop_minutes (prison, workshop, minute, product, good, reject)
              SELECT prison, workshop, date_trunc('minute', ts), coalesce(product, ''), sum(good_delta), sum(reject_delta)
              FROM inserted WHERE good_delta <> 0 OR reject_delta <> 0
              GROUP BY 1, 2, 3, 4
              ON CONFLICT (prison, workshop, minute, product)
              DO UPDATE SET good = workshop_minutes.good + EXCLUDED.good, reject = workshop_minutes.reject + EXCLUDED.reject
            )
            SELECT id FROM inserted""";
    private static final String INSERT_STATES = """
            INSERT INTO state_readings (id, prison, workshop, station, ts, state, reason, received_at)
            SELECT * FROM UNNEST($1::uuid[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::text[],
                                 $7::text[], $8::timestamptz[])
            ON CONFLICT DO NOTHING""";
    private static final String INSERT_ATTENDANCE = """
            INSERT INTO attendance_readings (id, prison, workshop, ts, present, received_at)
            SELECT * FROM UNNEST($1::uuid[], $2::text[], $3::text[], $4::timestamptz[], $5::int[], $6::timestamptz[])
            ON CONFLICT DO NOTHING""";
    private static final String INSERT_DEAD_LETTERS = """
            INSERT INTO dead_letters (received_at, topic, reason, detail, payload)
            SELECT * FROM UNNEST($1::timestamptz[], $2::text[], $3::text[], $4::text[], $5::text[])""";
    private static final String REGISTER_STATIONS = """
            INSERT INTO stations (prison, workshop, station, auto_registered)
            SELECT p, w, s, true FROM UNNEST($1::text[], $2::text[], $3::text[]) AS t(p, w, s)
            WHERE EXISTS (SELECT 1 FROM workshops WHERE prison = p AND workshop = w)
            ON CONFLICT DO NOTHING""";
    /** The reading each station's counter continues from: its newest applied one. */
    private static final String LAST_APPLIED = """
            SELECT s.prison, s.workshop, s.station, c.ts, c.seq, c.good, c.reject FROM stations s
            CROSS JOIN LATERAL (SELECT ts, seq, good, reject FROM counter_readings c
                                WHERE c.prison = s.prison AND c.workshop = s.workshop AND c.station = s.station
                                  AND c.outcome <> 'LATE'
                                ORDER BY ts DESC, good DESC, reject DESC LIMIT 1) c""";
    private static final String TRIM_DEAD_LETTERS =
            "DELETE FROM dead_letters WHERE id <= (SELECT max(id) FROM dead_letters) - $1";

    private final Pool pool;

    public ReadingStore(Pool pool) {
        this.pool = pool;
    }

    /**
     * Writes the batch in one transaction.
     *
     * @return the ids of counter rows the database already held (redeliveries seen before a restart)
     */
    public Future<Set<UUID>> write(WriteBatch batch) {
        return pool.withTransaction(conn -> registerStations(conn, batch)
                .compose(ignored -> insertStates(conn, batch.states()))
                .compose(ignored -> insertAttendance(conn, batch.attendance()))
                .compose(ignored -> insertDeadLetters(conn, batch.deadLetters()))
                .compose(ignored -> insertCounters(conn, batch.counters())));
    }

    private Future<Void> registerStations(SqlConnection conn, WriteBatch batch) {
        List<StationKey> stations = batch.newStations();
        if (stations.isEmpty()) {
            return Future.succeededFuture();
        }
        return conn.preparedQuery(REGISTER_STATIONS).execute(Tuple.of(
                        column(stations, s -> s.workshop().prison(), String[]::new),
                        column(stations, s -> s.workshop().workshop(), String[]::new),
                        column(stations, StationKey::station, String[]::new)))
                .mapEmpty();
    }

    private Future<Set<UUID>> insertCounters(SqlConnection conn, List<WriteBatch.CounterRow> rows) {
        if (rows.isEmpty()) {
            return Future.succeededFuture(Set.of());
        }
        Tuple params = Tuple.of(
                column(rows, WriteBatch.CounterRow::id, UUID[]::new),
                column(rows, r -> r.reading().station().workshop().prison(), String[]::new),
                column(rows, r -> r.reading().station().workshop().workshop(), String[]::new),
                column(rows, r -> r.reading().station().station(), String[]::new),
                column(rows, r -> Sql.timestamp(r.reading().ts()), OffsetDateTime[]::new),
                column(rows, r -> r.reading().seq().isPresent() ? r.reading().seq().getAsLong() : null, Long[]::new),
                column(rows, r -> r.reading().good(), Long[]::new),
                column(rows, r -> r.reading().reject(), Long[]::new),
                column(rows, r -> r.update().goodDelta(), Long[]::new),
                column(rows, r -> r.update().rejectDelta(), Long[]::new),
                column(rows, r -> Sql.text(r.reading().product().orElse(null)), String[]::new),
                column(rows, r -> r.update().kind().name(), String[]::new),
                column(rows, r -> Sql.timestamp(r.receivedAt()), OffsetDateTime[]::new));
        return conn.preparedQuery(INSERT_COUNTERS).execute(params).map(inserted -> {
            Set<UUID> conflicted = new HashSet<>(rows.size());
            rows.forEach(r -> conflicted.add(r.id()));
            inserted.forEach(row -> conflicted.remove(row.getUUID(0)));
            return conflicted;
        });
    }

    private Future<Void> insertStates(SqlConnection conn, List<WriteBatch.StateRow> rows) {
        if (rows.isEmpty()) {
            return Future.succeededFuture();
        }
        return conn.preparedQuery(INSERT_STATES).execute(Tuple.of(
                        column(rows, WriteBatch.StateRow::id, UUID[]::new),
                        column(rows, r -> r.reading().station().workshop().prison(), String[]::new),
                        column(rows, r -> r.reading().station().workshop().workshop(), String[]::new),
                        column(rows, r -> r.reading().station().station(), String[]::new),
                        column(rows, r -> Sql.timestamp(r.reading().ts()), OffsetDateTime[]::new),
                        column(rows, r -> r.reading().state().name(), String[]::new),
                        column(rows, r -> r.reading().reason().map(Enum::name).orElse(null), String[]::new),
                        column(rows, r -> Sql.timestamp(r.receivedAt()), OffsetDateTime[]::new)))
                .mapEmpty();
    }

    private Future<Void> insertAttendance(SqlConnection conn, List<WriteBatch.AttendanceRow> rows) {
        if (rows.isEmpty()) {
            return Future.succeededFuture();
        }
        return conn.preparedQuery(INSERT_ATTENDANCE).execute(Tuple.of(
                        column(rows, WriteBatch.AttendanceRow::id, UUID[]::new),
                        column(rows, r -> r.reading().workshop().prison(), String[]::new),
                        column(rows, r -> r.reading().workshop().workshop(), String[]::new),
                        column(rows, r -> Sql.timestamp(r.reading().ts()), OffsetDateTime[]::new),
                        column(rows, r -> r.reading().present(), Integer[]::new),
                        column(rows, r -> Sql.timestamp(r.receivedAt()), OffsetDateTime[]::new)))
                .mapEmpty();
    }

    private Future<Void> insertDeadLetters(SqlConnection conn, List<WriteBatch.DeadLetter> rows) {
        if (rows.isEmpty()) {
            return Future.succeededFuture();
        }
        return conn.preparedQuery(INSERT_DEAD_LETTERS).execute(Tuple.of(
                        column(rows, r -> Sql.timestamp(r.receivedAt()), OffsetDateTime[]::new),
                        column(rows, r -> Sql.text(r.topic()), String[]::new),
                        column(rows, r -> r.reason().label(), String[]::new),
                        column(rows, r -> Sql.text(r.detail()), String[]::new),
                        column(rows, r -> Sql.text(r.payload()), String[]::new)))
                .mapEmpty();
    }

    /** Each station's counter as it stood at the last applied reading, so counting resumes after a restart. */
    public Future<Map<StationKey, CounterTracker>> resumeTrackers() {
        return pool.query(LAST_APPLIED).execute().map(rows -> {
            Map<StationKey, CounterTracker> trackers = new HashMap<>();
            for (Row row : rows) {
                StationKey key = new WorkshopKey(row.getString("prison"), row.getString("workshop"))
                        .station(row.getString("station"));
                Long seq = row.getLong("seq");
                trackers.put(key, CounterTracker.resume(row.getOffsetDateTime("ts").toInstant(),
                        row.getLong("good"), row.getLong("reject"),
                        seq == null ? OptionalLong.empty() : OptionalLong.of(seq)));
            }
            return trackers;
        });
    }

    public Future<Integer> trimDeadLetters(int keep) {
        return pool.preparedQuery(TRIM_DEAD_LETTERS).execute(Tuple.of(keep)).map(rows -> rows.rowCount());
    }

    private static <T, C> C[] column(List<T> rows, Function<T, C> value, java.util.function.IntFunction<C[]> array) {
        C[] column = array.apply(rows.size());
        for (int i = 0; i < column.length; i++) {
            column[i] = value.apply(rows.get(i));
        }
        return column;
    }
}
