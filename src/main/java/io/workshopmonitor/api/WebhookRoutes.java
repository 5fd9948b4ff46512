package io.workshopmonitor.api;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.workshopmonitor.domain.Caller;
import io.workshopmonitor.domain.Identifiers;
import io.workshopmonitor.domain.WebhookTargets;
import io.workshopmonitor.alert.WebhookAddress;
import io.workshopmonitor.live.FiguresJson;
import io.workshopmonitor.store.WebhookStore;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * {@code PUT/GET/DELETE /webhooks/{id}}: where a prison's or a workshop's alert events are posted. The secret
 * signs each delivery and is never read back.
 */
final class WebhookRoutes {

    private final Vertx vertx;
    private final WebhookStore webhooks;
    private final WebhookTargets targets;

    WebhookRoutes(Vertx vertx, WebhookStore webhooks, WebhookTargets targets) {
        this.vertx = vertx;
        this.webhooks = webhooks;
        this.targets = targets;
    }

    void mount(Router router) {
        router.put("/api/v1/webhooks/:id").handler(this::put);
        router.get("/api/v1/webhooks").handler(this::list);
        router.get("/api/v1/webhooks/:id").handler(this::get);
        router.delete("/api/v1/webhooks/:id").handler(this::delete);
    }

    private void put(RoutingContext ctx) {
        Caller caller = Access.require(ctx, Caller.Role.MANAGER, "configuring a webhook");
        String id = id(ctx);
        JsonObject body = Requests.bodyObject(ctx);
        Object prison = body.getValue("prison");
        if (!(prison instanceof String p) || !Identifiers.isPrison(p) || !caller.sees(p)) {
            throw Problem.badRequest("'prison' is required: the establishment code whose alerts are sent, such as MDI"
                    + " (one you work in)");
        }
        Object workshop = body.getValue("workshop");
        if (workshop != null && (!(workshop instanceof String w) || !Identifiers.isSlug(w))) {
            throw Problem.badRequest("'workshop' must be a workshop slug such as textiles-1, or absent for every workshop of the prison");
        }
        String url = url(body.getValue("url"));
        Object secret = body.getValue("secret");
        if (!(secret instanceof String s) || s.length() < 16 || s.length() > 256) {
            throw Problem.badRequest("'secret' is required: 16 to 256 characters, used to sign each delivery (HMAC-SHA256)");
        }
        WebhookStore.Webhook webhook = new WebhookStore.Webhook(id, (String) prison, (String) workshop, url, (String) secret, null);
        WebhookAddress.resolve(vertx, targets, URI.create(url).getHost())
                .recover(e -> io.vertx.core.Future.failedFuture(e instanceof WebhookTargets.Refused
                        ? Problem.badRequest("'url': " + e.getMessage()) : e))
                // ids are per prison: whatever other prisons call theirs, this one is the body's prison's
                .compose(address -> webhooks.put(webhook))
                .compose(created -> webhooks.get(webhook.prison(), id).map(saved -> new Saved(created, saved.orElseThrow())))
                .onSuccess(result -> {
                    Audit.record(ctx, "webhook.saved", webhook.prison(), "webhook " + id + " " + url);
                    Requests.json(ctx, result.created() ? 201 : 200, render(result.webhook()));
                })
                .onFailure(ctx::fail);
    }

    private record Saved(boolean created, WebhookStore.Webhook webhook) {
    }

    private void list(RoutingContext ctx) {
        Caller caller = Access.require(ctx, Caller.Role.MANAGER, "reading webhooks");
        webhooks.list(caller.scope()).onSuccess(list -> {
            JsonArray array = new JsonArray();
            list.forEach(w -> array.add(render(w)));
            Requests.json(ctx, 200, new JsonObject().put("webhooks", array));
        }).onFailure(ctx::fail);
    }

    private void get(RoutingContext ctx) {
        Caller caller = Access.require(ctx, Caller.Role.MANAGER, "reading webhooks");
        String id = id(ctx);
        webhooks.find(id, caller.scope())
                .map(found -> PrisonScoped.pick(ctx, "webhook", id, found, WebhookStore.Webhook::prison))
                .onSuccess(w -> Requests.json(ctx, 200, render(w)))
                .onFailure(ctx::fail);
    }

    private void delete(RoutingContext ctx) {
        Caller caller = Access.require(ctx, Caller.Role.MANAGER, "removing a webhook");
        String id = id(ctx);
        webhooks.find(id, caller.scope())
                .map(found -> PrisonScoped.pick(ctx, "webhook", id, found, WebhookStore.Webhook::prison))
                .compose(webhook -> webhooks.delete(webhook.prison(), id).map(webhook))
                .onSuccess(webhook -> {
                    Audit.record(ctx, "webhook.deleted", webhook.prison(), "webhook " + id);
                    ctx.response().setStatusCode(204).end();
                })
                .onFailure(ctx::fail);
    }

    private static JsonObject render(WebhookStore.Webhook webhook) {
        return new JsonObject().put("id", webhook.id()).put("prison", webhook.prison()).put("workshop", webhook.workshop())
                .put("url", webhook.url()).put("updatedAt", FiguresJson.instant(webhook.updatedAt()));
    }

    private static String id(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        if (!Identifiers.isSlug(id)) {
            throw Problem.badRequest("webhook id '" + id + "' must be a slug [a-z0-9][a-z0-9-]{0,31}, such as mdi-duty-phone");
        }
        return id;
    }

    private static String url(Object value) {
        if (value instanceof String text && text.length() <= 2000) {
            try {
                URI uri = new URI(text);
                if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                    WebhookTargets.refusedUrl(uri).ifPresent(why -> {
                        throw Problem.badRequest("'url' " + why);
                    });
                    return text;
                }
            } catch (URISyntaxException e) {
                // reported below
            }
        }
        throw Problem.badRequest("'url' must be an absolute http:// or https:// URL");
    }
}
