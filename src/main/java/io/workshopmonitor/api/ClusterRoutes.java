package io.workshopmonitor.api;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.workshopmonitor.domain.Caller;

import java.util.function.Supplier;

/** {@code GET /api/v1/cluster}: the instances, the workshops each owns and how far behind each is; administrators only. */
final class ClusterRoutes {

    private final Supplier<JsonObject> status;

    ClusterRoutes(Supplier<JsonObject> status) {
        this.status = status;
    }

    void mount(Router router) {
        router.get("/api/v1/cluster").handler(this::get);
    }

    private void get(RoutingContext ctx) {
        Access.require(ctx, Caller.Role.ADMIN, "reading the cluster's state");
        Requests.json(ctx, 200, status.get());
    }
}
