package io.workshopmonitor.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import io.workshopmonitor.domain.MachineState;
import io.workshopmonitor.domain.StateReading;
import io.workshopmonitor.domain.StateReason;
import io.workshopmonitor.domain.WorkshopKey;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads stored readings back for figures: the live state's rebuild at start-up, history, contract output. */
public final class FigureStore {

    /** Station by station, so each is a range of the (station, ts) index however long the history. */
    private static final String UNITS_SINCE = """
            SELECT s.station, c.id, c.ts, c.good_delta, c.reject_delta FROM stations s
            CROSS JOIN LATERAL (SELECT id, ts, good_delta, reject_delta FROM counter_readings c
                                WHERE c.prison = s.prison AND c.workshop = s.workshop AND c.station = s.station
                                  AND c.ts >= $3 AND (c.good_delta <> 0 OR c.reject_delta <> 0)) c
            WHERE s.prison = $1 AND s.workshop = $2
            ORDER BY c.ts""";
    /** Newest reading of each station; a backward index scan per station, cheap however long the history. */
    private static final String LAST_SEEN = """
            SELECT s.station,
                   greatest((SELECT max(ts) FROM counter_readings c
                             WHERE c.prison = s.prison AND c.workshop = s.workshop AND c.station = s.station),
                            (SELECT max(ts) FROM state_readings t
                             WHERE t.prison = s.prison AND t.workshop = s.workshop AND t.station = s.station)) AS last_seen
            FROM stations s WHERE s.prison = $1 AND s.workshop = $2""";
    /** Each station's state changes from {@code since} (to {@code $4}, if not null), and the one in force at {@code since}. */
    private static final String STATES_SINCE = """
            SELECT station, ts, state, reason FROM (
              SELECT station, ts, state, reason FROM state_readings
              WHERE prison = $1 AND workshop = $2 AND ts >= $3 AND ($4::timestamptz IS NULL OR ts < $4)
              UNION ALL
              SELECT s.station, b.ts, b.state, b.reason FROM stations s
              CROSS JOIN LATERAL (SELECT ts, state, reason FROM state_readings t
                                  WHERE t.prison = s.prison AND t.workshop = s.workshop AND t.station = s.station
                                    AND t.ts < $3 ORDER BY ts DESC LIMIT 1) b
              WHERE s.prison = $1 AND s.workshop = $2) x
            ORDER BY ts""";
    /**
     * Units each station added in {@code [$3, $4)}: a range of the (station, ts) index per station, read from the
     * index alone, which carries the deltas (V13), where vacuum has marked the pages.
     */
    static final String UNITS_BETWEEN = """
            SELECT s.station, coalesce(u.good, 0)::bigint AS good, coalesce(u.reject, 0)::bigint AS reject FROM stations s
            CROSS JOIN LATERAL (SELECT sum(good_delta) AS good, sum(reject_delta) AS reject FROM counter_readings c
                                WHERE c.prison = s.prison AND c.workshop = s.workshop AND c.station = s.station
                                  AND c.ts >= $3 AND c.ts < $4) u
            WHERE s.prison = $1 AND s.workshop = $2""";
    private static final String TALLIES = """
            SELECT id, station, ts, good, reject, product, received_at FROM counter_readings
            WHERE prison = $1 AND workshop = $2 AND outcome = 'TALLY' AND ts >= $3 AND ts < $4 ORDER BY ts DESC, id""";
    private static final String LAST_ATTENDANCE = """
            SELECT ts, present FROM attendance_readings WHERE prison = $1 AND workshop = $2 ORDER BY ts DESC LIMIT 1""";
    private static final String HISTORY = """
            SELECT date_bin(make_interval(secs => $3), minute, $4) AS bucket,
                   sum(good)::bigint AS good, sum(reject)::bigint AS reject
            FROM workshop_minutes
            WHERE prison = $1 AND workshop = $2 AND minute >= $4 AND minute < $5
            GROUP BY bucket ORDER BY bucket""";
    private static final String PRODUCED = """
            SELECT coalesce(sum(good), 0)::bigint FROM workshop_minutes
            WHERE prison = $1 AND workshop = $2 AND product = $3 AND minute >= $4 AND minute < $5""";

    public record Units(java.util.UUID id, String station, Instant ts, long good, long reject) {
    }

    /** A tally as stored: its units are placed at {@code ts}, the end of the time it covers. */
    public record Tally(java.util.UUID id, String station, Instant ts, long good, long reject, String product,
                        Instant receivedAt) {
    }

    public record Bucket(Instant start, long good, long reject) {
    }

    public record Attendance(Instant ts, int present) {
    }

    private final Pool pool;

    public FigureStore(Pool pool) {
        this.pool = pool;
    }

    public Future<List<Units>> unitsSince(WorkshopKey key, Instant since) {
        return pool.preparedQuery(UNITS_SINCE).execute(Tuple.of(key.prison(), key.workshop(), Sql.timestamp(since)))
                .map(rows -> {
                    List<Units> units = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        units.add(new Units(row.getUUID("id"), row.getString("station"), row.getOffsetDateTime("ts").toInstant(),
                                row.getLong("good_delta"), row.getLong("reject_delta")));
                    }
                    return units;
                });
    }

    public Future<Map<String, Instant>> lastSeen(WorkshopKey key) {
        return pool.preparedQuery(LAST_SEEN).execute(Tuple.of(key.prison(), key.workshop())).map(rows -> {
            Map<String, Instant> seen = new HashMap<>();
            for (Row row : rows) {
                if (row.getOffsetDateTime("last_seen") != null) {
                    seen.put(row.getString("station"), row.getOffsetDateTime("last_seen").toInstant());
                }
            }
            return seen;
        });
    }

    public Future<List<StateReading>> statesSince(WorkshopKey key, Instant since) {
        return statesBetween(key, since, null);
    }

    /** As {@link #statesSince}, with changes up to {@code to} (exclusive) only; a null {@code to} has no end. */
    public Future<List<StateReading>> statesBetween(WorkshopKey key, Instant since, Instant to) {
        return pool.preparedQuery(STATES_SINCE)
                .execute(Tuple.of(key.prison(), key.workshop(), Sql.timestamp(since), to == null ? null : Sql.timestamp(to)))
                .map(rows -> {
                    List<StateReading> states = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        String reason = row.getString("reason");
                        states.add(new StateReading(key.station(row.getString("station")),
                                row.getOffsetDateTime("ts").toInstant(), MachineState.valueOf(row.getString("state")),
                                reason == null ? Optional.empty() : Optional.of(StateReason.valueOf(reason))));
                    }
                    return states;
                });
    }

    /** Good and reject units each station added in {@code [from, to)}, as {@code {good, reject}}. */
    public Future<Map<String, long[]>> unitsBetween(WorkshopKey key, Instant from, Instant to) {
        return pool.preparedQuery(UNITS_BETWEEN)
                .execute(Tuple.of(key.prison(), key.workshop(), Sql.timestamp(from), Sql.timestamp(to)))
                .map(rows -> {
                    Map<String, long[]> units = new HashMap<>();
                    for (Row row : rows) {
                        units.put(row.getString("station"), new long[]{row.getLong("good"), row.getLong("reject")});
                    }
                    return units;
                });
    }

    /** Tallies entered for the workshop's manual stations, placed in {@code [from, to)}, newest first. */
    public Future<List<Tally>> tallies(WorkshopKey key, Instant from, Instant to) {
        return pool.preparedQuery(TALLIES)
                .execute(Tuple.of(key.prison(), key.workshop(), Sql.timestamp(from), Sql.timestamp(to)))
                .map(rows -> {
                    List<Tally> tallies = new ArrayList<>();
                    for (Row row : rows) {
                        tallies.add(new Tally(row.getUUID("id"), row.getString("station"),
                                row.getOffsetDateTime("ts").toInstant(), row.getLong("good"), row.getLong("reject"),
                                row.getString("product"), row.getOffsetDateTime("received_at").toInstant()));
                    }
                    return tallies;
                });
    }

    public Future<Optional<Attendance>> lastAttendance(WorkshopKey key) {
        return pool.preparedQuery(LAST_ATTENDANCE).execute(Tuple.of(key.prison(), key.workshop()))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(new Attendance(
                        rows.iterator().next().getOffsetDateTime("ts").toInstant(), rows.iterator().next().getInteger("present"))));
    }

    /**
     * Good and reject units per step from {@code from}, from the per-minute roll-up; steps with nothing made
     * are absent. Bounds are whole minutes: {@code from} and {@code to} are taken to the minute they fall in.
     */
    public Future<List<Bucket>> history(WorkshopKey key, Instant from, Instant to, Duration step) {
        return pool.preparedQuery(HISTORY).execute(Tuple.of(key.prison(), key.workshop(), (double) step.toSeconds(),
                        Sql.timestamp(from), Sql.timestamp(to)))
                .map(rows -> {
                    List<Bucket> buckets = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        buckets.add(new Bucket(row.getOffsetDateTime("bucket").toInstant(), row.getLong("good"),
                                row.getLong("reject")));
                    }
                    return buckets;
                });
    }

    /** Good units of a product made in a workshop in {@code [from, to)}, to the minute. */
    public Future<Long> produced(WorkshopKey key, String product, Instant from, Instant to) {
        return pool.preparedQuery(PRODUCED)
                .execute(Tuple.of(key.prison(), key.workshop(), product, Sql.timestamp(from), Sql.timestamp(to)))
                .map(rows -> rows.iterator().next().getLong(0));
    }
}
