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

    private Database(Pool pool, Optional<EmbeddedDatabase> embedded) {
        this.pool = pool;
        this.embedded = embedded;
    }

    public static Future<Database> start(Vertx vertx, AppConfig config) {
        AppConfig.DatabaseConfig db = config.database();
        Future<Optional<EmbeddedDatabase>> server = db.url().isPresent()
                ? Future.succeededFuture(Optional.empty())
                : vertx.executeBlocking(() -> Optional.of(EmbeddedDatabase.start(config.dataDir(), db.embeddedPort())));
        return server.map(embedded -> new Database(pool(vertx, db, connectOptions(db, embedded)), embedded))
                .compose(database -> new Migrations(database.pool).run()
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
