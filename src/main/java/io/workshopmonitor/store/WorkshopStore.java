package io.workshopmonitor.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import io.workshopmonitor.domain.Station;
import io.workshopmonitor.domain.WorkshopKey;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Workshop configuration: the document the API validated (schedule, target…) and the stations, both
 * configured ones and those registered by their first message.
 */
public final class WorkshopStore {

    private static final String UPSERT_WORKSHOP = """
            INSERT INTO workshops (prison, workshop, name, kind, config, created_at, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $6)
            ON CONFLICT (prison, workshop) DO UPDATE
               SET name = EXCLUDED.name, kind = EXCLUDED.kind, config = EXCLUDED.config, updated_at = EXCLUDED.updated_at
            RETURNING (xmax = 0) AS created""";
    /** Configured stations left out of a replacement go; auto-registered ones stay, their history with them. */
    private static final String DROP_UNLISTED = """
            DELETE FROM stations WHERE prison = $1 AND workshop = $2 AND NOT auto_registered
               AND station <> ALL($3::text[])""";
    private static final String UPSERT_STATIONS = """
            INSERT INTO stations (prison, workshop, station, name, ideal_cycle_seconds, auto_registered, manual)
            SELECT $1, $2, s, n, c, false, m FROM UNNEST($3::text[], $4::text[], $5::float8[], $6::bool[]) AS t(s, n, c, m)
            ON CONFLICT (prison, workshop, station) DO UPDATE
               SET name = EXCLUDED.name, ideal_cycle_seconds = EXCLUDED.ideal_cycle_seconds, auto_registered = false,
                   manual = EXCLUDED.manual""";
    private static final String SELECT_WORKSHOPS = """
            SELECT w.prison, w.workshop, w.config, w.created_at, s.station, s.name, s.ideal_cycle_seconds, s.auto_registered, s.manual
            FROM workshops w LEFT JOIN stations s ON s.prison = w.prison AND s.workshop = w.workshop
            WHERE ($1::text IS NULL OR w.prison = $1) AND ($2::text IS NULL OR w.workshop = $2)
              AND ($3::text[] IS NULL OR w.prison = ANY($3))
            ORDER BY w.prison, w.workshop, s.station""";

    /** A workshop as stored: the configuration document, every station it has, and when it was first created. */
    public record StoredWorkshop(WorkshopKey key, JsonObject document, List<Station> stations, java.time.Instant createdAt) {
    }

    private final Pool pool;

    public WorkshopStore(Pool pool) {
        this.pool = pool;
    }

    /**
     * @param at the service's now (a demo's clock runs apart from the database's): when it was created or replaced
     * @return true when the workshop was created, false when it replaced one
     */
    public Future<Boolean> put(WorkshopKey key, String name, String kind, JsonObject document, List<Station> stations,
                               java.time.Instant at) {
        return pool.withTransaction(conn -> conn.preparedQuery(UPSERT_WORKSHOP)
                .execute(Tuple.of(key.prison(), key.workshop(), name, kind, document, Sql.timestamp(at)))
                .compose(created -> conn.preparedQuery(DROP_UNLISTED)
                        .execute(Tuple.of(key.prison(), key.workshop(), ids(stations)))
                        .compose(ignored -> conn.preparedQuery(UPSERT_STATIONS).execute(Tuple.of(
                                key.prison(), key.workshop(), ids(stations),
                                stations.stream().map(s -> s.name().orElse(null)).toArray(String[]::new),
                                stations.stream().map(s -> s.idealCycleSeconds().isPresent()
                                        ? s.idealCycleSeconds().getAsDouble() : null).toArray(Double[]::new),
                                stations.stream().map(Station::manual).toArray(Boolean[]::new))))
                        .map(ignored -> created.iterator().next().getBoolean("created"))));
    }

    public Future<Optional<StoredWorkshop>> get(WorkshopKey key) {
        return get(key, Optional.empty());
    }

    /** @param prisons the caller's prisons; empty for every prison */
    public Future<Optional<StoredWorkshop>> get(WorkshopKey key, Optional<List<String>> prisons) {
        return select(key.prison(), key.workshop(), prisons).map(list -> list.stream().findFirst());
    }

    public Future<List<StoredWorkshop>> list() {
        return list(Optional.empty());
    }

    public Future<List<StoredWorkshop>> list(Optional<List<String>> prisons) {
        return select(null, null, prisons);
    }

    private Future<List<StoredWorkshop>> select(String prison, String workshop, Optional<List<String>> prisons) {
        return pool.preparedQuery(SELECT_WORKSHOPS).execute(Tuple.of(prison, workshop, Sql.prisons(prisons)))
                .map(WorkshopStore::group);
    }

    private static List<StoredWorkshop> group(RowSet<Row> rows) {
        Map<WorkshopKey, StoredWorkshop> workshops = new LinkedHashMap<>();
        for (Row row : rows) {
            WorkshopKey key = new WorkshopKey(row.getString("prison"), row.getString("workshop"));
            StoredWorkshop workshop = workshops.computeIfAbsent(key,
                    k -> new StoredWorkshop(k, (JsonObject) row.getValue("config"), new ArrayList<>(),
                            row.getOffsetDateTime("created_at").toInstant()));
            String station = row.getString("station");
            if (station != null) {
                Double cycle = row.getDouble("ideal_cycle_seconds");
                workshop.stations().add(new Station(station, Optional.ofNullable(row.getString("name")),
                        cycle == null ? OptionalDouble.empty() : OptionalDouble.of(cycle),
                        row.getBoolean("auto_registered"), row.getBoolean("manual")));
            }
        }
        return new ArrayList<>(workshops.values());
    }

    private static String[] ids(List<Station> stations) {
        return stations.stream().map(Station::id).toArray(String[]::new);
    }
}
