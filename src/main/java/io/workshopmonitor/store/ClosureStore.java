package io.workshopmonitor.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import io.workshopmonitor.domain.Closure;
import io.workshopmonitor.domain.WorkshopKey;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Unplanned closures per workshop. */
public final class ClosureStore {

    private static final String INSERT = """
            INSERT INTO closures (prison, workshop, starts_at, ends_at, reason) VALUES ($1, $2, $3, $4, $5)
            RETURNING id, prison, workshop, starts_at, ends_at, reason""";
    /** One closure per workshop of the prison, in one statement: all of them or none. */
    private static final String INSERT_PRISON = """
            INSERT INTO closures (prison, workshop, starts_at, ends_at, reason)
            SELECT prison, workshop, $2, $3, $4 FROM workshops WHERE prison = $1 ORDER BY workshop
            RETURNING id, prison, workshop, starts_at, ends_at, reason""";
    private static final String LIST = """
            SELECT id, prison, workshop, starts_at, ends_at, reason FROM closures
            WHERE prison = $1 AND workshop = $2 AND ends_at > $3 AND starts_at < $4 ORDER BY starts_at, id""";
    private static final String DELETE = "DELETE FROM closures WHERE prison = $1 AND workshop = $2 AND id = $3";

    private final Pool pool;

    public ClosureStore(Pool pool) {
        this.pool = pool;
    }

    public Future<Closure> add(WorkshopKey key, Instant from, Instant to, Closure.Reason reason) {
        return pool.preparedQuery(INSERT)
                .execute(Tuple.of(key.prison(), key.workshop(), Sql.timestamp(from), Sql.timestamp(to), reason.name()))
                .map(rows -> closures(rows).get(0));
    }

    /** The same closure for every workshop of a prison (a lockdown, a regime curtailment); none if it has none. */
    public Future<List<Closure>> addToPrison(String prison, Instant from, Instant to, Closure.Reason reason) {
        return pool.preparedQuery(INSERT_PRISON)
                .execute(Tuple.of(prison, Sql.timestamp(from), Sql.timestamp(to), reason.name()))
                .map(ClosureStore::closures);
    }

    /** Closures overlapping {@code [from, to)}. */
    public Future<List<Closure>> list(WorkshopKey key, Instant from, Instant to) {
        return pool.preparedQuery(LIST)
                .execute(Tuple.of(key.prison(), key.workshop(), Sql.timestamp(from), Sql.timestamp(to)))
                .map(ClosureStore::closures);
    }

    /** @return whether there was such a closure */
    public Future<Boolean> delete(WorkshopKey key, long id) {
        return pool.preparedQuery(DELETE).execute(Tuple.of(key.prison(), key.workshop(), id))
                .map(rows -> rows.rowCount() > 0);
    }

    private static List<Closure> closures(RowSet<Row> rows) {
        List<Closure> closures = new ArrayList<>();
        for (Row row : rows) {
            closures.add(new Closure(row.getLong("id"), new WorkshopKey(row.getString("prison"), row.getString("workshop")),
                    row.getOffsetDateTime("starts_at").toInstant(), row.getOffsetDateTime("ends_at").toInstant(),
                    Closure.Reason.valueOf(row.getString("reason"))));
        }
        return closures;
    }
}
