package io.workshopmonitor.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.workshopmonitor.domain.Caller;
import io.workshopmonitor.security.Tokens;
import io.workshopmonitor.store.RevocationStore;

/**
 * {@code /auth/revocations}: an administrator revokes a person's tokens (someone who left, a role taken away).
 * Every token of theirs issued until then is refused at once on this instance, within seconds on the others,
 * and their open live-feed sockets close; a token issued afterwards works.
 */
final class RevocationRoutes {

    private final RevocationStore store;
    private final Tokens tokens;

    RevocationRoutes(RevocationStore store, Tokens tokens) {
        this.store = store;
        this.tokens = tokens;
    }

    void mount(Router router) {
        router.post("/api/v1/auth/revocations").handler(this::revoke);
        router.get("/api/v1/auth/revocations").handler(this::list);
    }

    private void revoke(RoutingContext ctx) {
        Access.require(ctx, Caller.Role.ADMIN, "revoking a person's tokens");
        String user = Requests.text(Requests.bodyObject(ctx).getValue("user"), "user", 200);
        store.revoke(user, Access.caller(ctx).user())
                .onSuccess(at -> {
                    tokens.revocations().revoke(user, at);
                    Audit.record(ctx, "tokens.revoked", null, user);
                    Requests.json(ctx, 200, new JsonObject().put("user", user).put("revokedBefore", at.toString()));
                })
                .onFailure(ctx::fail);
    }

    private void list(RoutingContext ctx) {
        Access.require(ctx, Caller.Role.ADMIN, "listing revoked tokens");
        store.all().onSuccess(all -> {
            JsonArray items = new JsonArray();
            all.forEach((user, at) -> items.add(new JsonObject().put("user", user).put("revokedBefore", at.toString())));
            Requests.json(ctx, 200, new JsonObject().put("items", items));
        }).onFailure(ctx::fail);
    }
}
