package io.workshopmonitor.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

/** Secrets a cluster's instances share through their PostgreSQL, such as the key that signs tokens. */
public final class SecretStore {

    /** The first proposal stored wins; every instance then reads the same value. */
    private static final String PROPOSE = """
            WITH proposed AS (
              INSERT INTO cluster_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING RETURNING value
            )
            SELECT value FROM proposed UNION ALL SELECT value FROM cluster_secrets WHERE name = $1 LIMIT 1""";

    private final Pool pool;

    public SecretStore(Pool pool) {
        this.pool = pool;
    }

    /** @return the stored secret: {@code proposed} if none was stored yet, else the one another instance stored */
    public Future<String> shared(String name, String proposed) {
        return pool.preparedQuery(PROPOSE).execute(Tuple.of(name, proposed))
                .map(rows -> rows.iterator().next().getString("value"));
    }
}
