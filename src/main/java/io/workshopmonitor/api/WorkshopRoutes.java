package io.workshopmonitor.api;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.workshopmonitor.domain.Caller;
import io.workshopmonitor.domain.Interval;
import io.workshopmonitor.domain.SessionCalendar;
import io.workshopmonitor.domain.Station;
import io.workshopmonitor.domain.Workshop;
import io.workshopmonitor.domain.WorkshopDirectory;
import io.workshopmonitor.domain.WorkshopKey;
import io.workshopmonitor.live.FiguresJson;
import io.workshopmonitor.live.FiguresView;
import io.workshopmonitor.owner.ConfigChanges;
import io.workshopmonitor.store.WorkshopStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;

/** {@code PUT/GET /workshops/{prison}/{workshop}} and {@code GET /workshops}: configuration with live figures. */
final class WorkshopRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(WorkshopRoutes.class);

    private final WorkshopStore workshops;
    private final WorkshopDirectory directory;
    private final FiguresView view;
    private final ConfigChanges changes;

    private final java.time.Clock clock;

    WorkshopRoutes(WorkshopStore workshops, WorkshopDirectory directory, FiguresView view, ConfigChanges changes,
                   java.time.Clock clock) {
        this.clock = clock;
        this.workshops = workshops;
        this.directory = directory;
        this.view = view;
        this.changes = changes;
    }

    void mount(Router router) {
        router.get("/api/v1/workshops").handler(this::list);
        router.get("/api/v1/workshops/:prison/:workshop").handler(this::get);
        router.put("/api/v1/workshops/:prison/:workshop").handler(this::put);
    }

    private void list(RoutingContext ctx) {
        workshops.list(Access.caller(ctx).scope())
                .map(list -> new JsonArray(list.stream().map(w -> (Object) render(w)).toList()))
                .onSuccess(array -> Requests.json(ctx, 200, new JsonObject().put("workshops", array)))
                .onFailure(ctx::fail);
    }

    private void get(RoutingContext ctx) {
        WorkshopKey key = Requests.visibleWorkshopKey(ctx);
        workshops.get(key)
                .map(found -> found.orElseThrow(() -> Problem.notFound("workshop " + key + " is not configured")))
                .onSuccess(w -> Requests.json(ctx, 200, render(w)))
                .onFailure(ctx::fail);
    }

    private void put(RoutingContext ctx) {
        // managers set up their own prisons' workshops; another prison's is not there for them (404)
        Access.require(ctx, Caller.Role.MANAGER, "configuring a workshop");
        WorkshopKey key = Requests.visibleWorkshopKey(ctx);
        Workshop workshop = WorkshopJson.parse(key, Requests.bodyObject(ctx));
        workshops.put(key, workshop.name(), workshop.kind(), WorkshopJson.document(workshop), workshop.stations(), clock.instant())
                .compose(created -> workshops.get(key).map(stored -> new Saved(created, stored.orElseThrow())))
                .compose(this::applied)
                .onSuccess(saved -> {
                    Audit.record(ctx, saved.created() ? "workshop.created" : "workshop.replaced", key.prison(), key.toString());
                    Requests.json(ctx, saved.created() ? 201 : 200, render(saved.stored()));
                })
                .onFailure(ctx::fail);
    }

    private record Saved(boolean created, WorkshopStore.StoredWorkshop stored) {
    }

    /**
     * The live figures learn of the workshop once it is stored, and ingest only after that, so no reading of
     * a new workshop can be committed before its live state exists to take it.
     */
    private Future<Saved> applied(Saved saved) {
        WorkshopStore.StoredWorkshop stored = saved.stored();
        return changes.workshop(stored.key())
                .onSuccess(ignored -> {
                    directory.putWorkshop(stored.key(), stored.stations().stream().map(Station::id).toList());
                    LOG.info("workshop {} {}", stored.key(), saved.created() ? "created" : "replaced");
                })
                .map(saved);
    }

    /**
     * The configuration with the live figures, when it was created and its next session: a workshop created after
     * its last session has not worked one yet, and a screen should say when it will rather than judge that one.
     */
    private JsonObject render(WorkshopStore.StoredWorkshop stored) {
        JsonObject json = WorkshopJson.render(stored.key(), stored.document(), stored.stations());
        Instant now = clock.instant();
        Workshop workshop = WorkshopJson.fromStored(stored.key(), stored.document(), stored.stations());
        java.util.Optional<Interval> next = new SessionCalendar(workshop.schedule(), java.util.List.of())
                .sessions(now, now.plus(java.time.Duration.ofDays(8))).stream()
                .filter(session -> session.start().isAfter(now)).findFirst();
        return json.put("createdAt", stored.createdAt().toString())
                .put("nextSession", next.map(s -> new JsonObject().put("start", s.start().toString())
                        .put("end", s.end().toString())).orElse(null))
                .put("kpis", view.figures(stored.key()).map(FiguresJson::workshop).orElse(null));
    }
}
