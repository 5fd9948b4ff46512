package io.workshopmonitor.api;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.workshopmonitor.domain.Caller;
import io.workshopmonitor.domain.Identifiers;
import io.workshopmonitor.domain.WorkshopKey;
import io.workshopmonitor.live.FiguresJson;
import io.workshopmonitor.domain.WorkshopDirectory;
import io.workshopmonitor.owner.ConfigChanges;
import io.workshopmonitor.security.PasswordHash;
import io.workshopmonitor.store.DeviceStore;

/**
 * {@code POST/GET/DELETE /workshops/{prison}/{workshop}/devices}: credentials for the devices that publish
 * a workshop's telemetry. The password is shown once, in the answer to POST; only its hash is kept.
 */
final class DeviceRoutes {

    private final Vertx vertx;
    private final DeviceStore devices;
    private final WorkshopDirectory directory;
    private final ConfigChanges changes;

    DeviceRoutes(Vertx vertx, DeviceStore devices, WorkshopDirectory directory, ConfigChanges changes) {
        this.vertx = vertx;
        this.devices = devices;
        this.directory = directory;
        this.changes = changes;
    }

    void mount(Router router) {
        router.post("/api/v1/workshops/:prison/:workshop/devices").handler(this::add);
        router.get("/api/v1/workshops/:prison/:workshop/devices").handler(this::list);
        router.delete("/api/v1/workshops/:prison/:workshop/devices/:id").handler(this::revoke);
    }

    private void add(RoutingContext ctx) {
        Caller caller = Access.require(ctx, Caller.Role.MANAGER, "issuing device credentials");
        WorkshopKey key = configured(ctx);
        Object id = Requests.bodyObject(ctx).getValue("id");
        if (!(id instanceof String deviceId) || !Identifiers.isSlug(deviceId)) {
            throw Problem.badRequest("'id' must be a slug [a-z0-9][a-z0-9-]{0,31}, such as tablet-1");
        }
        String password = PasswordHash.newPassword();
        vertx.executeBlocking(() -> PasswordHash.hash(password))
                .compose(hash -> devices.add(key, deviceId, hash, caller.user()))
                .compose(added -> added ? Future.succeededFuture()
                        : Future.failedFuture(new Problem(409, "Conflict", "workshop " + key + " already has a device '"
                        + deviceId + "'; revoke it first to issue new credentials")))
                .onSuccess(ignored -> Audit.record(ctx, "device.issued", key.prison(), DeviceStore.username(key, deviceId)))
                .onSuccess(ignored -> Requests.json(ctx, 201, new JsonObject().put("id", deviceId)
                        .put("username", DeviceStore.username(key, deviceId)).put("password", password)))
                .onFailure(ctx::fail);
    }

    private void list(RoutingContext ctx) {
        Access.require(ctx, Caller.Role.MANAGER, "listing devices");
        WorkshopKey key = configured(ctx);
        devices.list(key).onSuccess(list -> {
            JsonArray array = new JsonArray();
            list.forEach(d -> array.add(new JsonObject().put("id", d.id()).put("username", d.username())
                    .put("createdAt", FiguresJson.instant(d.createdAt())).put("createdBy", d.createdBy())));
            Requests.json(ctx, 200, new JsonObject().put("devices", array));
        }).onFailure(ctx::fail);
    }

    private void revoke(RoutingContext ctx) {
        Access.require(ctx, Caller.Role.MANAGER, "revoking device credentials");
        WorkshopKey key = configured(ctx);
        String id = ctx.pathParam("id");
        devices.delete(key, id).onSuccess(revoked -> {
            if (revoked.isEmpty()) {
                ctx.fail(Problem.notFound("no device '" + id + "' in " + key));
                return;
            }
            changes.deviceRevoked(revoked.get());
            Audit.record(ctx, "device.revoked", key.prison(), revoked.get());
            ctx.response().setStatusCode(204).end();
        }).onFailure(ctx::fail);
    }

    private WorkshopKey configured(RoutingContext ctx) {
        WorkshopKey key = Requests.visibleWorkshopKey(ctx);
        if (!directory.hasWorkshop(key)) {
            throw Problem.notFound("workshop " + key + " is not configured");
        }
        return key;
    }
}
