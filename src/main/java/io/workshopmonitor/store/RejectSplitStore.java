package io.workshopmonitor.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import io.workshopmonitor.domain.RejectCode;
import io.workshopmonitor.domain.WorkshopKey;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Instructors' splits of a station's rejects in a session by code. */
public final class RejectSplitStore {

    private static final String CLEAR = """
            DELETE FROM reject_splits WHERE prison = $1 AND workshop = $2 AND station = $3 AND session_start = $4""";
    private static final String INSERT = """
            INSERT INTO reject_splits (prison, workshop, station, session_start, code, units, recorded_by, recorded_at)
            SELECT $1, $2, $3, $4, c, u, $7, $8 FROM UNNEST($5::text[], $6::bigint[]) AS t(c, u)""";
    private static final String LIST = """
            SELECT station, session_start, code, units, recorded_by, recorded_at FROM reject_splits
            WHERE prison = $1 AND workshop = $2 AND session_start >= $3 AND session_start < $4
            ORDER BY session_start, station, code""";

    /** One station's split for one session. */
    public record Split(String station, Instant sessionStart, Map<RejectCode, Long> codes, String by, Instant at) {
    }

    private final Pool pool;

    public RejectSplitStore(Pool pool) {
        this.pool = pool;
    }

    /** Replaces the station's split for the session; an empty one clears it. */
    public Future<Void> replace(WorkshopKey key, String station, Instant sessionStart, Map<RejectCode, Long> codes,
                                String by, Instant at) {
        return pool.withTransaction(conn -> conn.preparedQuery(CLEAR)
                .execute(Tuple.of(key.prison(), key.workshop(), station, Sql.timestamp(sessionStart)))
                .compose(ignored -> codes.isEmpty() ? Future.succeededFuture() : conn.preparedQuery(INSERT)
                        .execute(Tuple.from(new Object[]{key.prison(), key.workshop(), station, Sql.timestamp(sessionStart),
                                codes.keySet().stream().map(Enum::name).toArray(String[]::new),
                                codes.values().toArray(Long[]::new), by, Sql.timestamp(at)})))
                .mapEmpty());
    }

    /** Splits of sessions that started in {@code [from, to)}, in order. */
    public Future<List<Split>> list(WorkshopKey key, Instant from, Instant to) {
        return pool.preparedQuery(LIST)
                .execute(Tuple.of(key.prison(), key.workshop(), Sql.timestamp(from), Sql.timestamp(to)))
                .map(rows -> {
                    Map<String, Split> splits = new java.util.LinkedHashMap<>();
                    for (Row row : rows) {
                        Instant session = row.getOffsetDateTime("session_start").toInstant();
                        String station = row.getString("station");
                        splits.computeIfAbsent(station + "@" + session, k -> new Split(station, session,
                                        new EnumMap<>(RejectCode.class), row.getString("recorded_by"),
                                        row.getOffsetDateTime("recorded_at").toInstant()))
                                .codes().put(RejectCode.valueOf(row.getString("code")), row.getLong("units"));
                    }
                    return new ArrayList<>(splits.values());
                });
    }

    /** The units of each code per station, summed over the sessions in the list. */
    public static Map<String, Map<RejectCode, Long>> byStation(List<Split> splits) {
        Map<String, Map<RejectCode, Long>> byStation = new HashMap<>();
        for (Split split : splits) {
            Map<RejectCode, Long> codes = byStation.computeIfAbsent(split.station(), s -> new EnumMap<>(RejectCode.class));
            split.codes().forEach((code, units) -> codes.merge(code, units, Long::sum));
        }
        return byStation;
    }
}
