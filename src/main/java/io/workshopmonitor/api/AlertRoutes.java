package io.workshopmonitor.api;

import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.workshopmonitor.alert.AlertJson;
import io.workshopmonitor.alert.AlertVerticle;
import io.workshopmonitor.domain.Alert;
import io.workshopmonitor.domain.AlertKind;
import io.workshopmonitor.domain.Caller;
import io.workshopmonitor.domain.Identifiers;
import io.workshopmonitor.domain.WorkshopKey;
import io.workshopmonitor.live.FiguresJson;
import io.workshopmonitor.store.AlertStore;

import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code GET /alerts}, {@code GET /alerts/{id}} and {@code POST /alerts/{id}/acknowledge}. Reads go to the
 * store; an acknowledgement goes to the alert verticle, which owns every change of an alert's state.
 */
final class AlertRoutes {


    private final AlertStore alerts;
    private final EventBus eventBus;

    AlertRoutes(AlertStore alerts, EventBus eventBus) {
        this.alerts = alerts;
        this.eventBus = eventBus;
    }

    void mount(Router router) {
        router.get("/api/v1/alerts").handler(this::list);
        router.get("/api/v1/alerts/:id").handler(this::get);
        router.post("/api/v1/alerts/:id/acknowledge").handler(this::acknowledge);
    }

    /** {@code ?state=OPEN&workshop=MDI/textiles-1&prison=MDI&kind=QUALITY_LOW&since=...&limit=100}, newest first. */
    private void list(RoutingContext ctx) {
        var query = ctx.queryParams();
        Alert.State state = choice(Alert.State.class, query.get("state"), "state");
        AlertKind kind = choice(AlertKind.class, query.get("kind"), "kind");
        String prison = query.get("prison");
        if (prison != null && !Identifiers.isPrison(prison)) {
            throw Problem.badRequest("'prison' must be three capital letters, such as MDI");
        }
        WorkshopKey workshop = null;
        if (query.get("workshop") != null) {
            workshop = WorkshopKey.parse(query.get("workshop")).orElseThrow(() ->
                    Problem.badRequest("'workshop' must be a workshop key such as MDI/textiles-1"));
            if (prison != null && !prison.equals(workshop.prison())) {
                throw Problem.badRequest("'workshop' " + workshop + " is not in 'prison' " + prison);
            }
        }
        var since = query.get("since") == null ? null : Requests.instant(query.get("since"), "since");
        int limit = Requests.intParam(ctx, "limit", 100, 1, 1000);
        alerts.list(new AlertStore.Filter(state, workshop != null ? workshop.prison() : prison,
                        workshop == null ? null : workshop.workshop(), kind, since, limit, Access.caller(ctx).scope()))
                .onSuccess(list -> {
                    JsonArray array = new JsonArray();
                    list.forEach(alert -> array.add(AlertJson.render(alert)));
                    Requests.json(ctx, 200, new JsonObject().put("alerts", array));
                })
                .onFailure(ctx::fail);
    }

    /** The alert with its history: each change of state, when, and by whom. */
    private void get(RoutingContext ctx) {
        UUID id = id(ctx);
        visibleAlert(ctx, id)
                .compose(alert -> alerts.history(id).map(history -> {
                    JsonArray events = new JsonArray();
                    history.forEach(e -> events.add(new JsonObject().put("at", FiguresJson.instant(e.at()))
                            .put("state", e.state().name()).put("by", e.by()).put("comment", e.comment())));
                    return AlertJson.render(alert).put("history", events);
                }))
                .onSuccess(json -> Requests.json(ctx, 200, json))
                .onFailure(ctx::fail);
    }

    /**
     * Body {@code {"comment": "bobbin replaced"}} (optional, may be empty); who acknowledges is the signed-in
     * person, from their token, never from the body.
     */
    private void acknowledge(RoutingContext ctx) {
        Caller caller = Access.require(ctx, Caller.Role.INSTRUCTOR, "acknowledging an alert");
        UUID id = id(ctx);
        JsonObject body = ctx.body() == null || ctx.body().length() <= 0 ? new JsonObject() : Requests.bodyObject(ctx);
        String comment = Requests.note(body.getValue("comment"), "comment").orElse(null);
        visibleAlert(ctx, id)
                .compose(alert -> eventBus.<JsonObject>request(AlertVerticle.ACKNOWLEDGE, new JsonObject().put("id", id.toString())
                        .put("by", caller.user()).put("comment", comment)))
                .onSuccess(reply -> {
                    Audit.record(ctx, "alert.acknowledged", WorkshopKey.parse(reply.body().getString("workshop"))
                            .map(WorkshopKey::prison).orElse(null), "alert " + id);
                    Requests.json(ctx, 200, reply.body());
                })
                .onFailure(e -> ctx.fail(e instanceof Problem ? e : e instanceof ReplyException reply && reply.failureType() == ReplyFailure.NO_HANDLERS
                        ? new Problem(503, "Service Unavailable", "alerts are still starting; try again in a moment")
                        : e instanceof ReplyException reply && reply.failureCode() == 404
                        ? Problem.notFound(reply.getMessage())
                        : e instanceof ReplyException reply && reply.failureCode() == 409
                        ? new Problem(409, "Conflict", reply.getMessage())
                        : e));
    }

    /** Another prison's alert is not there, as far as this caller can tell. */
    private io.vertx.core.Future<Alert> visibleAlert(RoutingContext ctx, UUID id) {
        Caller caller = Access.caller(ctx);
        return alerts.get(id).map(found -> found.filter(a -> caller.sees(a.workshop().prison()))
                .orElseThrow(() -> Problem.notFound("no alert " + id)));
    }

    private static UUID id(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw Problem.notFound("no alert " + id + " (alert ids are UUIDs)");
        }
    }

    private static <E extends Enum<E>> E choice(Class<E> type, String value, String field) {
        if (value == null) {
            return null;
        }
        return Optional.of(value).flatMap(v -> Arrays.stream(type.getEnumConstants()).filter(c -> c.name().equals(v)).findFirst())
                .orElseThrow(() -> Problem.badRequest("'" + field + "' must be one of " + Arrays.toString(type.getEnumConstants())));
    }
}
