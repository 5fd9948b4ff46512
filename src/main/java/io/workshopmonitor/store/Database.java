package io.workshopmonitor.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.workshopmonitor.config.AppConfig;

import java.util.Optional;

/** The one PostgreSQL pool, to the configured server or to an embedded one under the data directory. */
public final class Database {

    private final Pool pool;
    private final Optional<EmbeddedDatabase> embedded;

    private final PgConnectOptions options;

    private Database(Pool pool, Optional<EmbeddedDatabase> embedded, PgConnectOptions options) {
        this.pool = pool;
        this.embedded = embedded;
        this.options = options;
    }

    /** Where the database is, for the tools that speak to it themselves (migrations, backup). */
    public PgConnectOptions options() {
        return options;
    }

    /** A blocking step of a command-line tool against the database. */
    public interface Tool<T> {
        T run(PgConnectOptions database) throws Exception;
    }

    /**
     * Runs a command-line tool (backup, restore) against the configured server, or against the embedded database
     * of the data directory: the one a running service holds, else one started for the tool and stopped after.
     * Blocking.
     */
    public static <T> T forTool(AppConfig config, Tool<T> tool) throws Exception {
        if (config.database().url().isPresent()) {
            return tool.run(PgConnectOptions.fromUri(config.database().url().get()));
        }
        Optional<PgConnectOptions> running = EmbeddedDatabase.running(config.dataDir());
        if (running.isPresent()) {
            return tool.run(running.get());
        }
        try (EmbeddedDatabase embedded = EmbeddedDatabase.start(config.dataDir(), config.database().embeddedPort())) {
            return tool.run(embedded.connectOptions());
        }
    }

    public static Future<Database> start(Vertx vertx, AppConfig config) {
        AppConfig.DatabaseConfig db = config.database();
        Future<Optional<EmbeddedDatabase>> server = db.url().isPresent()
                ? Future.succeededFuture(Optional.empty())
                : vertx.executeBlocking(() -> Optional.of(EmbeddedDatabase.start(config.dataDir(), db.embeddedPort())));
        return server.map(embedded -> {
                    PgConnectOptions options = connectOptions(db, embedded);
                    return new Database(pool(vertx, db, options), embedded, options);
                })
                .compose(database -> Migrations.run(vertx, database.options)
                        .map(database)
                        .recover(failure -> database.close(vertx).transform(ignored -> Future.failedFuture(failure))));
    }

    private static PgConnectOptions connectOptions(AppConfig.DatabaseConfig db, Optional<EmbeddedDatabase> embedded) {
        PgConnectOptions options = embedded.map(EmbeddedDatabase::connectOptions)
                .orElseGet(() -> PgConnectOptions.fromUri(db.url().orElseThrow()));
        // Many readings per round trip is the batch's job; pipelining lets the ingest writer send its next batch
        // while the database works on the one before. Statements are parsed once per connection, the ingest batch
        // (longer than the client's default limit of 2048 characters) included: an uncached statement is prepared
        // anew at each execution, and the pipeline stalls until the database has answered that.
        return options.setPipeliningLimit(64).setCachePreparedStatements(true).setPreparedStatementCacheSqlLimit(8192)
                .setReconnectAttempts(0);
    }

    private static Pool pool(Vertx vertx, AppConfig.DatabaseConfig db, PgConnectOptions options) {
        return PgBuilder.pool()
                .with(new PoolOptions().setMaxSize(db.poolSize()).setMaxWaitQueueSize(db.maxWaitQueue())
                        .setName("workshop-monitor").setShared(false))
                .connectingTo(options)
                .using(vertx)
                .build();
    }

    public Pool pool() {
        return pool;
    }

    /** A cheap round trip, for readiness. */
    public Future<Void> ping() {
        return pool.query("SELECT 1").execute().mapEmpty();
    }

    public Future<Void> close(Vertx vertx) {
        return pool.close()
                .eventually(() -> embedded.isPresent()
                        ? vertx.executeBlocking(() -> {
                            embedded.get().close();
                            return null;
                        })
                        : Future.succeededFuture());
    }
}
