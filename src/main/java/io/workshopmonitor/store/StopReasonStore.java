package io.workshopmonitor.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import io.workshopmonitor.domain.MachineState;
import io.workshopmonitor.domain.Stop;
import io.workshopmonitor.domain.StopReason;
import io.workshopmonitor.domain.WorkshopKey;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Instructors' reasons for stops, by station and the instant each stop began. */
public final class StopReasonStore {

    private static final String UPSERT = """
            INSERT INTO stop_reasons (prison, workshop, station, started, reason, note, recorded_by, recorded_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            ON CONFLICT (prison, workshop, station, started)
            DO UPDATE SET reason = EXCLUDED.reason, note = EXCLUDED.note, recorded_by = EXCLUDED.recorded_by,
                          recorded_at = EXCLUDED.recorded_at""";
    private static final String LIST = """
            SELECT station, started, reason, note, recorded_by, recorded_at FROM stop_reasons
            WHERE prison = $1 AND workshop = $2 AND started >= $3 AND started < $4""";
    /** The report a stop begins with: a station's non-running state at exactly that device time. */
    private static final String STOP_REPORT = """
            SELECT state FROM state_readings WHERE prison = $1 AND workshop = $2 AND station = $3 AND ts = $4 LIMIT 1""";

    private final Pool pool;

    public StopReasonStore(Pool pool) {
        this.pool = pool;
    }

    public Future<Void> record(WorkshopKey key, String station, Instant started, Stop.Recorded recorded) {
        return pool.preparedQuery(UPSERT).execute(Tuple.from(new Object[]{key.prison(), key.workshop(), station,
                        Sql.timestamp(started), recorded.reason().name(), recorded.note().orElse(null), recorded.by(),
                        Sql.timestamp(recorded.at())}))
                .mapEmpty();
    }

    /** Reasons of stops that began in {@code [from, to)}, by station, then by when the stop began. */
    public Future<Map<String, Map<Instant, Stop.Recorded>>> list(WorkshopKey key, Instant from, Instant to) {
        return pool.preparedQuery(LIST)
                .execute(Tuple.of(key.prison(), key.workshop(), Sql.timestamp(from), Sql.timestamp(to)))
                .map(rows -> {
                    Map<String, Map<Instant, Stop.Recorded>> recorded = new HashMap<>();
                    for (Row row : rows) {
                        recorded.computeIfAbsent(row.getString("station"), s -> new HashMap<>())
                                .put(row.getOffsetDateTime("started").toInstant(), new Stop.Recorded(
                                        StopReason.valueOf(row.getString("reason")),
                                        Optional.ofNullable(row.getString("note")), row.getString("recorded_by"),
                                        row.getOffsetDateTime("recorded_at").toInstant()));
                    }
                    return recorded;
                });
    }

    /** The state a station reported at exactly {@code ts}, if it reported one. */
    public Future<Optional<MachineState>> reportAt(WorkshopKey key, String station, Instant ts) {
        return pool.preparedQuery(STOP_REPORT)
                .execute(Tuple.of(key.prison(), key.workshop(), station, Sql.timestamp(ts)))
                .map(rows -> rows.size() == 0 ? Optional.empty()
                        : Optional.of(MachineState.valueOf(rows.iterator().next().getString("state"))));
    }
}
