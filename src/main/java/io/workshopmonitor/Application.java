package io.workshopmonitor;

import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.workshopmonitor.alert.AlertBoard;
import io.workshopmonitor.alert.AlertJson;
import io.workshopmonitor.alert.AlertVerticle;
import io.workshopmonitor.alert.WebhookSender;
import io.workshopmonitor.api.ApiVerticle;
import io.workshopmonitor.api.ManagementVerticle;
import io.workshopmonitor.live.ContractStatuses;
import io.workshopmonitor.live.FiguresView;
import io.workshopmonitor.owner.ConfigChanges;
import io.workshopmonitor.owner.WorkshopOwner;
import io.workshopmonitor.alert.AlertBroadcast;
import io.workshopmonitor.ingest.Handoff;
import io.workshopmonitor.cluster.ClusterNode;
import io.workshopmonitor.store.SecretStore;
import io.workshopmonitor.store.AlertStore;
import io.workshopmonitor.store.AuditStore;
import io.workshopmonitor.store.DeviceStore;
import io.workshopmonitor.store.MqttSessionStore;
import io.workshopmonitor.store.WebhookStore;
import io.workshopmonitor.store.ClosureStore;
import io.workshopmonitor.store.ContractStore;
import io.workshopmonitor.store.FigureStore;
import io.workshopmonitor.config.AppConfig;
import io.workshopmonitor.config.ConfigException;
import io.workshopmonitor.domain.Station;
import io.workshopmonitor.domain.WorkshopDirectory;
import io.workshopmonitor.ingest.IngestVerticle;
import io.workshopmonitor.metrics.BusinessMetrics;
import io.workshopmonitor.metrics.IngestMetrics;
import io.workshopmonitor.store.Database;
import io.workshopmonitor.store.RevocationStore;
import io.workshopmonitor.store.StopReasonStore;
import io.workshopmonitor.store.LossReader;
import io.workshopmonitor.store.RejectSplitStore;
import io.workshopmonitor.metrics.LossMetrics;
import io.workshopmonitor.store.Retention;
import io.workshopmonitor.store.DeadLetterStore;
import io.workshopmonitor.store.ReadingStore;
import io.workshopmonitor.store.WorkshopStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.workshopmonitor.demo.DemoClock;
import io.workshopmonitor.cli.Cli;
import io.workshopmonitor.demo.DemoOptions;
import io.workshopmonitor.demo.DemoSimulator;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.workshopmonitor.domain.Caller;
import io.workshopmonitor.domain.WebhookTargets;
import io.workshopmonitor.security.SignInCodes;
import io.workshopmonitor.security.SigningKey;
import io.workshopmonitor.security.Tokens;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** The one wiring place: read config, start the store, then ingest, then the API and management port. */
public final class Application {

    private static final Logger LOG = LoggerFactory.getLogger(Application.class);

    private final AppConfig config;
    /** The service's idea of now: the system clock, or a demo's clock that may run faster. */
    private final Clock clock;
    private final PrometheusMeterRegistry registry;
    private final Vertx vertx;
    private Database database;
    private IngestVerticle ingest;
    private String ingestDeployment;
    private ApiVerticle api;
    private FiguresView view;
    private ConfigChanges changes;
    private AlertBroadcast alertBroadcast;
    private ClusterNode cluster;
    private BusinessMetrics business;
    private Tokens tokens;
    private long revocationReload = -1;
    private long lossMetricsTimer = -1;
    private static final long LOSS_METRICS_FIRST_MS = 2_000;
    private static final long LOSS_METRICS_MS = 15_000;
    private long moneyMetricsTimer = -1;
    private static final long MONEY_METRICS_FIRST_MS = 3_000;
    private static final long MONEY_METRICS_MS = 60_000;
    private long retentionTimer = -1;
    static final long RETENTION_FIRST_MS = 60_000;
    static final long RETENTION_EVERY_MS = 24 * 3_600_000L;
    static final long REVOCATION_RELOAD_MS = 5_000;
    private final AlertBoard alertBoard = new AlertBoard();
    private volatile boolean stopping;
    /** The one-time codes of the sign-in links this process logged; none with an identity provider. */
    private SignInCodes signInCodes;

    private Application(AppConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.registry = registry();
        // Vert.x reports its HTTP server, event bus, client pools and SQL pool into the same registry.
        this.vertx = Vertx.builder()
                .with(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)
                        .setJvmMetricsEnabled(false)
                        // client-side gauges carry no tags to tell clients apart, so a second client only logs a
                        // warning; the PostgreSQL pool and webhooks have their own metrics
                        .addDisabledMetricsCategory(MetricsDomain.NET_CLIENT)
                        .addDisabledMetricsCategory(MetricsDomain.HTTP_CLIENT)))
                .withMetrics(new MicrometerMetricsFactory(registry))
                .build();
    }

    public static void main(String[] args) {
        Cli.main(args);
    }

    /**
     * Runs the service (with the demo when asked) until the JVM is told to stop; a start that fails ends the
     * process: exit code 2 when the message names a key to change, 1 otherwise.
     */
    public static void serve(AppConfig config, DemoOptions demo) {
        AppConfig effective = demo.enabled() ? demoConfig(config) : config;
        Clock clock = demo.enabled() ? demoClock(demo) : Clock.systemUTC();
        Application app = new Application(effective, clock);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> app.stop().toCompletionStage().toCompletableFuture()
                .orTimeout(30, TimeUnit.SECONDS).exceptionally(e -> null).join(), "shutdown"));
        (demo.enabled() ? app.startDemo((DemoClock) clock) : app.start())
                .onFailure(failure -> {
            if (failure instanceof ConfigException) {
                // the message names the key to change: a stack trace would only hide it
                LOG.error("Workshop Monitor failed to start: {}", failure.getMessage());
                System.err.println("workshop-monitor: bad configuration: " + failure.getMessage());
                app.stop().onComplete(ignored -> System.exit(Cli.USAGE));
                return;
            }
            LOG.error("Workshop Monitor failed to start: {}", failure.toString(), failure);
            app.stop().onComplete(ignored -> System.exit(Cli.FAILED));
        });
    }

    /**
     * A demo runs on its own embedded database under {@code <dataDir>/demo}, emptied at each start, so it never
     * mixes with real readings and always begins on a clean morning.
     */
    static AppConfig demoConfig(AppConfig config) {
        if (config.database().url().isPresent()) {
            return config;
        }
        Path dir = config.dataDir().resolve("demo");
        deleteRecursively(dir);
        return new AppConfig(dir, config.http(), config.management(), config.database(), config.mqtt(), config.ingest(),
                config.figures(), config.alerts(), config.auth(), config.tls(), config.cluster(), config.retention(),
                config.reports());
    }

    /**
     * The demo's day starts at the chosen local time today, in the demo estate's time zone; at a weekend, on the
     * Friday before, since its workshops work weekdays only.
     */
    static DemoClock demoClock(DemoOptions demo) {
        return new DemoClock(DemoSimulator.demoDay(LocalDate.now(DemoSimulator.zone())).atTime(demo.start())
                .atZone(DemoSimulator.zone()).toInstant(), demo.speed());
    }

    /**
     * Starts the service with the demo: its devices configure the estate and fill its past before alerts start
     * (so yesterday is not judged on half its readings), then run live.
     */
    private Future<Void> startDemo(DemoClock clock) {
        java.util.concurrent.atomic.AtomicReference<DemoSimulator> simulator = new java.util.concurrent.atomic.AtomicReference<>();
        return start(() -> {
            LOG.info("demo mode: demo clock starts at {} local, running {}x real time; open http://localhost:{}/",
                    clock.instant().atZone(DemoSimulator.zone()).toLocalTime(), clock.speed(), config.http().port());
            simulator.set(new DemoSimulator(httpPort(), mqttPort(), config.mqtt().topicPrefix(), clock,
                    tokens.issue("demo-simulator", Caller.Role.ADMIN, Set.of(), Duration.ofDays(2))));
            return vertx.deployVerticle(simulator.get()).mapEmpty();
        }).compose(ignored -> simulator.get().go());
    }

    /** Starts the service with a demo, for a test that runs it in its own JVM. */
    public static Future<Application> startDemo(AppConfig config, DemoClock clock) {
        Application app = new Application(config, clock);
        return app.startDemo(clock).map(app);
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            throw new ConfigException("dataDir (" + dir + "): cannot empty the demo's data directory: " + e.getMessage());
        }
    }

    /** Starts everything; for tests that run the service inside their own JVM. */
    public static Future<Application> start(AppConfig config) {
        return start(config, Clock.systemUTC());
    }

    public static Future<Application> start(AppConfig config, Clock clock) {
        Application app = new Application(config, clock);
        return app.start().map(app);
    }

    private Future<Void> start() {
        return start(Future::succeededFuture);
    }

    /**
     * Ingest, then the API and management port, then alerts (restored from the store) and webhooks.
     * {@code beforeAlerts} runs in between: a demo fills the estate's past there, so alerts see it whole.
     */
    private Future<Void> start(java.util.function.Supplier<Future<Void>> beforeAlerts) {
        WorkshopDirectory directory = new WorkshopDirectory();
        view = new FiguresView(config.cluster().instanceId());
        IngestMetrics ingestMetrics = new IngestMetrics(registry);
        return Database.start(vertx, config)
                .onSuccess(db -> database = db)
                // this month's partitions exist before the first reading is taken
                .map(db -> new Retention(db.pool(), config.retention()))
                .compose(retention -> retention.ensurePartitions(clock.instant()).map(retention))
                .onSuccess(this::scheduleRetention)
                .compose(ignored -> startCluster())
                .compose(ignored -> {
                    business = new BusinessMetrics(registry, view, alertBoard::counts);
                    WorkshopOwner.Services owned = ownerServices(directory, ingestMetrics);
                    if (cluster == null) {
                        ingest = new IngestVerticle(config, directory, ingestMetrics, new DeviceStore(database.pool()),
                                new MqttSessionStore(database.pool()),
                                v -> ownEveryWorkshop(v, owned), clock);
                        return vertx.deployVerticle(ingest).onSuccess(id -> ingestDeployment = id);
                    }
                    // the front door must know every workshop before it opens; owning comes with the partitions
                    ingest = new IngestVerticle(config, directory, ingestMetrics, new DeviceStore(database.pool()),
                            new MqttSessionStore(database.pool()),
                            v -> cluster.handoff(v, new ReadingStore(database.pool())), clock);
                    return new WorkshopStore(database.pool()).list()
                            .onSuccess(list -> list.forEach(w -> directory.putWorkshop(w.key(),
                                    w.stations().stream().map(Station::id).toList())))
                            .compose(ignored2 -> cluster.deployOwner(owned))
                            .compose(ignored2 -> vertx.deployVerticle(ingest))
                            .onSuccess(id -> ingestDeployment = id);
                })
                .compose(ignored -> startTokens())
                .compose(started -> reloadRevocations(started).map(started))
                .compose(started -> {
                    tokens = started;
                    // another instance's revocations reach this one within seconds
                    revocationReload = vertx.setPeriodic(REVOCATION_RELOAD_MS, id -> reloadRevocations(started)
                            .onFailure(e -> LOG.debug("revoked tokens not reloaded: {}", e.toString())));
                    api = new ApiVerticle(config.http(), config.tls(), new ApiVerticle.Services(new WorkshopStore(database.pool()),
                            new DeadLetterStore(database.pool()), new ClosureStore(database.pool()),
                            new FigureStore(database.pool()), new ContractStore(database.pool()), contractStatuses(),
                            alerts(), alertBoard, new WebhookStore(database.pool()), new DeviceStore(database.pool()),
                            new AuditStore(database.pool()),
                            directory, view, changes, clock, tokens, registry, this::clusterStatus,
                            new WebhookTargets(config.alerts().webhookAllowedNetworks()), signInCodes,
                            new RevocationStore(database.pool()), new StopReasonStore(database.pool()),
                            new RejectSplitStore(database.pool()),
                            new ApiVerticle.Money(new io.workshopmonitor.store.ProductStore(database.pool()),
                                    new io.workshopmonitor.store.CostingStore(database.pool()), reportReader(),
                                    new io.workshopmonitor.store.DeliveryStore(database.pool()))));
                    return vertx.deployVerticle(api);
                })
                .compose(ignored -> vertx.deployVerticle(new ManagementVerticle(config.management(), registry,
                        database::ping, () -> !stopping && ingest.mqttUp(), ingest::writeTrouble,
                        java.util.Optional.ofNullable(cluster).map(node -> (java.util.function.BooleanSupplier) node::ready),
                        business::refresh)))
                .compose(ignored -> beforeAlerts.get())
                .compose(ignored -> vertx.deployVerticle(new AlertVerticle(config.alerts(), view, alerts(),
                        new ContractStore(database.pool()), contractStatuses(), alertBoard, alertBroadcast, business,
                        clock)))
                .compose(ignored -> vertx.deployVerticle(new WebhookSender(new WebhookStore(database.pool()), config.alerts(),
                        registry, clock)))
                .compose(ignored -> config.reports().mail().isEmpty() ? Future.succeededFuture()
                        : vertx.deployVerticle(new io.workshopmonitor.report.ReportMailer(config.reports(), reportReader(),
                        new io.workshopmonitor.store.DeliveryStore(database.pool()), new WorkshopStore(database.pool()),
                        registry, clock)))
                .onSuccess(ignored -> startLossMetrics())
                .onSuccess(ignored -> LOG.info("Workshop Monitor ready: dashboard http://localhost:{}/, API http://localhost:{}/api/v1, MQTT {}, "
                                + "health and metrics http://{}:{}/health/ready", config.http().port(), config.http().port(),
                        config.mqtt().broker().map(b -> "subscribed to " + b.host() + ":" + b.port())
                                .orElse("endpoint on port " + config.mqtt().port()),
                        managementHost(), config.management().port()))
                .mapEmpty();
    }

    /**
     * Cluster mode when Kafka is configured: topics made, the change topic followed, and configuration and alert
     * changes sent to every instance; otherwise they stay in this process.
     */
    private Future<Void> startCluster() {
        if (config.cluster().kafka().isEmpty()) {
            changes = ConfigChanges.local(vertx);
            alertBroadcast = AlertBroadcast.local(vertx, alertBoard);
            return Future.succeededFuture();
        }
        return ClusterNode.start(vertx, config, view, AlertBroadcast.local(vertx, alertBoard), registry, clock)
                .onSuccess(node -> {
                    cluster = node;
                    changes = node.configChanges();
                    alertBroadcast = node.alertBroadcast();
                })
                .mapEmpty();
    }

    /**
     * The identity provider's keys, or the service's own: then an administrator token is written to
     * {@code <dataDir>/admin.token} on first start, and the dashboard sign-in link is logged.
     */
    /** The daily upkeep of what is stored: a minute after start, then every day. */
    private void scheduleRetention(Retention retention) {
        retentionTimer = vertx.setTimer(RETENTION_FIRST_MS, first -> {
            runRetention(retention);
            retentionTimer = vertx.setPeriodic(RETENTION_EVERY_MS, id -> runRetention(retention));
        });
    }

    private void runRetention(Retention retention) {
        retention.run(clock.instant()).onFailure(e -> LOG.warn("retention did not run to the end: {}", e.toString()));
    }

    /** Where to reach the management port from this host, for the ready line. */
    private String managementHost() {
        String host = config.management().host();
        return host.equals("0.0.0.0") || host.equals("::") ? "localhost" : host.contains(":") ? "[" + host + "]" : host;
    }

    private Future<Void> reloadRevocations(Tokens tokens) {
        return new RevocationStore(database.pool()).all().onSuccess(tokens.revocations()::replaceAll).mapEmpty();
    }

    private Future<Tokens> startTokens() {
        AppConfig.AuthConfig auth = config.auth();
        if (auth.jwksUrl().isPresent()) {
            return Tokens.jwks(vertx, auth.jwksUrl().get(), auth.issuer())
                    .onSuccess(tokens -> LOG.info("people sign in with tokens from {} ({} keys)", auth.issuer(),
                            tokens.providerKeys()));
        }
        return vertx.executeBlocking(() -> SigningKey.loadOrCreate(config.dataDir()))
                // a cluster signs with one key, kept in the shared database, so any instance's token works on all
                .compose(key -> cluster == null ? Future.succeededFuture(key)
                        : new SecretStore(database.pool()).shared("token-signing-key", key))
                .compose(key -> vertx.executeBlocking(() -> {
                    SigningKey.keep(config.dataDir(), key);
                    return ownTokens(key);
                }));
    }

    /** Blocking: reads and may write the administrator token file. */
    private Tokens ownTokens(String key) throws java.io.IOException {
        Tokens own = Tokens.ownKey(vertx, key, config.auth().issuer());
        Path adminToken = config.dataDir().resolve("admin.token");
        if (!Files.exists(adminToken)) {
            own.writeAdminToken(config.dataDir(), Duration.ofDays(365));
            LOG.info("first start: an administrator token is in {} (readable by this user only)", adminToken);
        }
        // a code that works once, for minutes, where a token would make whoever reads shipped logs an administrator
        signInCodes = new SignInCodes(Clock.systemUTC()); // real minutes, also when a demo runs its clock faster
        LOG.info("sign in to the dashboard within {} minutes with http://localhost:{}/#code={} (it works once; a new link"
                + " is logged at each start, and the token command issues tokens)", SignInCodes.LIFETIME.toMinutes(),
                config.http().port(), signInCodes.issue());
        return own;
    }

    private AlertStore alerts() {
        return new AlertStore(database.pool(), AlertJson::webhookBody);
    }

    private io.workshopmonitor.report.ReportReader reportReader() {
        var pool = database.pool();
        return new io.workshopmonitor.report.ReportReader(new io.workshopmonitor.report.ReportReader.Stores(
                new WorkshopStore(pool), new ClosureStore(pool), new io.workshopmonitor.store.ProductStore(pool),
                new io.workshopmonitor.store.CostingStore(pool), new ContractStore(pool), contractStatuses(),
                new io.workshopmonitor.store.ReportStore(pool), alerts(), new io.workshopmonitor.store.LossReader(
                new ClosureStore(pool), new FigureStore(pool), new StopReasonStore(pool), new RejectSplitStore(pool))),
                clock, config.reports().currency());
    }

    private ContractStatuses contractStatuses() {
        return new ContractStatuses(new FigureStore(database.pool()), new WorkshopStore(database.pool()),
                new ClosureStore(database.pool()), clock);
    }

    /** What GET /api/v1/cluster answers: the cluster's members, or this single node owning every workshop. */
    private JsonObject clusterStatus() {
        if (cluster != null) {
            return cluster.members().json();
        }
        JsonArray owned = new JsonArray(view.owned().stream().map(s -> s.key().toString()).sorted().toList());
        return new JsonObject().put("cluster", null).put("instance", config.cluster().instanceId())
                .put("instances", new JsonArray().add(new JsonObject().put("id", config.cluster().instanceId())
                        .put("self", true).put("owned", owned).put("partitions", new JsonArray()).put("lag", 0)
                        .put("lastSeen", clock.instant().toString())));
    }

    private WorkshopOwner.Services ownerServices(WorkshopDirectory directory, IngestMetrics ingestMetrics) {
        return new WorkshopOwner.Services(config, new WorkshopStore(database.pool()), new ReadingStore(database.pool()),
                new FigureStore(database.pool()), new ClosureStore(database.pool()), directory, view, ingestMetrics,
                business, clock);
    }

    /**
     * A single node owns every workshop, on the ingest context: before the front door opens, every counter is
     * resumed and every workshop's figures rebuilt from what is stored; the PostgreSQL commit is the hand-off.
     */
    /** Minutes lost today by category, for Prometheus: read from the store every 15 s, not per scrape. */
    private void startLossMetrics() {
        LossMetrics losses = new LossMetrics(registry, view, new LossReader(new ClosureStore(database.pool()),
                new FigureStore(database.pool()), new StopReasonStore(database.pool()), new RejectSplitStore(database.pool())), clock);
        lossMetricsTimer = vertx.setPeriodic(LOSS_METRICS_FIRST_MS, LOSS_METRICS_MS, id -> losses.refresh()
                .onFailure(e -> LOG.debug("minutes lost not refreshed: {}", e.toString())));
        io.workshopmonitor.metrics.MoneyMetrics money = new io.workshopmonitor.metrics.MoneyMetrics(registry, view, reportReader());
        moneyMetricsTimer = vertx.setPeriodic(MONEY_METRICS_FIRST_MS, MONEY_METRICS_MS, id -> money.refresh()
                .onFailure(e -> LOG.debug("month's money not refreshed: {}", e.toString())));
    }

    private static Future<Handoff> ownEveryWorkshop(Vertx vertx, WorkshopOwner.Services services) {
        WorkshopOwner owner = WorkshopOwner.create(vertx, services, key -> true);
        return owner.gain(null).map(owner.applier());
    }

    private static PrometheusMeterRegistry registry() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        return registry;
    }

    /** Stops taking telemetry first, so every reading in flight is written before the database goes. */
    public Future<Void> stop() {
        vertx.cancelTimer(revocationReload);
        vertx.cancelTimer(lossMetricsTimer);
        vertx.cancelTimer(moneyMetricsTimer);
        vertx.cancelTimer(retentionTimer);
        // readiness says 503 at once, so a load balancer sends no one here while the rest stops
        stopping = true;
        LOG.info("stopping: readiness answers 503 from now on");
        // the front door first: what it took is made durable while the owner and the database are still there
        // the chain starts on no context: a future of vertx.undeploy() called from a plain thread belongs to a
        // context that vertx.close() ends, and would never tell the caller that the stop is done
        return Future.<Void>succeededFuture()
                .compose(ignored -> ingestDeployment == null ? Future.succeededFuture()
                        : vertx.undeploy(ingestDeployment).recover(e -> Future.succeededFuture()))
                .compose(ignored -> {
                    Future<Void> rest = Future.succeededFuture();
                    for (String id : vertx.deploymentIDs()) {
                        rest = rest.compose(done -> vertx.undeploy(id).recover(e -> Future.succeededFuture()));
                    }
                    return rest;
                })
                .compose(ignored -> cluster == null ? Future.succeededFuture() : cluster.stop().recover(e -> Future.succeededFuture()))
                .compose(ignored -> database == null ? Future.succeededFuture() : database.close(vertx)
                        .onComplete(closed -> LOG.info("stopping: database closed")))
                .eventually(vertx::close);
    }

    public int mqttPort() {
        return ingest.mqttPort();
    }

    public int httpPort() {
        return api.actualPort();
    }

    public AppConfig config() {
        return config;
    }
}
