package io.workshopmonitor.api;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.workshopmonitor.config.AppConfig;
import io.workshopmonitor.config.ConfigLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** The management port: liveness, readiness naming each check, and Prometheus metrics. */
public final class ManagementVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(ManagementVerticle.class);
    private static final long PING_TIMEOUT_MS = 2_000;

    private final int port;
    private final PrometheusMeterRegistry registry;
    private final Supplier<Future<Void>> databasePing;
    private final BooleanSupplier mqttUp;
    private final Supplier<java.util.Optional<String>> ingestTrouble;
    /** Cluster mode: Kafka answers and the change topic has been read; absent on a single node. */
    private final java.util.Optional<BooleanSupplier> kafkaUp;
    private final Runnable refreshGauges;
    private HttpServer server;
    private final java.util.Optional<String> token;
    private final String host;

    /** How often the business gauges are recomputed: figures are not worked out on every scrape. */
    static final long REFRESH_GAUGES_MS = 5_000;

    public ManagementVerticle(AppConfig.ManagementConfig config, PrometheusMeterRegistry registry,
                              Supplier<Future<Void>> databasePing, BooleanSupplier mqttUp,
                              Supplier<java.util.Optional<String>> ingestTrouble,
                              java.util.Optional<BooleanSupplier> kafkaUp, Runnable refreshGauges) {
        this.ingestTrouble = ingestTrouble;
        this.kafkaUp = kafkaUp;
        this.port = config.port();
        this.host = config.host();
        this.token = config.token();
        this.refreshGauges = refreshGauges;
        this.registry = registry;
        this.databasePing = databasePing;
        this.mqttUp = mqttUp;
    }

    @Override
    public Future<?> start() {
        Router router = Router.router(vertx);
        router.get("/health/live").handler(ctx -> json(ctx, 200, new JsonObject().put("status", "UP")));
        token.ifPresent(expected -> router.get("/metrics").handler(ctx -> guard(ctx, expected)));
        router.get("/health/ready").handler(this::ready);
        router.get("/metrics").handler(this::metrics);
        refreshGauges.run();
        vertx.setPeriodic(REFRESH_GAUGES_MS, id -> refreshGauges.run());
        return vertx.createHttpServer().requestHandler(router).listen(port, host)
                .recover(e -> Future.failedFuture(ConfigLoader.cannotListen("management.port", port, e)))
                .onSuccess(s -> {
                    server = s;
                    LOG.info("management (health, metrics) listening on {}:{}{}", host, s.actualPort(),
                            token.isPresent() ? ", /metrics behind management.token" : "");
                });
    }

    /** Constant-time comparison, so the token cannot be guessed a character at a time. */
    private static boolean holdsToken(RoutingContext ctx, String expected) {
        String given = java.util.Objects.requireNonNullElse(Access.bearer(ctx.request()), "");
        return java.security.MessageDigest.isEqual(given.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                expected.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static void guard(RoutingContext ctx, String expected) {
        if (holdsToken(ctx, expected)) {
            ctx.next();
        } else {
            ctx.response().setStatusCode(401).putHeader("WWW-Authenticate", "Bearer realm=\"workshop-monitor-management\"")
                    .putHeader("content-type", "application/json").end("{\"status\":401,\"detail\":\"management.token is set:"
                            + " send Authorization: Bearer <it>\"}");
        }
    }

    /**
     * UP only when every check is. A PostgreSQL that answers but cannot store (a full disk) passes the ping, so the
     * write path is a check of its own, and each DOWN check carries its reason: an operator woken at night reads
     * "No space left on device" here instead of guessing from a bare DOWN.
     */
    private void ready(RoutingContext ctx) {
        databasePing.get()
                .timeout(PING_TIMEOUT_MS, java.util.concurrent.TimeUnit.MILLISECONDS)
                .transform(ping -> Future.succeededFuture(ping.failed()
                        ? java.util.Optional.of(ping.cause() instanceof java.util.concurrent.TimeoutException
                        ? "no answer within " + PING_TIMEOUT_MS + " ms" : String.valueOf(ping.cause().getMessage()))
                        : java.util.Optional.<String>empty()))
                .onSuccess(databaseTrouble -> {
                    JsonObject checks = new JsonObject();
                    JsonObject reasons = new JsonObject();
                    check(checks, reasons, "database", databaseTrouble);
                    check(checks, reasons, "mqtt", mqttUp.getAsBoolean() ? java.util.Optional.empty()
                            : java.util.Optional.of("the MQTT listener is not taking messages (stopping, or the broker is unreachable)"));
                    check(checks, reasons, "ingest", ingestTrouble.get());
                    kafkaUp.ifPresent(up -> check(checks, reasons, "kafka", up.getAsBoolean() ? java.util.Optional.empty()
                            : java.util.Optional.of("Kafka does not answer, or the change topic is not read yet")));
                    boolean up = reasons.isEmpty();
                    JsonObject body = new JsonObject().put("status", up ? "UP" : "DOWN");
                    // a probe needs the status alone; which part is down, and why, is for those who hold the token
                    if (token.isEmpty() || holdsToken(ctx, token.get())) {
                        body.put("checks", checks);
                        if (!up) {
                            body.put("reasons", reasons);
                        }
                    }
                    json(ctx, up ? 200 : 503, body);
                });
    }

    private static void check(JsonObject checks, JsonObject reasons, String name, java.util.Optional<String> trouble) {
        checks.put(name, trouble.isEmpty() ? "UP" : "DOWN");
        trouble.ifPresent(reason -> reasons.put(name, reason));
    }

    private void metrics(RoutingContext ctx) {
        vertx.executeBlocking(registry::scrape)
                .onSuccess(text -> ctx.response().putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8").end(text))
                .onFailure(ctx::fail);
    }

    private static void json(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.encode());
    }

    @Override
    public Future<?> stop() {
        return server == null ? Future.succeededFuture() : server.close();
    }
}
