package io.workshopmonitor.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.workshopmonitor.store.DeadLetterStore;

/** {@code GET /ingest/rejected}: the dead-letter store, newest first. */
final class IngestRoutes {

    private static final int MAX_PAGE = 1000;
    private final DeadLetterStore deadLetters;

    IngestRoutes(DeadLetterStore deadLetters) {
        this.deadLetters = deadLetters;
    }

    void mount(Router router) {
        router.get("/api/v1/ingest/rejected").handler(this::listRejected);
    }

    /** Dead letters can name any prison's topics: administrators only. */
    private void listRejected(RoutingContext ctx) {
        Access.require(ctx, io.workshopmonitor.domain.Caller.Role.ADMIN, "reading rejected messages");
        int limit = Requests.intParam(ctx, "limit", 100, 1, MAX_PAGE);
        Long before = ctx.queryParams().get("before") == null ? null
                : (long) Requests.intParam(ctx, "before", 0, 1, Integer.MAX_VALUE);
        deadLetters.newest(before, limit).map(entries -> {
            JsonArray items = new JsonArray();
            entries.forEach(e -> items.add(new JsonObject().put("id", e.id()).put("receivedAt", e.receivedAt().toString())
                    .put("topic", e.topic()).put("reason", e.reason()).put("detail", e.detail())
                    .put("payload", e.payload())));
            JsonObject page = new JsonObject().put("items", items);
            if (entries.size() == limit) {
                page.put("next", "/api/v1/ingest/rejected?limit=" + limit + "&before=" + entries.get(entries.size() - 1).id());
            }
            return page;
        }).onSuccess(page -> Requests.json(ctx, 200, page)).onFailure(ctx::fail);
    }
}
