package io.workshopmonitor.owner;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.workshopmonitor.config.AppConfig;
import io.workshopmonitor.config.ConfigLoader;
import io.workshopmonitor.domain.Station;
import io.workshopmonitor.domain.WorkshopDirectory;
import io.workshopmonitor.domain.WorkshopKey;
import io.workshopmonitor.live.FiguresView;
import io.workshopmonitor.metrics.BusinessMetrics;
import io.workshopmonitor.metrics.IngestMetrics;
import io.workshopmonitor.store.ClosureStore;
import io.workshopmonitor.store.Database;
import io.workshopmonitor.store.FigureStore;
import io.workshopmonitor.store.ReadingStore;
import io.workshopmonitor.store.WorkshopStore;
import io.workshopmonitor.support.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An owner on a real PostgreSQL, with which workshops are "ours" under the test's control, as a cluster member's
 * held partitions are under Kafka's: ownership follows that answer even when it changes while a workshop is being
 * restored.
 */
class WorkshopOwnerIT {

    private static final WorkshopKey LINE = new WorkshopKey("MDI", "line-1");

    @TempDir
    Path dir;

    private Vertx vertx;
    private Database database;
    private Context context;
    private FiguresView view;
    private final Set<WorkshopKey> ours = ConcurrentHashMap.newKeySet();

    @BeforeEach
    void start() throws Exception {
        TestDatabase db = TestDatabase.create();
        AppConfig config = ConfigLoader.load(Map.of("WM_DATABASE_URL", db.url(), "WM_DATA_DIR", dir.toString()));
        vertx = Vertx.vertx();
        context = vertx.getOrCreateContext();
        database = on(() -> Database.start(vertx, config));
        WorkshopStore workshops = new WorkshopStore(database.pool());
        JsonObject document = new JsonObject().put("name", "Line 1").put("kind", "contract-packing")
                .put("schedule", new JsonObject().put("timezone", "UTC").put("sessions", new JsonArray()));
        on(() -> workshops.put(LINE, "Line 1", "contract-packing", document,
                List.of(new Station("s", Optional.of("S"), OptionalDouble.of(1), false)), java.time.Instant.now()));
        view = new FiguresView("test");
    }

    @AfterEach
    void stop() throws Exception {
        if (database != null) {
            on(() -> database.close(vertx));
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aWorkshopWhosePartitionLeavesWhileItIsBeingRestoredIsLetGo() throws Exception {
        WorkshopOwner owner = owner();
        ours.add(LINE);
        // a configuration change found the workshop ours and started restoring it; a rebalance takes the
        // partition away before the store has answered
        on(() -> {
            Future<Void> gained = owner.gain(LINE::equals);
            ours.remove(LINE);
            return gained;
        });
        assertThat(on(() -> Future.succeededFuture(owner.owned()))).as("owned after the partition left").isEmpty();
        assertThat(view.owned()).as("figures published as owner").isEmpty();
    }

    @Test
    void aWorkshopThatStaysOursWhileItIsRestoredIsOwned() throws Exception {
        WorkshopOwner owner = owner();
        ours.add(LINE);
        on(() -> owner.gain(LINE::equals));
        assertThat(on(() -> Future.succeededFuture(owner.owned()))).containsExactly(LINE);
        assertThat(view.owned()).extracting(FiguresView.Snapshot::key).containsExactly(LINE);
    }

    private WorkshopOwner owner() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        WorkshopOwner.Services services = new WorkshopOwner.Services(
                ConfigLoader.load(Map.of("WM_DATA_DIR", dir.toString())), new WorkshopStore(database.pool()),
                new ReadingStore(database.pool()), new FigureStore(database.pool()), new ClosureStore(database.pool()),
                new WorkshopDirectory(), view, new IngestMetrics(registry), new BusinessMetrics(registry, view, Map::of),
                Clock.systemUTC());
        return on(() -> Future.succeededFuture(WorkshopOwner.create(vertx, services, ours::contains)));
    }

    /** Runs a step on the owner's one context, as the service does, and waits for its result. */
    private <T> T on(Supplier<Future<T>> step) throws Exception {
        CompletableFuture<T> done = new CompletableFuture<>();
        context.runOnContext(v -> step.get().onComplete((result, failure) -> {
            if (failure == null) {
                done.complete(result);
            } else {
                done.completeExceptionally(failure);
            }
        }));
        return done.get(30, TimeUnit.SECONDS);
    }
}
