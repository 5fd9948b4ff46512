package io.workshopmonitor.api;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.workshopmonitor.domain.Caller;
import io.workshopmonitor.domain.Interval;
import io.workshopmonitor.domain.RejectCode;
import io.workshopmonitor.domain.SessionCalendar;
import io.workshopmonitor.domain.WorkshopKey;
import io.workshopmonitor.store.FigureStore;
import io.workshopmonitor.store.RejectSplitStore;
import io.workshopmonitor.store.WorkshopStore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Rejects split by code: an instructor says why a station's rejects in a session were rejected. */
final class RejectRoutes {

    private final WorkshopStore workshops;
    private final FigureStore figures;
    private final RejectSplitStore splits;
    private final Clock clock;

    RejectRoutes(WorkshopStore workshops, FigureStore figures, RejectSplitStore splits, Clock clock) {
        this.workshops = workshops;
        this.figures = figures;
        this.splits = splits;
        this.clock = clock;
    }

    void mount(Router router) {
        router.put("/api/v1/workshops/:prison/:workshop/stations/:station/rejects/:session").handler(this::split);
        router.get("/api/v1/workshops/:prison/:workshop/rejects").handler(this::list);
    }

    /**
     * Body {@code {"codes": {"PRINT_FAULT": 3, "DAMAGED_MATERIAL": 1}}}: replaces the station's split for the session
     * that starts at {@code :session}; at most the rejects counted there, and {@code {}} clears it.
     */
    private void split(RoutingContext ctx) {
        Caller caller = Access.require(ctx, Caller.Role.INSTRUCTOR, "splitting rejects by code");
        WorkshopKey key = Requests.visibleWorkshopKey(ctx);
        String station = Requests.station(ctx);
        Instant sessionStart = Requests.instant(ctx.pathParam("session"), "session");
        Object value = Requests.bodyObject(ctx).getValue("codes");
        if (!(value instanceof JsonObject given)) {
            throw Problem.badRequest("'codes' must be an object of reject codes and units, such as {\"PRINT_FAULT\": 3}");
        }
        Map<RejectCode, Long> codes = new EnumMap<>(RejectCode.class);
        for (String name : given.fieldNames()) {
            RejectCode code = code(name);
            Object units = given.getValue(name);
            if (!(units instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.longValue() < 0
                    || n.longValue() > 1_000_000) {
                throw Problem.badRequest("'codes." + name + "' must be a whole number of units from 0 to 1000000");
            }
            if (n.longValue() > 0) {
                codes.put(code, n.longValue());
            }
        }
        long split = codes.values().stream().mapToLong(Long::longValue).sum();
        FigureRoutes.configured(workshops, key)
                .compose(workshop -> {
                    Interval session = new SessionCalendar(workshop.schedule(), List.of())
                            .sessions(sessionStart, sessionStart.plusMillis(1)).stream()
                            .filter(s -> s.start().equals(sessionStart)).findFirst()
                            .orElseThrow(() -> Problem.notFound("no session of " + key + " starts at " + sessionStart
                                    + "; name a session by its start, as kpis gives it"));
                    if (workshop.stations().stream().noneMatch(s -> s.id().equals(station))) {
                        return Future.failedFuture(Problem.notFound("station " + station + " is not configured in " + key));
                    }
                    return figures.unitsBetween(key, session.start(), session.end());
                })
                .compose(units -> {
                    long counted = units.getOrDefault(station, new long[]{0, 0})[1];
                    if (split > counted) {
                        return Future.failedFuture(new Problem(409, "Conflict", key + "/" + station + " counted " + counted
                                + " rejects in the session starting " + sessionStart + "; a split of " + split + " is more than that"));
                    }
                    return splits.replace(key, station, sessionStart, codes, caller.user(), clock.instant()).map(counted);
                })
                .onSuccess(counted -> {
                    Audit.record(ctx, "rejects.split", key.prison(), key + "/" + station + " session " + sessionStart + " " + codes);
                    JsonObject json = new JsonObject();
                    codes.forEach((code, units) -> json.put(code.name(), units));
                    Requests.json(ctx, 200, new JsonObject().put("workshop", key.toString()).put("station", station)
                            .put("session", sessionStart.toString()).put("rejects", counted).put("codes", json)
                            .put("uncoded", counted - split).put("by", caller.user()));
                })
                .onFailure(ctx::fail);
    }

    private void list(RoutingContext ctx) {
        WorkshopKey key = Requests.visibleWorkshopKey(ctx);
        Instant now = clock.instant();
        Interval range = Requests.range(ctx, now, Duration.ofDays(7));
        FigureRoutes.configured(workshops, key)
                .compose(workshop -> splits.list(key, range.start(), range.end()))
                .map(list -> {
                    JsonArray rows = new JsonArray();
                    for (RejectSplitStore.Split split : list) {
                        JsonObject codes = new JsonObject();
                        split.codes().forEach((code, units) -> codes.put(code.name(), units));
                        rows.add(new JsonObject().put("station", split.station()).put("session", split.sessionStart().toString())
                                .put("codes", codes).put("by", split.by()).put("at", split.at().toString()));
                    }
                    return new JsonObject().put("workshop", key.toString())
                            .put("codeList", new JsonArray(java.util.Arrays.stream(RejectCode.values()).map(c -> (Object) c.name()).toList()))
                            .put("splits", rows);
                })
                .onSuccess(body -> Requests.json(ctx, 200, body))
                .onFailure(ctx::fail);
    }

    private static RejectCode code(String name) {
        for (RejectCode code : RejectCode.values()) {
            if (code.name().equals(name)) {
                return code;
            }
        }
        throw Problem.badRequest("'" + name + "' is not a reject code; use one of " + java.util.Arrays.toString(RejectCode.values()));
    }
}
