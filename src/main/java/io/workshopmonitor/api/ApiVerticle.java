package io.workshopmonitor.api;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.workshopmonitor.config.AppConfig;
import io.workshopmonitor.domain.Identifiers;
import io.workshopmonitor.domain.Station;
import io.workshopmonitor.domain.Workshop;
import io.workshopmonitor.domain.WorkshopDirectory;
import io.workshopmonitor.domain.WorkshopKey;
import io.workshopmonitor.store.DeadLetterStore;
import io.workshopmonitor.store.WorkshopStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The HTTP API under {@code /api/v1}: JSON in and out, errors as problem+json. */
public final class ApiVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(ApiVerticle.class);
    private static final int MAX_REJECTED_PAGE = 1000;

    private final AppConfig.HttpConfig config;
    private final WorkshopStore workshops;
    private final DeadLetterStore deadLetters;
    private final WorkshopDirectory directory;
    private HttpServer server;

    public ApiVerticle(AppConfig.HttpConfig config, WorkshopStore workshops, DeadLetterStore deadLetters,
                       WorkshopDirectory directory) {
        this.config = config;
        this.workshops = workshops;
        this.deadLetters = deadLetters;
        this.directory = directory;
    }

    @Override
    public Future<?> start() {
        Router router = Router.router(vertx);
        router.route("/api/v1/*").handler(BodyHandler.create(false).setBodyLimit(config.maxBodyBytes()));
        workshopRoutes(router);
        ingestRoutes(router);
        router.route("/api/v1/*").failureHandler(Problems::handle);
        for (int status : new int[]{400, 404, 405, 413, 415}) {
            router.errorHandler(status, Problems::handle);
        }
        return vertx.createHttpServer().requestHandler(router).listen(config.port())
                .onSuccess(s -> {
                    server = s;
                    LOG.info("HTTP API listening on port {}", s.actualPort());
                });
    }

    private void workshopRoutes(Router router) {
        router.get("/api/v1/workshops").handler(this::listWorkshops);
        router.get("/api/v1/workshops/:prison/:workshop").handler(this::getWorkshop);
        router.put("/api/v1/workshops/:prison/:workshop").handler(this::putWorkshop);
    }

    private void ingestRoutes(Router router) {
        router.get("/api/v1/ingest/rejected").handler(this::listRejected);
    }

    private void listWorkshops(RoutingContext ctx) {
        workshops.list()
                .map(list -> new JsonArray(list.stream()
                        .map(w -> (Object) WorkshopJson.render(w.key(), w.document(), w.stations())).toList()))
                .onSuccess(array -> json(ctx, 200, new JsonObject().put("workshops", array)))
                .onFailure(ctx::fail);
    }

    private void getWorkshop(RoutingContext ctx) {
        WorkshopKey key = workshopKey(ctx);
        workshops.get(key)
                .map(found -> found.orElseThrow(() -> Problem.notFound("workshop " + key + " is not configured")))
                .onSuccess(w -> json(ctx, 200, WorkshopJson.render(w.key(), w.document(), w.stations())))
                .onFailure(ctx::fail);
    }

    private void putWorkshop(RoutingContext ctx) {
        WorkshopKey key = workshopKey(ctx);
        Workshop workshop = WorkshopJson.parse(key, bodyObject(ctx));
        workshops.put(key, workshop.name(), workshop.kind(), WorkshopJson.document(workshop), workshop.stations())
                .compose(created -> workshops.get(key).map(stored -> saved(key, created, stored.orElseThrow())))
                .onSuccess(saved -> json(ctx, saved.created() ? 201 : 200, saved.body()))
                .onFailure(ctx::fail);
    }

    private record Saved(boolean created, JsonObject body) {
    }

    /** Ingest learns of the workshop only once it is stored, so no reading can refer to a missing row. */
    private Saved saved(WorkshopKey key, boolean created, WorkshopStore.StoredWorkshop stored) {
        directory.putWorkshop(key, stored.stations().stream().map(Station::id).toList());
        LOG.info("workshop {} {}", key, created ? "created" : "replaced");
        return new Saved(created, WorkshopJson.render(key, stored.document(), stored.stations()));
    }

    private void listRejected(RoutingContext ctx) {
        int limit = intParam(ctx, "limit", 100, 1, MAX_REJECTED_PAGE);
        String beforeParam = ctx.queryParams().get("before");
        Long before = beforeParam == null ? null : (long) intParam(ctx, "before", 0, 1, Integer.MAX_VALUE);
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
        }).onSuccess(page -> json(ctx, 200, page)).onFailure(ctx::fail);
    }

    private static WorkshopKey workshopKey(RoutingContext ctx) {
        String prison = ctx.pathParam("prison");
        String workshop = ctx.pathParam("workshop");
        if (!Identifiers.isPrison(prison)) {
            throw Problem.badRequest("prison '" + prison + "' must be an establishment code of three capital letters, such as MDI");
        }
        if (!Identifiers.isSlug(workshop)) {
            throw Problem.badRequest("workshop '" + workshop + "' must be a slug [a-z0-9][a-z0-9-]{0,31}, such as textiles-1");
        }
        return new WorkshopKey(prison, workshop);
    }

    private static JsonObject bodyObject(RoutingContext ctx) {
        if (ctx.body() == null || ctx.body().buffer() == null || ctx.body().length() <= 0) {
            throw Problem.badRequest("the body is empty: send the workshop as a JSON object");
        }
        Object value;
        try {
            value = Json.decodeValue(ctx.body().buffer());
        } catch (DecodeException e) {
            throw Problem.badRequest("the body is not valid JSON: send a JSON object");
        }
        if (!(value instanceof JsonObject object)) {
            throw Problem.badRequest("the body must be a JSON object");
        }
        return object;
    }

    private static int intParam(RoutingContext ctx, String name, int fallback, int min, int max) {
        String value = ctx.queryParams().get(name);
        if (value == null) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw Problem.badRequest("query parameter '" + name + "' must be a whole number from " + min + " to " + max);
    }

    private static void json(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.encode());
    }

    @Override
    public Future<?> stop() {
        return server == null ? Future.succeededFuture() : server.close();
    }

    public int actualPort() {
        return server.actualPort();
    }
}
