package io.workshopmonitor.api;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.FileSystemAccess;
import io.vertx.ext.web.handler.StaticHandler;
import io.workshopmonitor.alert.AlertBoard;
import io.workshopmonitor.config.AppConfig;
import io.workshopmonitor.live.ContractStatuses;
import io.workshopmonitor.security.Tokens;
import io.workshopmonitor.store.LossReader;
import io.workshopmonitor.store.AlertStore;
import io.workshopmonitor.store.AuditStore;
import io.workshopmonitor.store.DeviceStore;
import io.workshopmonitor.store.WebhookStore;
import io.workshopmonitor.domain.WorkshopDirectory;
import io.workshopmonitor.live.LiveFeed;
import io.workshopmonitor.live.FiguresView;
import io.workshopmonitor.owner.ConfigChanges;
import io.workshopmonitor.store.ClosureStore;
import io.workshopmonitor.store.ContractStore;
import io.workshopmonitor.store.DeadLetterStore;
import io.workshopmonitor.store.FigureStore;
import io.workshopmonitor.store.WorkshopStore;
import io.workshopmonitor.config.ConfigLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The HTTP API under {@code /api/v1} and the live feed: JSON in and out, errors as problem+json. */
public final class ApiVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(ApiVerticle.class);

    /** The stores and live state the routes read and write. */
    public record Services(WorkshopStore workshops, DeadLetterStore deadLetters, ClosureStore closures,
                           FigureStore figures, ContractStore contracts, ContractStatuses contractStatuses,
                           AlertStore alerts, AlertBoard alertBoard, WebhookStore webhooks, DeviceStore devices,
                           AuditStore audit,
                           WorkshopDirectory directory, FiguresView view, ConfigChanges changes, java.time.Clock clock,
                           Tokens tokens, MeterRegistry registry, java.util.function.Supplier<io.vertx.core.json.JsonObject> cluster,
                           io.workshopmonitor.domain.WebhookTargets webhookTargets,
                           io.workshopmonitor.security.SignInCodes signInCodes,
                           io.workshopmonitor.store.RevocationStore revocations,
                           io.workshopmonitor.store.StopReasonStore stopReasons,
                           io.workshopmonitor.store.RejectSplitStore rejectSplits,
                           Money money) {
    }

    /** What the money and report routes read and write. */
    public record Money(io.workshopmonitor.store.ProductStore products, io.workshopmonitor.store.CostingStore costings,
                        io.workshopmonitor.report.ReportReader reports, io.workshopmonitor.store.DeliveryStore deliveries) {
    }

    private final AppConfig.HttpConfig config;
    private final AppConfig.TlsConfig tls;
    private final Services services;
    private HttpServer server;
    private LiveFeed feed;

    public ApiVerticle(AppConfig.HttpConfig config, AppConfig.TlsConfig tls, Services services) {
        this.config = config;
        this.tls = tls;
        this.services = services;
    }

    @Override
    public Future<?> start() {
        feed = new LiveFeed(vertx, services.view(), services.alertBoard(), services.tokens(), services.registry());
        RateLimiter limiter = new RateLimiter(config.rateLimitPerMinute(), java.time.Clock.systemUTC());
        vertx.setPeriodic(60_000, id -> limiter.forgetIdle());
        // live-feed messages are small subscribe frames: the feed closes with 1009 past 64 KiB; the server stops
        // reading well before anything large is held in memory
        HttpServerOptions options = new HttpServerOptions().setMaxWebSocketFrameSize(4 * LiveFeed.MAX_MESSAGE_BYTES)
                .setMaxWebSocketMessageSize(4 * LiveFeed.MAX_MESSAGE_BYTES)
                // no browser speaks HTTP/2 over plain TCP, and the upgrade broke large answers to clients that try
                .setHttp2ClearTextEnabled(false)
                // every browser offers permessage-deflate, and each socket that takes it keeps a deflater and an
                // inflater for its whole life: about 240 KiB of memory per wall screen (bench/feed-memory.sh), which
                // 10,000 screens cannot afford; the figures are a few KiB a second per workshop uncompressed
                .setPerMessageWebSocketCompressionSupported(false)
                .setPerFrameWebSocketCompressionSupported(false)
                // every answer of this port is written on its request's own event loop (stores, Kafka and blocking
                // work all complete back on it), so the HTTP connection needs no queue for writes from other
                // threads: without this each connection keeps a 1,024-slot queue chunk, and an upgraded live-feed
                // socket keeps its HTTP connection for life, which was a quarter of a wall screen's heap
                // (bench/feed-memory.sh); Vert.x marks the option experimental, and it throws, rather than
                // misbehaving, if a response is ever written from another thread
                .setStrictThreadMode(true);
        if (tls.enabled()) {
            options.setSsl(true).setKeyCertOptions(new PemKeyCertOptions().setCertPath(tls.certPath().get().toString())
                    .setKeyPath(tls.keyPath().get().toString()));
        }
        return OpenApiRoutes.load(vertx)
                .compose(openApi -> vertx.createHttpServer(options)
                        .requestHandler(router(limiter, openApi)).listen(config.port())
                        .recover(e -> Future.failedFuture(ConfigLoader.cannotListen("http.port", config.port(), e))))
                .onSuccess(s -> {
                    server = s;
                    LOG.info("HTTP API listening on port {}", s.actualPort());
                });
    }

    /**
     * Every route of the port, in the order they match: the live feed, the API under /api/v1, the dashboard.
     * Apart from {@link #start()} so that a test can list the routes the API has (OpenApiCoverageIT): mounting
     * only keeps references, and touches no store, token or socket.
     */
    Router router(RateLimiter limiter, OpenApiRoutes openApi) {
        Router router = Router.router(vertx);
        router.route().handler(new SecurityHeaders());
        // the live feed takes its token in the first frame, since browsers cannot set headers on a WebSocket
        router.get("/api/v1/live").handler(ctx -> {
            if (!originAllowed(ctx)) {
                ctx.response().setStatusCode(403).end("this page's origin may not open the live feed (http.allowedOrigins)");
                return;
            }
            feed.upgrade(ctx);
        });
        // the API's description and the sign-in code's exchange are open to all, so they come before the token check
        openApi.mount(router);
        new SignInRoutes(services.tokens(), services.signInCodes()).mount(router);
        router.route("/api/v1/*").handler(Access.authenticate(services.tokens(), limiter));
        router.route("/api/v1/*").handler(BodyHandler.create(false).setBodyLimit(config.maxBodyBytes()));
        new Audit(services.audit()).mount(router);
        new RevocationRoutes(services.revocations(), services.tokens()).mount(router);
        router.post("/api/v1/auth/renew").handler(ctx -> services.tokens().renew(Access.bearer(ctx.request()))
                .onSuccess(token -> Requests.json(ctx, 200, new io.vertx.core.json.JsonObject().put("token", token)))
                .onFailure(e -> ctx.fail(Access.refused(e))));
        new WorkshopRoutes(services.workshops(), services.directory(), services.view(), services.changes(),
                services.clock()).mount(router);
        new FigureRoutes(services.workshops(), services.closures(), services.figures(), services.view(),
                services.changes(), services.clock()).mount(router);
        new TallyRoutes(services.workshops(), services.figures(), vertx.eventBus(), services.clock()).mount(router);
        new LossRoutes(services.workshops(), new LossReader(services.closures(), services.figures(),
                services.stopReasons(), services.rejectSplits()), services.stopReasons(), services.clock()).mount(router);
        new RejectRoutes(services.workshops(), services.figures(), services.rejectSplits(), services.clock()).mount(router);
        new ContractRoutes(services.contracts(), services.contractStatuses(), services.directory(),
                services.changes()::contracts).mount(router);
        new CostRoutes(services.money().products(), services.money().costings(), services.workshops(),
                services.money().reports(), services.clock()).mount(router);
        new ReportRoutes(vertx, services.money().reports(), services.money().deliveries(), services.workshops(),
                services.clock()).mount(router);
        new AlertRoutes(services.alerts(), vertx.eventBus()).mount(router);
        new WebhookRoutes(vertx, services.webhooks(), services.webhookTargets()).mount(router);
        new DeviceRoutes(vertx, services.devices(), services.directory(), services.changes()).mount(router);
        new IngestRoutes(services.deadLetters()).mount(router);
        new ClusterRoutes(services.cluster()).mount(router);
        router.route("/api/v1/*").failureHandler(Problems::handle);
        // the dashboard: same port as the API, nothing loaded from anywhere else
        router.route("/*").handler(config.webDir()
                .map(dir -> StaticHandler.create(FileSystemAccess.ROOT, dir.toString()).setCachingEnabled(false))
                .orElseGet(() -> StaticHandler.create("webroot"))
                .setIndexPage("index.html").setDefaultContentEncoding("UTF-8"));
        for (int status : new int[]{400, 401, 403, 404, 405, 409, 413, 415}) {
            router.errorHandler(status, Problems::handle);
        }
        return router;
    }

    /**
     * A browser says which page opens the socket: only the service's own pages, or the configured origins,
     * may, so another site cannot use a signed-in person's browser to read the feed.
     */
    private boolean originAllowed(io.vertx.ext.web.RoutingContext ctx) {
        String origin = ctx.request().getHeader("Origin");
        if (origin == null) {
            return true;
        }
        if (!config.allowedOrigins().isEmpty()) {
            return config.allowedOrigins().contains(origin);
        }
        try {
            java.net.URI uri = java.net.URI.create(origin);
            String host = ctx.request().getHeader("Host");
            return host != null && host.equalsIgnoreCase(uri.getAuthority());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public Future<?> stop() {
        if (feed != null) {
            feed.close();
        }
        return server == null ? Future.succeededFuture() : server.close();
    }

    public int actualPort() {
        return server.actualPort();
    }
}
