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
     * A whole batch in one statement, so one round trip and one implicit transaction: the stations first seen in
     * it, its state, headcount and dead-letter rows, its counter readings, and what the counter readings inserted
     * (only those: a retried batch adds nothing twice) made to the per-minute roll-up. Data-modifying WITH
     * clauses all run to completion whether or not the final SELECT reads them. The final SELECT answers only the
     * reading ids the tables already held (a redelivery after a restart, or a reading a new owner reads again from
     * Kafka after a failover): normally none, so nothing comes back to decode.
     */
    private static final String WRITE_BATCH = """
            WITH registered AS (
              INSERT INTO stations (prison, workshop, station, auto_registered)
              SELECT p, w, s, true FROM UNNEST($14::text[], $15::text[], $16::text[]) AS t(p, w, s)
              WHERE EXISTS (SELECT 1 FROM workshops WHERE prison = p AND workshop = w)
              ON CONFLICT DO NOTHING
            ), states AS (
              INSERT INTO state_readings (id, prison, workshop, station, ts, state, reason, received_at)
              SELECT * FROM UNNEST($17::uuid[], $18::text[], $19::text[], $20::text[], $21::timestamptz[], $22::text[],
                                   $23::text[], $24::timestamptz[])
              ON CONFLICT DO NOTHING
              RETURNING id
            ), headcounts AS (
              INSERT INTO attendance_readings (id, prison, workshop, ts, present, received_at)
              SELECT * FROM UNNEST($25::uuid[], $26::text[], $27::text[], $28::timestamptz[], $29::int[],
                                   $30::timestamptz[])
              ON CONFLICT DO NOTHING
              RETURNING id
            ), letters AS (
              INSERT INTO dead_letters (received_at, topic, reason, detail, payload)
              SELECT * FROM UNNEST($31::timestamptz[], $32::text[], $33::text[], $34::text[], $35::text[])
            ), inserted AS (
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
            (SELECT id FROM UNNEST($1::uuid[]) AS held(id) EXCEPT SELECT id FROM inserted)
            UNION ALL (SELECT id FROM UNNEST($17::uuid[]) AS held(id) EXCEPT SELECT id FROM states)
            UNION ALL (SELECT id FROM UNNEST($25::uuid[]) AS held(id) EXCEPT SELECT id FROM headcounts)""";
    /** The reading each station's counter continues from: its newest applied one; $1 null means every workshop. */
    private static final String LAST_APPLIED = """
            SELECT s.prison, s.workshop, s.station, c.ts, c.seq, c.good, c.reject FROM stations s
            CROSS JOIN LATERAL (SELECT ts, seq, good, reject FROM counter_readings c
                                WHERE c.prison = s.prison AND c.workshop = s.workshop AND c.station = s.station
                                  AND c.outcome NOT IN ('LATE', 'TALLY')
                                ORDER BY ts DESC, good DESC, reject DESC LIMIT 1) c
            WHERE $1::text[] IS NULL OR s.prison || '/' || s.workshop = ANY($1::text[])""";
    private static final String TRIM_DEAD_LETTERS =
            "DELETE FROM dead_letters WHERE id <= (SELECT max(id) FROM dead_letters) - $1";

    private final Pool pool;

    public ReadingStore(Pool pool) {
        this.pool = pool;
    }

    /**
     * Writes the batch in one statement, on the given connection: statements sent one after another on one
     * connection run, and commit, in that order.
     *
     * @return the ids of readings the database already held (written before, by us or by a previous owner)
     */
    public Future<Set<UUID>> write(SqlConnection conn, WriteBatch batch) {
        return conn.preparedQuery(WRITE_BATCH).execute(parameters(batch)).map(held -> {
            Set<UUID> conflicted = new HashSet<>();
            held.forEach(row -> conflicted.add(row.getUUID(0)));
            return conflicted;
        });
    }

    /** A connection of the writer's own, so its batches are not interleaved with anyone else's statements. */
    public Future<SqlConnection> connection() {
        return pool.getConnection();
    }

    private static Tuple parameters(WriteBatch batch) {
        List<WriteBatch.CounterRow> counters = batch.counters();
        List<WriteBatch.StateRow> states = batch.states();
        List<WriteBatch.AttendanceRow> attendance = batch.attendance();
        List<WriteBatch.DeadLetter> letters = batch.deadLetters();
        List<StationKey> stations = batch.newStations();
        return Tuple.tuple(List.of(
                column(counters, WriteBatch.CounterRow::id, UUID[]::new),
                column(counters, r -> r.reading().station().workshop().prison(), String[]::new),
                column(counters, r -> r.reading().station().workshop().workshop(), String[]::new),
                column(counters, r -> r.reading().station().station(), String[]::new),
                column(counters, r -> Sql.timestamp(r.reading().ts()), OffsetDateTime[]::new),
                column(counters, r -> r.reading().seq().isPresent() ? r.reading().seq().getAsLong() : null, Long[]::new),
                column(counters, r -> r.reading().good(), Long[]::new),
                column(counters, r -> r.reading().reject(), Long[]::new),
                column(counters, r -> r.update().goodDelta(), Long[]::new),
                column(counters, r -> r.update().rejectDelta(), Long[]::new),
                column(counters, r -> Sql.text(r.reading().product().orElse(null)), String[]::new),
                column(counters, r -> r.update().kind().name(), String[]::new),
                column(counters, r -> Sql.timestamp(r.receivedAt()), OffsetDateTime[]::new),
                column(stations, s -> s.workshop().prison(), String[]::new),
                column(stations, s -> s.workshop().workshop(), String[]::new),
                column(stations, StationKey::station, String[]::new),
                column(states, WriteBatch.StateRow::id, UUID[]::new),
                column(states, r -> r.reading().station().workshop().prison(), String[]::new),
                column(states, r -> r.reading().station().workshop().workshop(), String[]::new),
                column(states, r -> r.reading().station().station(), String[]::new),
                column(states, r -> Sql.timestamp(r.reading().ts()), OffsetDateTime[]::new),
                column(states, r -> r.reading().state().name(), String[]::new),
                column(states, r -> r.reading().reason().map(Enum::name).orElse(null), String[]::new),
                column(states, r -> Sql.timestamp(r.receivedAt()), OffsetDateTime[]::new),
                column(attendance, WriteBatch.AttendanceRow::id, UUID[]::new),
                column(attendance, r -> r.reading().workshop().prison(), String[]::new),
                column(attendance, r -> r.reading().workshop().workshop(), String[]::new),
                column(attendance, r -> Sql.timestamp(r.reading().ts()), OffsetDateTime[]::new),
                column(attendance, r -> r.reading().present(), Integer[]::new),
                column(attendance, r -> Sql.timestamp(r.receivedAt()), OffsetDateTime[]::new),
                column(letters, r -> Sql.timestamp(r.receivedAt()), OffsetDateTime[]::new),
                column(letters, r -> Sql.text(r.topic()), String[]::new),
                column(letters, r -> r.reason().label(), String[]::new),
                column(letters, r -> Sql.text(r.detail()), String[]::new),
                column(letters, r -> Sql.text(r.payload()), String[]::new)));
    }

    /** Each station's counter as it stood at the last applied reading, so counting resumes after a restart. */
    public Future<Map<StationKey, CounterTracker>> resumeTrackers() {
        return resumeTrackers(null);
    }

    /** As {@link #resumeTrackers()}, for the given workshops only: those a cluster member has just been given. */
    public Future<Map<StationKey, CounterTracker>> resumeTrackers(java.util.Collection<WorkshopKey> workshops) {
        String[] keys = workshops == null ? null : workshops.stream().map(WorkshopKey::toString).toArray(String[]::new);
        return pool.preparedQuery(LAST_APPLIED).execute(Tuple.of(keys)).map(rows -> {
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
