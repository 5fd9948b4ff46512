package io.workshopmonitor.owner;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.workshopmonitor.config.AppConfig;
import io.workshopmonitor.live.FiguresView;
import io.workshopmonitor.metrics.BusinessMetrics;
import io.workshopmonitor.metrics.IngestMetrics;
import io.workshopmonitor.store.ClosureStore;
import io.workshopmonitor.store.FigureStore;
import io.workshopmonitor.api.WorkshopJson;
import io.workshopmonitor.domain.Station;
import io.workshopmonitor.domain.WorkshopDirectory;
import io.workshopmonitor.domain.WorkshopKey;
import io.workshopmonitor.live.LiveFigures;
import io.workshopmonitor.store.ReadingStore;
import io.workshopmonitor.store.WorkshopStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Owns a set of workshops on one context: their counters ({@link ReadingApplier}) and their live figures
 * ({@link LiveFigures}). A single node owns every workshop; a cluster member owns those of the Kafka partitions
 * it holds. Gaining a workshop restores both from PostgreSQL before its first reading is applied, so a
 * hand-over neither loses nor repeats a delta.
 */
public final class WorkshopOwner {

    private static final Logger LOG = LoggerFactory.getLogger(WorkshopOwner.class);
    /** Figures move with time alone (a sliding window, a session running on): published again this often. */
    private static final long REFRESH_MS = 1_000;
    private static final long TRIM_EVERY_MS = 10_000;

    private final WorkshopStore workshops;
    private final ReadingStore readings;
    private final WorkshopDirectory directory;
    private final ReadingApplier applier;
    private final LiveFigures live;
    private final Predicate<WorkshopKey> ours;
    private Future<Void> gaining = Future.succeededFuture();

    /**
     * @param ours which workshops this process should own: all of them on a single node, those of the held
     *             partitions in a cluster
     */
    public WorkshopOwner(WorkshopStore workshops, ReadingStore readings, WorkshopDirectory directory,
                         ReadingApplier applier, LiveFigures live, Predicate<WorkshopKey> ours) {
        this.workshops = workshops;
        this.readings = readings;
        this.directory = directory;
        this.applier = applier;
        this.live = live;
        this.ours = ours;
    }

    /** What an owner is built from; the same on a single node and in a cluster. */
    public record Services(AppConfig config, WorkshopStore workshops, ReadingStore readings, FigureStore figures,
                           ClosureStore closures, WorkshopDirectory directory, FiguresView view, IngestMetrics metrics,
                           BusinessMetrics business, Clock clock) {
    }

    /**
     * Builds an owner on the calling verticle's context (its only context from then on): the batch writer whose
     * commits feed the live figures and the unit counters, the timers that keep the figures moving with time, and
     * the address over which configuration changes reach it.
     */
    public static WorkshopOwner create(Vertx vertx, Services services, Predicate<WorkshopKey> ours) {
        AppConfig.IngestConfig ingest = services.config().ingest();
        LiveFigures live = new LiveFigures(services.figures(), services.closures(),
                services.config().figures().windowMinutes(), services.clock(), services.view());
        BatchWriter writer = new BatchWriter(vertx, services.readings(), ingest.batchMaxSize(), ingest.batchMaxDelayMs(),
                ingest.maxPending(), (applied, nanos) -> {
                    services.metrics().batchCommitted(nanos);
                    live.committed(applied);
                    services.business().committed(applied);
                });
        services.metrics().pendingGauge(writer::pending);
        WorkshopOwner owner = new WorkshopOwner(services.workshops(), services.readings(), services.directory(),
                new ReadingApplier(writer), live, ours);
        vertx.setPeriodic(REFRESH_MS, id -> live.refresh());
        vertx.setPeriodic(TRIM_EVERY_MS, id -> {
            live.prune();
            services.readings().trimDeadLetters(ingest.deadLetterLimit())
                    .onFailure(e -> LOG.debug("dead-letter trim skipped: {}", e.toString()));
        });
        vertx.eventBus().<String>localConsumer(OwnerAddresses.WORKSHOP_CHANGED, message ->
                WorkshopKey.parse(message.body()).map(owner::changed).orElse(Future.succeededFuture())
                        .onSuccess(ignored -> message.reply(null))
                        .onFailure(e -> message.fail(500, e.toString())));
        return owner;
    }

    public ReadingApplier applier() {
        return applier;
    }

    public Set<WorkshopKey> owned() {
        return live.owned();
    }

    /**
     * Takes on the configured workshops that {@code candidates} picks (all when null): counters resumed and
     * figures rebuilt from the store, one workshop after another, before the caller lets their readings in.
     * Gains run one at a time, and a workshop whose partition went elsewhere while it was being restored (a
     * rebalance racing a configuration change) is let go at the end, so no instance keeps stale counters or
     * publishes figures for a workshop another instance owns.
     */
    public Future<Void> gain(Predicate<WorkshopKey> candidates) {
        Future<Void> next = gaining.transform(ignored -> restore(candidates))
                .andThen(ignored -> loseWhatIsNotOurs());
        gaining = next.otherwiseEmpty();
        return next;
    }

    /** Lets go of every workshop, and every station's counter, whose partition this instance no longer holds. */
    public void loseWhatIsNotOurs() {
        lose(owned().stream().filter(key -> !ours.test(key)).toList());
        applier.forgetUnless(ours);
    }

    private Future<Void> restore(Predicate<WorkshopKey> candidates) {
        return workshops.list()
                .compose(stored -> {
                    stored.forEach(w -> directory.putWorkshop(w.key(), w.stations().stream().map(Station::id).toList()));
                    List<WorkshopStore.StoredWorkshop> gained = stored.stream()
                            .filter(w -> candidates == null || candidates.test(w.key()))
                            .filter(w -> !live.owns(w.key()))
                            .toList();
                    List<WorkshopKey> keys = gained.stream().map(WorkshopStore.StoredWorkshop::key).toList();
                    return readings.resumeTrackers(candidates == null ? null : keys)
                            .compose(trackers -> {
                                applier.resume(trackers);
                                Future<Void> loaded = Future.succeededFuture();
                                for (WorkshopStore.StoredWorkshop w : gained) {
                                    loaded = loaded.compose(ignored -> live.load(WorkshopJson.fromStored(w.key(),
                                            w.document(), w.stations())));
                                }
                                return loaded;
                            })
                            .onSuccess(ignored -> {
                                if (!gained.isEmpty()) {
                                    LOG.info("now owning {} workshops: counters and figures restored from the store",
                                            gained.size());
                                }
                            });
                });
    }

    /** Hands workshops over: what this process knew of them is forgotten, the store has it all. */
    public void lose(Collection<WorkshopKey> keys) {
        if (keys.isEmpty()) {
            return;
        }
        applier.forget(keys);
        live.drop(keys);
        LOG.info("no longer owning {} workshops", keys.size());
    }

    /**
     * A workshop was created or replaced, or its closures changed, on this instance or another: the directory
     * takes its stations, and if it is ours its live state takes the change (a new workshop is gained).
     */
    public Future<Void> changed(WorkshopKey key) {
        return workshops.get(key).compose(found -> {
            if (found.isEmpty()) {
                return Future.succeededFuture();
            }
            WorkshopStore.StoredWorkshop w = found.get();
            directory.putWorkshop(key, w.stations().stream().map(Station::id).toList());
            if (!ours.test(key)) {
                return Future.succeededFuture();
            }
            if (!live.owns(key)) {
                return gain(key::equals);
            }
            return live.reconfigure(WorkshopJson.fromStored(w.key(), w.document(), w.stations()));
        });
    }
}
