package io.workshopmonitor.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Versioned schema migrations from {@code db/migration/V<n>__<name>.sql}, each applied once, in order,
 * in its own transaction, under an advisory lock so two instances starting together do not race.
 */
final class Migrations {

    private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

    /** In order; a new migration is appended here and never edited once released. */
    static final List<String> SCRIPTS = List.of("V1__ingest.sql", "V2__figures.sql", "V3__alerts.sql",
            "V4__devices.sql", "V5__audit.sql", "V6__cluster.sql");

    private static final long LOCK_KEY = 0x574d_4d49_4752L; // "WMMIGR"
    /** Checked before creating, since CREATE ... IF NOT EXISTS raises a notice on every start. */
    private static final String CREATE_HISTORY = """
            DO $$ BEGIN
              IF to_regclass('schema_migrations') IS NULL THEN
                CREATE TABLE schema_migrations (
                    version    integer     PRIMARY KEY,
                    script     text        NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now()
                );
              END IF;
            END $$""";
    private static final String APPLIED = "SELECT 1 FROM schema_migrations WHERE version = $1";
    private static final String RECORD = "INSERT INTO schema_migrations (version, script) VALUES ($1, $2)";

    private final Pool pool;

    Migrations(Pool pool) {
        this.pool = pool;
    }

    Future<Void> run() {
        Future<Void> chain = pool.withTransaction(conn -> conn.query("SELECT pg_advisory_xact_lock(" + LOCK_KEY + ")")
                .execute().compose(ignored -> conn.query(CREATE_HISTORY).execute()).mapEmpty());
        for (int i = 0; i < SCRIPTS.size(); i++) {
            int version = i + 1;
            String script = SCRIPTS.get(i);
            chain = chain.compose(ignored -> pool.withTransaction(conn -> apply(conn, version, script)));
        }
        return chain;
    }

    private Future<Void> apply(SqlConnection conn, int version, String script) {
        return conn.query("SELECT pg_advisory_xact_lock(" + LOCK_KEY + ")").execute()
                .compose(ignored -> conn.preparedQuery(APPLIED).execute(Tuple.of(version)))
                .compose(rows -> rows.size() > 0
                        ? Future.succeededFuture()
                        : conn.query(read(script)).execute()
                        .compose(done -> conn.preparedQuery(RECORD).execute(Tuple.of(version, script)))
                        .onSuccess(done -> LOG.info("applied schema migration {}", script))
                        .mapEmpty());
    }

    private static String read(String script) {
        try (InputStream in = Migrations.class.getResourceAsStream("/db/migration/" + script)) {
            if (in == null) {
                throw new IllegalStateException("migration " + script + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
