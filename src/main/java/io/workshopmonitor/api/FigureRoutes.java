package io.workshopmonitor.api;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.workshopmonitor.domain.Caller;
import io.workshopmonitor.domain.Closure;
import io.workshopmonitor.domain.Ratios;
import io.workshopmonitor.domain.Workshop;
import io.workshopmonitor.domain.WorkshopKey;
import io.workshopmonitor.live.FiguresJson;
import io.workshopmonitor.live.FiguresView;
import io.workshopmonitor.owner.ConfigChanges;
import io.workshopmonitor.store.ClosureStore;
import io.workshopmonitor.store.FigureStore;
import io.workshopmonitor.store.WorkshopStore;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Live figures ({@code kpis}), history from stored readings, and closures of one workshop. */
final class FigureRoutes {

    static final int MAX_POINTS = 2000;
    private static final Duration MIN_STEP = Duration.ofMinutes(1);
    private static final Duration MAX_STEP = Duration.ofDays(1);
    private static final Duration MAX_CLOSURE = Duration.ofDays(400);
    private static final Pattern SHORT_STEP = Pattern.compile("(\\d{1,5})([mhd])");

    private final WorkshopStore workshops;
    private final ClosureStore closures;
    private final FigureStore figures;
    private final FiguresView view;
    private final ConfigChanges changes;
    private final java.time.Clock clock;

    FigureRoutes(WorkshopStore workshops, ClosureStore closures, FigureStore figures, FiguresView view,
                 ConfigChanges changes, java.time.Clock clock) {
        this.workshops = workshops;
        this.closures = closures;
        this.figures = figures;
        this.view = view;
        this.changes = changes;
        this.clock = clock;
    }

    void mount(Router router) {
        router.get("/api/v1/workshops/:prison/:workshop/kpis").handler(this::kpis);
        router.get("/api/v1/workshops/:prison/:workshop/history").handler(this::history);
        router.post("/api/v1/workshops/:prison/:workshop/closures").handler(this::addClosure);
        router.get("/api/v1/workshops/:prison/:workshop/closures").handler(this::listClosures);
        router.delete("/api/v1/workshops/:prison/:workshop/closures/:id").handler(this::deleteClosure);
        router.post("/api/v1/prisons/:prison/closures").handler(this::addPrisonClosure);
    }

    private void kpis(RoutingContext ctx) {
        WorkshopKey key = Requests.visibleWorkshopKey(ctx);
        Requests.json(ctx, 200, view.figures(key).map(FiguresJson::workshop)
                .orElseThrow(() -> Problem.notFound("workshop " + key + " is not configured")));
    }

    private void history(RoutingContext ctx) {
        WorkshopKey key = Requests.visibleWorkshopKey(ctx);
        Duration step = step(ctx.queryParams().get("step"));
        // history is kept by minute: both bounds are taken to the minute they fall in
        Instant to = (ctx.queryParams().get("to") == null ? clock.instant()
                : Requests.instant(ctx.queryParams().get("to"), "to")).truncatedTo(ChronoUnit.MINUTES);
        Instant from = (ctx.queryParams().get("from") == null ? to.minus(Duration.ofDays(1))
                : Requests.instant(ctx.queryParams().get("from"), "from")).truncatedTo(ChronoUnit.MINUTES);
        if (!to.isAfter(from)) {
            throw Problem.badRequest("'to' must be after 'from'");
        }
        long points = (Duration.between(from, to).toSeconds() + step.toSeconds() - 1) / step.toSeconds();
        if (points > MAX_POINTS) {
            throw Problem.badRequest("from " + from + " to " + to + " in steps of " + step + " is " + points
                    + " points; at most " + MAX_POINTS + " are returned: ask for a larger step or a shorter range");
        }
        configured(workshops, key)
                .compose(ignored -> figures.history(key, from, to, step))
                .map(buckets -> {
                    Map<Instant, FigureStore.Bucket> byStart = new HashMap<>();
                    buckets.forEach(b -> byStart.put(b.start(), b));
                    JsonArray series = new JsonArray();
                    for (Instant start = from; start.isBefore(to); start = start.plus(step)) {
                        FigureStore.Bucket bucket = byStart.getOrDefault(start, new FigureStore.Bucket(start, 0, 0));
                        series.add(new JsonObject()
                                .put("start", start.toString())
                                .put("good", bucket.good())
                                .put("reject", bucket.reject())
                                .put("throughputPerHour", FiguresJson.rate(bucket.good() * 3600.0 / step.toSeconds()))
                                .put("quality", FiguresJson.ratio(Ratios.quality(bucket.good(), bucket.reject()))));
                    }
                    return new JsonObject().put("workshop", key.toString()).put("from", from.toString())
                            .put("to", to.toString()).put("step", step.toString()).put("points", series);
                })
                .onSuccess(body -> Requests.json(ctx, 200, body))
                .onFailure(ctx::fail);
    }

    /** ISO-8601 ({@code PT15M}, {@code P1D}) or short ({@code 15m}, {@code 1h}, {@code 1d}); whole minutes, 1 min to 1 day. */
    static Duration step(String value) {
        if (value == null) {
            return Duration.ofMinutes(15);
        }
        Duration step = null;
        Matcher shortForm = SHORT_STEP.matcher(value.toLowerCase(Locale.ROOT));
        if (shortForm.matches()) {
            long n = Long.parseLong(shortForm.group(1));
            step = switch (shortForm.group(2)) {
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        } else {
            try {
                step = Duration.parse(value);
            } catch (DateTimeParseException e) {
                // reported below
            }
        }
        if (step == null || step.compareTo(MIN_STEP) < 0 || step.compareTo(MAX_STEP) > 0 || step.toSeconds() % 60 != 0) {
            throw Problem.badRequest("'step' must be whole minutes from 1 minute to 1 day, such as 15m, 1h, 1d or PT15M");
        }
        return step;
    }

    /** What a closure's body asks for: {@code from}, {@code to} and a {@code reason} code. */
    private record ClosureRequest(Instant from, Instant to, Closure.Reason reason) {
        static ClosureRequest of(RoutingContext ctx) {
            JsonObject body = Requests.bodyObject(ctx);
            Instant from = Requests.instant(body.getValue("from"), "from");
            Instant to = Requests.instant(body.getValue("to"), "to");
            if (!to.isAfter(from) || Duration.between(from, to).compareTo(MAX_CLOSURE) > 0) {
                throw Problem.badRequest("'to' must be after 'from', and a closure at most " + MAX_CLOSURE.toDays() + " days long");
            }
            return new ClosureRequest(from, to, FigureRoutes.reason(body.getValue("reason")));
        }
    }

    private void addClosure(RoutingContext ctx) {
        Access.require(ctx, Caller.Role.INSTRUCTOR, "recording a closure");
        WorkshopKey key = Requests.visibleWorkshopKey(ctx);
        ClosureRequest request = ClosureRequest.of(ctx);
        Instant from = request.from();
        Instant to = request.to();
        Closure.Reason reason = request.reason();
        configured(workshops, key)
                .compose(workshop -> closures.add(key, from, to, reason)
                        .compose(closure -> changes.workshop(key).map(closure)))
                .onSuccess(closure -> {
                    Audit.record(ctx, "closure.added", key.prison(), key + " closure " + closure.id() + " " + closure.reason());
                    Requests.json(ctx, 201, closureJson(closure));
                })
                .onFailure(ctx::fail);
    }

    /**
     * A lockdown or a regime curtailment: one action closes every workshop of the prison for the period, so
     * each takes it out of planned time and its live figures follow at once.
     */
    private void addPrisonClosure(RoutingContext ctx) {
        Access.require(ctx, Caller.Role.MANAGER, "closing every workshop of a prison");
        String prison = Requests.visiblePrison(ctx);
        ClosureRequest request = ClosureRequest.of(ctx);
        closures.addToPrison(prison, request.from(), request.to(), request.reason())
                .compose(added -> {
                    if (added.isEmpty()) {
                        return Future.failedFuture(Problem.notFound("prison " + prison + " has no workshops"));
                    }
                    return Future.all(added.stream().map(c -> changes.workshop(c.workshop())).toList()).map(added);
                })
                .onSuccess(added -> {
                    Audit.record(ctx, "closure.added", prison, prison + " every workshop (" + added.size() + ") "
                            + request.reason() + " " + request.from() + " .. " + request.to());
                    Requests.json(ctx, 201, new JsonObject().put("prison", prison)
                            .put("closures", new JsonArray(added.stream().map(c -> (Object) closureJson(c)).toList())));
                })
                .onFailure(ctx::fail);
    }

    private void listClosures(RoutingContext ctx) {
        WorkshopKey key = Requests.visibleWorkshopKey(ctx);
        Instant now = clock.instant();
        Instant from = ctx.queryParams().get("from") == null ? now.minus(Duration.ofDays(7))
                : Requests.instant(ctx.queryParams().get("from"), "from");
        Instant to = ctx.queryParams().get("to") == null ? now.plus(MAX_CLOSURE)
                : Requests.instant(ctx.queryParams().get("to"), "to");
        configured(workshops, key)
                .compose(ignored -> closures.list(key, from, to))
                .map(list -> new JsonObject().put("closures",
                        new JsonArray(list.stream().map(c -> (Object) closureJson(c)).toList())))
                .onSuccess(body -> Requests.json(ctx, 200, body))
                .onFailure(ctx::fail);
    }

    private void deleteClosure(RoutingContext ctx) {
        Access.require(ctx, Caller.Role.INSTRUCTOR, "withdrawing a closure");
        WorkshopKey key = Requests.visibleWorkshopKey(ctx);
        long id;
        try {
            id = Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw Problem.notFound("no closure " + ctx.pathParam("id") + " in " + key);
        }
        configured(workshops, key)
                .compose(workshop -> closures.delete(key, id).compose(deleted -> {
                    if (!deleted) {
                        return Future.failedFuture(Problem.notFound("no closure " + id + " in " + key));
                    }
                    return changes.workshop(key);
                }))
                .onSuccess(ignored -> {
                    Audit.record(ctx, "closure.withdrawn", key.prison(), key + " closure " + id);
                    ctx.response().setStatusCode(204).end();
                })
                .onFailure(ctx::fail);
    }

    /** The workshop's configuration, or 404 when it is not configured. */
    static Future<Workshop> configured(WorkshopStore workshops, WorkshopKey key) {
        return workshops.get(key).map(found -> found
                .map(w -> WorkshopJson.fromStored(w.key(), w.document(), w.stations()))
                .orElseThrow(() -> Problem.notFound("workshop " + key + " is not configured")));
    }

    private static Closure.Reason reason(Object value) {
        if (value instanceof String s) {
            for (Closure.Reason reason : Closure.Reason.values()) {
                if (reason.name().equals(s)) {
                    return reason;
                }
            }
        }
        throw Problem.badRequest("'reason' must be one of " + java.util.Arrays.toString(Closure.Reason.values()));
    }

    private static JsonObject closureJson(Closure closure) {
        return new JsonObject().put("id", closure.id()).put("workshop", closure.workshop().toString())
                .put("from", closure.from().toString()).put("to", closure.to().toString())
                .put("reason", closure.reason().name());
    }
}
