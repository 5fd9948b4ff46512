package io.workshopmonitor.support;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A store test's real PostgreSQL: a fresh database the service has migrated (and runs on, for what a test
 * needs of it), with a pool of the test's own to drive a store class directly.
 */
public final class StoreUnderTest implements AutoCloseable {

    public final TestDatabase db;
    public final RunningService service;
    public final Pool pool;
    private final Vertx vertx;

    private StoreUnderTest(TestDatabase db, RunningService service, Vertx vertx, Pool pool) {
        this.db = db;
        this.service = service;
        this.vertx = vertx;
        this.pool = pool;
    }

    public static StoreUnderTest start(Path dataDir) {
        TestDatabase db = TestDatabase.create();
        RunningService service = RunningService.start(RunningService.env(dataDir, Map.of("WM_DATABASE_URL", db.url())));
        Vertx vertx = Vertx.vertx();
        return new StoreUnderTest(db, service, vertx,
                PgBuilder.pool().connectingTo(PgConnectOptions.fromUri(db.url())).using(vertx).build());
    }

    /** A store call's result, or its failure thrown, within 10 seconds. */
    public static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        pool.close();
        vertx.close();
        service.close();
    }
}
