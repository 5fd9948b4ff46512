package io.workshopmonitor.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.workshopmonitor.domain.Caller;
import io.workshopmonitor.domain.Identifiers;
import io.workshopmonitor.live.FiguresJson;
import io.workshopmonitor.store.AuditStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every change through the API is recorded with who made it (the token's user and role), what and when, and
 * the address it came from; {@code GET /audit} lists them to administrators and to managers of the prison.
 */
final class Audit {

    private static final Logger LOG = LoggerFactory.getLogger(Audit.class);
    private static final String KEY = "wm.audit";

    private final AuditStore store;

    Audit(AuditStore store) {
        this.store = store;
    }

    void mount(Router router) {
        router.route("/api/v1/*").handler(ctx -> {
            ctx.put(KEY, store);
            ctx.next();
        });
        router.get("/api/v1/audit").handler(this::list);
    }

    /** Records a change that has been made; a failure to record is logged, the change stands. */
    static void record(RoutingContext ctx, String action, String prison, String target) {
        Caller caller = Access.caller(ctx);
        AuditStore store = ctx.get(KEY);
        String remote = ctx.request().remoteAddress() == null ? null : ctx.request().remoteAddress().hostAddress();
        store.record(caller.user(), caller.role().name(), remote, action, prison, target)
                .onFailure(e -> LOG.error("audit entry not written: {} {} {} by {}: {}", action, prison, target,
                        caller.user(), e.toString()));
    }

    private void list(RoutingContext ctx) {
        Caller caller = Access.require(ctx, Caller.Role.MANAGER, "reading the audit trail");
        String prison = ctx.queryParams().get("prison");
        if (prison != null && !Identifiers.isPrison(prison)) {
            throw Problem.badRequest("'prison' must be three capital letters, such as MDI");
        }
        int limit = Requests.intParam(ctx, "limit", 100, 1, 1000);
        String before = ctx.queryParams().get("before");
        Long beforeId;
        try {
            beforeId = before == null ? null : Long.parseLong(before);
        } catch (NumberFormatException e) {
            throw Problem.badRequest("'before' must be the id of an entry, as 'next' gives it");
        }
        store.list(caller.scope(), prison, beforeId, limit).onSuccess(entries -> {
            JsonArray array = new JsonArray();
            entries.forEach(e -> array.add(new JsonObject().put("id", e.id()).put("at", FiguresJson.instant(e.at()))
                    .put("user", e.user()).put("role", e.role()).put("from", e.remote()).put("action", e.action())
                    .put("prison", e.prison()).put("target", e.target())));
            JsonObject body = new JsonObject().put("entries", array);
            if (entries.size() == limit) {
                body.put("next", String.valueOf(entries.get(entries.size() - 1).id()));
            }
            Requests.json(ctx, 200, body);
        }).onFailure(ctx::fail);
    }
}
