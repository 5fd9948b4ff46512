package io.workshopmonitor.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The people whose earlier tokens are refused, kept in PostgreSQL so every instance and every restart knows. */
public final class RevocationStore {

    private static final String REVOKE = """
            INSERT INTO token_revocations (user_name, revoked_before, revoked_by) VALUES ($1, now(), $2)
            ON CONFLICT (user_name) DO UPDATE SET revoked_before = now(), revoked_by = $2
            RETURNING revoked_before""";
    private static final String ALL = "SELECT user_name, revoked_before FROM token_revocations ORDER BY user_name";

    private final Pool pool;

    public RevocationStore(Pool pool) {
        this.pool = pool;
    }

    /** Revokes every token of {@code user} issued until now; the time it took effect. */
    public Future<Instant> revoke(String user, String by) {
        return pool.preparedQuery(REVOKE).execute(Tuple.of(user, Sql.text(by)))
                .map(rows -> rows.iterator().next().getOffsetDateTime(0).toInstant());
    }

    public Future<Map<String, Instant>> all() {
        return pool.query(ALL).execute().map(rows -> {
            Map<String, Instant> all = new LinkedHashMap<>();
            for (Row row : rows) {
                all.put(row.getString(0), row.getOffsetDateTime(1).toInstant());
            }
            return all;
        });
    }
}
