package io.workshopmonitor.api;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.workshopmonitor.domain.Caller;
import io.workshopmonitor.domain.Identifiers;
import io.workshopmonitor.domain.Interval;
import io.workshopmonitor.domain.LossAnalysis;
import io.workshopmonitor.domain.MachineState;
import io.workshopmonitor.domain.SessionCalendar;
import io.workshopmonitor.domain.Stop;
import io.workshopmonitor.domain.StopReason;
import io.workshopmonitor.domain.Workshop;
import io.workshopmonitor.domain.WorkshopKey;
import io.workshopmonitor.store.LossReader;
import io.workshopmonitor.store.StopReasonStore;
import io.workshopmonitor.store.WorkshopStore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where planned time went: a workshop's stops, the reasons instructors give them, and the loss breakdown of a
 * workshop, a prison or the estate over any range, all from stored readings.
 */
final class LossRoutes {


    private final WorkshopStore workshops;
    private final LossReader reader;
    private final StopReasonStore reasons;
    private final Clock clock;

    LossRoutes(WorkshopStore workshops, LossReader reader, StopReasonStore reasons, Clock clock) {
        this.workshops = workshops;
        this.reader = reader;
        this.reasons = reasons;
        this.clock = clock;
    }

    void mount(Router router) {
        router.get("/api/v1/workshops/:prison/:workshop/losses").handler(this::workshopLosses);
        router.get("/api/v1/workshops/:prison/:workshop/stops").handler(this::stops);
        router.put("/api/v1/workshops/:prison/:workshop/stops/:station/:started").handler(this::recordReason);
        router.get("/api/v1/losses").handler(this::losses);
    }

    private void workshopLosses(RoutingContext ctx) {
        WorkshopKey key = Requests.visibleWorkshopKey(ctx);
        Instant now = clock.instant();
        FigureRoutes.configured(workshops, key)
                .compose(workshop -> reader.analyse(workshop, range(ctx, workshop, now), now))
                .map(result -> LossJson.workshop(result))
                .onSuccess(body -> Requests.json(ctx, 200, body))
                .onFailure(ctx::fail);
    }

    private void stops(RoutingContext ctx) {
        WorkshopKey key = Requests.visibleWorkshopKey(ctx);
        Instant now = clock.instant();
        FigureRoutes.configured(workshops, key)
                .compose(workshop -> reader.analyse(workshop, range(ctx, workshop, now), now))
                .map(result -> new JsonObject().put("workshop", key.toString())
                        .put("from", result.range().start().toString()).put("to", result.range().end().toString())
                        .put("reasons", LossJson.reasonList())
                        .put("stops", new JsonArray(result.stops().stream().map(s -> (Object) LossJson.stop(s)).toList())))
                .onSuccess(body -> Requests.json(ctx, 200, body))
                .onFailure(ctx::fail);
    }

    /**
     * Body {@code {"reason": "MATERIAL_SHORTAGE", "note": "no thread delivered"}}: the reason wins over the device's
     * own, and may be changed again later. Who gave it comes from the token.
     */
    private void recordReason(RoutingContext ctx) {
        Caller caller = Access.require(ctx, Caller.Role.INSTRUCTOR, "giving a stop's reason");
        WorkshopKey key = Requests.visibleWorkshopKey(ctx);
        String station = Requests.station(ctx);
        Instant started = Requests.instant(ctx.pathParam("started"), "started");
        JsonObject body = Requests.bodyObject(ctx);
        StopReason reason = stopReason(body.getValue("reason"));
        Optional<String> note = Requests.note(body.getValue("note"), "note");
        Stop.Recorded recorded = new Stop.Recorded(reason, note, caller.user(), clock.instant());
        FigureRoutes.configured(workshops, key)
                .compose(workshop -> reasons.reportAt(key, station, started))
                .compose(state -> {
                    if (state.isEmpty() || state.get() == MachineState.RUNNING) {
                        return Future.failedFuture(Problem.notFound("no stop of " + key + "/" + station + " began at " + started
                                + ": a stop is named by its station and the time of its first IDLE, DOWN or OFF report"
                                + " (GET .../stops lists them)"));
                    }
                    return reasons.record(key, station, started, recorded);
                })
                .onSuccess(ignored -> {
                    Audit.record(ctx, "stop.reason", key.prison(), key + "/" + station + " stop " + started + " " + reason);
                    Requests.json(ctx, 200, new JsonObject().put("workshop", key.toString()).put("station", station)
                            .put("started", started.toString()).put("reason", reason.name())
                            .put("category", reason.category().name()).put("note", note.orElse(null))
                            .put("by", caller.user()).put("at", recorded.at().toString()));
                })
                .onFailure(ctx::fail);
    }

    /** A prison's ({@code ?prison=}) or, without one, every visible workshop's losses summed. */
    private void losses(RoutingContext ctx) {
        Caller caller = Access.caller(ctx);
        String prison = ctx.queryParams().get("prison");
        if (prison != null) {
            if (!Identifiers.isPrison(prison)) {
                throw Problem.badRequest("prison '" + prison + "' must be an establishment code of three capital letters, such as MDI");
            }
            Access.visible(caller, prison, "prison " + prison + " has no workshops");
        }
        Instant now = clock.instant();
        Interval range = explicitRange(ctx, now).orElseGet(() -> new Interval(now.minus(Duration.ofDays(1)), now));
        workshops.list(prison == null ? caller.scope() : Optional.of(List.of(prison)))
                .compose(stored -> {
                    List<Future<LossAnalysis.Result>> each = new ArrayList<>();
                    for (WorkshopStore.StoredWorkshop s : stored) {
                        each.add(reader.analyse(WorkshopJson.fromStored(s.key(), s.document(), s.stations()), range, now));
                    }
                    return Future.all(each).map(all -> {
                        List<LossAnalysis.Result> results = all.list();
                        // time after now is not counted: a range wholly ahead is an empty one at its start
                        Instant end = range.end().isAfter(now) ? now : range.end();
                        Interval counted = new Interval(range.start(), end.isAfter(range.start()) ? end : range.start());
                        return LossJson.summed(prison, counted, stored.stream().map(WorkshopStore.StoredWorkshop::key).toList(), results);
                    });
                })
                .onSuccess(body -> Requests.json(ctx, 200, body))
                .onFailure(ctx::fail);
    }

    /** {@code ?from&to}, or without them the workshop's current or last session. */
    private static Interval range(RoutingContext ctx, Workshop workshop, Instant now) {
        return explicitRange(ctx, now).orElseGet(() -> new SessionCalendar(workshop.schedule(), List.of())
                .currentOrLast(now).map(s -> s.nominal()).orElse(new Interval(now.minus(Duration.ofDays(1)), now)));
    }

    private static Optional<Interval> explicitRange(RoutingContext ctx, Instant now) {
        String fromParam = ctx.queryParams().get("from");
        String toParam = ctx.queryParams().get("to");
        if (fromParam == null && toParam == null) {
            return Optional.empty();
        }
        if (fromParam == null) {
            throw Problem.badRequest("'from' is required with 'to'");
        }
        Instant from = Requests.instant(fromParam, "from");
        return Optional.of(Requests.range(from, toParam == null ? now : Requests.instant(toParam, "to")));
    }

    private static StopReason stopReason(Object value) {
        if (value instanceof String s) {
            for (StopReason reason : StopReason.values()) {
                if (reason.name().equals(s)) {
                    return reason;
                }
            }
        }
        throw Problem.badRequest("'reason' must be one of " + java.util.Arrays.toString(StopReason.values()));
    }
}
