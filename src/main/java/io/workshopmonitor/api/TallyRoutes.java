package io.workshopmonitor.api;

import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.workshopmonitor.domain.Caller;
import io.workshopmonitor.domain.Identifiers;
import io.workshopmonitor.domain.Station;
import io.workshopmonitor.domain.TallyReading;
import io.workshopmonitor.domain.WorkshopKey;
import io.workshopmonitor.ingest.IngestVerticle;
import io.workshopmonitor.ingest.TallyJson;
import io.workshopmonitor.store.FigureStore;
import io.workshopmonitor.store.WorkshopStore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Manual tallies: units counted by hand at a station without a counter, entered on the instructor's tablet. A
 * tally goes through the same front door as a device's reading, so it is durable before the answer, and counts
 * in the same figures, history, contracts and alerts.
 */
final class TallyRoutes {

    /** A tally covers at most a day: a longer one is a typing slip more often than a week's bench work. */
    private static final Duration MAX_SPAN = Duration.ofDays(1);
    private static final long MAX_UNITS = 1_000_000;

    private final WorkshopStore workshops;
    private final FigureStore figures;
    private final EventBus eventBus;
    private final Clock clock;

    TallyRoutes(WorkshopStore workshops, FigureStore figures, EventBus eventBus, Clock clock) {
        this.workshops = workshops;
        this.figures = figures;
        this.eventBus = eventBus;
        this.clock = clock;
    }

    void mount(Router router) {
        router.post("/api/v1/workshops/:prison/:workshop/stations/:station/tallies").handler(this::record);
        router.get("/api/v1/workshops/:prison/:workshop/tallies").handler(this::list);
    }

    /** Body {@code {"good": 40, "reject": 2, "from": "...", "to": "...", "product": "SHIRT-M"}}. */
    private void record(RoutingContext ctx) {
        Access.require(ctx, Caller.Role.INSTRUCTOR, "entering a tally");
        WorkshopKey key = Requests.visibleWorkshopKey(ctx);
        String station = Requests.station(ctx);
        JsonObject body = Requests.bodyObject(ctx);
        long good = units(body.getValue("good"), "good");
        long reject = units(body.getValue("reject"), "reject");
        if (good + reject == 0) {
            throw Problem.badRequest("a tally counts something: 'good' or 'reject' must be above 0");
        }
        Instant from = Requests.instant(body.getValue("from"), "from");
        Instant to = Requests.instant(body.getValue("to"), "to");
        if (!to.isAfter(from) || Duration.between(from, to).compareTo(MAX_SPAN) > 0) {
            throw Problem.badRequest("'to' must be after 'from', and a tally cover at most " + MAX_SPAN.toHours() + " hours");
        }
        Object product = body.getValue("product");
        if (product != null && !(product instanceof String code && Identifiers.isProductCode(code))) {
            throw Problem.badRequest("'product' must be a product code of 1 to 64 letters, digits, '.', '_' or '-', or absent");
        }
        TallyReading tally = new TallyReading(key.station(station), from, to, good, reject, Optional.ofNullable((String) product));
        FigureRoutes.configured(workshops, key)
                .compose(workshop -> {
                    Optional<Station> found = workshop.stations().stream().filter(s -> s.id().equals(station)).findFirst();
                    if (found.isEmpty()) {
                        return Future.failedFuture(Problem.notFound("station " + station + " is not configured in " + key));
                    }
                    if (!found.get().manual()) {
                        return Future.failedFuture(new Problem(409, "Conflict", "station " + key + "/" + station
                                + " has a counter; tallies are for stations marked \"manual\": true, so nothing is counted twice"));
                    }
                    return eventBus.<JsonObject>request(IngestVerticle.TALLY, TallyJson.encode(tally));
                })
                .onSuccess(reply -> {
                    String id = reply.body().getString("id");
                    Audit.record(ctx, "tally.recorded", key.prison(), key + "/" + station + " tally " + id + " good " + good
                            + " reject " + reject + " " + from + " .. " + to);
                    Requests.json(ctx, 201, TallyJson.encode(tally).put("id", id));
                })
                .onFailure(e -> ctx.fail(e instanceof ReplyException reply ? problem(reply) : e));
    }

    private static Problem problem(ReplyException reply) {
        if (reply.failureType() == ReplyFailure.NO_HANDLERS) {
            return new Problem(503, "Service Unavailable", "ingest is still starting; try again in a moment");
        }
        return reply.failureCode() == 400 ? Problem.badRequest(reply.getMessage())
                : new Problem(503, "Service Unavailable", reply.getMessage());
    }

    private void list(RoutingContext ctx) {
        WorkshopKey key = Requests.visibleWorkshopKey(ctx);
        Instant now = clock.instant();
        io.workshopmonitor.domain.Interval range = Requests.range(ctx, now, Duration.ofDays(1));
        FigureRoutes.configured(workshops, key)
                .compose(workshop -> figures.tallies(key, range.start(), range.end()))
                .map(list -> new JsonObject().put("workshop", key.toString()).put("tallies", new JsonArray(list.stream()
                        .map(t -> (Object) new JsonObject().put("id", t.id().toString()).put("station", t.station())
                                .put("to", t.ts().toString()).put("good", t.good()).put("reject", t.reject())
                                .put("product", t.product()).put("enteredAt", t.receivedAt().toString()))
                        .toList())))
                .onSuccess(body -> Requests.json(ctx, 200, body))
                .onFailure(ctx::fail);
    }

    private static long units(Object value, String field) {
        if (value == null) {
            return 0;
        }
        if (!(value instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.longValue() < 0
                || n.longValue() > MAX_UNITS) {
            throw Problem.badRequest("'" + field + "' must be a whole number of units from 0 to " + MAX_UNITS);
        }
        return n.longValue();
    }
}
