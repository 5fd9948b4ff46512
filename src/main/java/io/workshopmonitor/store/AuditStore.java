package io.workshopmonitor.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The audit trail: every change, with who made it, when, and from where. */
public final class AuditStore {

    /** One change. {@code prison} is null for changes that belong to no prison. */
    public record Entry(long id, Instant at, String user, String role, String remote, String action, String prison,
                        String target) {
    }

    private static final String INSERT = "INSERT INTO audit (user_name, role, remote, action, prison, target)"
            + " VALUES ($1, $2, $3, $4, $5, $6)";
    private static final String LIST = """
            SELECT id, at, user_name, role, remote, action, prison, target FROM audit
            WHERE ($1::text[] IS NULL OR prison = ANY($1)) AND ($2::text IS NULL OR prison = $2)
              AND ($3::bigint IS NULL OR id < $3)
            ORDER BY id DESC LIMIT $4""";

    private final Pool pool;

    public AuditStore(Pool pool) {
        this.pool = pool;
    }

    public Future<Void> record(String user, String role, String remote, String action, String prison, String target) {
        return pool.preparedQuery(INSERT).execute(Tuple.of(Sql.text(user), role, remote, action, prison, Sql.text(target)))
                .mapEmpty();
    }

    /** Newest first; {@code prisons} is the caller's scope (empty: every prison, and changes of none). */
    public Future<List<Entry>> list(Optional<List<String>> prisons, String prison, Long before, int limit) {
        return pool.preparedQuery(LIST).execute(Tuple.of(Sql.prisons(prisons), prison, before, limit)).map(rows -> {
            List<Entry> entries = new ArrayList<>();
            for (Row row : rows) {
                entries.add(new Entry(row.getLong("id"), row.getOffsetDateTime("at").toInstant(), row.getString("user_name"),
                        row.getString("role"), row.getString("remote"), row.getString("action"), row.getString("prison"),
                        row.getString("target")));
            }
            return entries;
        });
    }
}
