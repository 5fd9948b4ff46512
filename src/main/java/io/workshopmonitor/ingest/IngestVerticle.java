package io.workshopmonitor.ingest;

import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.workshopmonitor.domain.Rejection;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.workshopmonitor.config.AppConfig;
import io.workshopmonitor.domain.WorkshopDirectory;
import io.workshopmonitor.metrics.IngestMetrics;
import io.workshopmonitor.store.DeviceStore;
import io.workshopmonitor.store.MqttSessionStore;

import java.time.Clock;

/**
 * The front door on one event loop: the MQTT endpoint or broker subscription, and the hand-off it answers from.
 * The hand-off is made on this verticle's context: on a single node it is the workshops' owner itself (so the
 * counters, the writer and the live figures share this context), in a cluster the Kafka producer.
 */
public final class IngestVerticle extends VerticleBase {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(IngestVerticle.class);

    private static final long DRAIN_TIMEOUT_MS = 10_000;
    /**
     * Where the API hands a tablet's tally ({@link TallyJson}): answered with its id once durable, or failed with
     * 400 (it ends in the future) or 503 (the database is behind).
     */
    public static final String TALLY = "wm.ingest.tally";

    /** Builds the hand-off on the ingest context, once everything it restores is in place. */
    public interface HandoffFactory {
        Future<Handoff> create(Vertx vertx);
    }

    private final AppConfig config;
    private final WorkshopDirectory directory;
    private final IngestMetrics metrics;
    private final DeviceStore devices;
    private final MqttSessionStore sessions;
    private final HandoffFactory handoffs;
    private final Clock clock;
    private Handoff handoff;
    private MqttEndpointServer endpoint;
    private BrokerSubscription subscriber;
    private MessageConsumer<JsonObject> tallies;

    public IngestVerticle(AppConfig config, WorkshopDirectory directory, IngestMetrics metrics, DeviceStore devices,
                          MqttSessionStore sessions, HandoffFactory handoffs, Clock clock) {
        this.sessions = sessions;
        this.config = config;
        this.directory = directory;
        this.metrics = metrics;
        this.devices = devices;
        this.handoffs = handoffs;
        this.clock = clock;
    }

    @Override
    public Future<?> start() {
        return handoffs.create(vertx)
                .onSuccess(created -> handoff = created)
                .map(created -> new Ingestor(config, directory, created, metrics, clock))
                .onSuccess(ingestor -> tallies = vertx.eventBus().localConsumer(TALLY, message -> tally(ingestor, message)))
                .compose(this::openFrontDoor);
    }

    private static void tally(Ingestor ingestor, Message<JsonObject> message) {
        ingestor.tally(TallyJson.decode(message.body()))
                .onSuccess(id -> message.reply(new JsonObject().put("id", id.toString())))
                .onFailure(e -> message.fail(e instanceof Rejection ? 400 : 503,
                        e instanceof Overloaded ? "the database is behind; try again in a moment" : e.getMessage()));
    }

    private Future<?> openFrontDoor(Ingestor ingestor) {
        if (config.mqtt().broker().isPresent()) {
            subscriber = config.mqtt().broker().get().mqtt5() ? new Mqtt5BrokerSubscriber(vertx, config.mqtt(), ingestor)
                    : new BrokerSubscriber(vertx, config.mqtt(), ingestor);
            return subscriber.start(config.cluster().enabled());
        }
        endpoint = new MqttEndpointServer(vertx, config.mqtt(), config.tls(), ingestor,
                new DeviceSignIn(vertx, devices, metrics.registry()), sessions);
        return endpoint.start();
    }

    /**
     * Stops taking telemetry, then makes durable what was already taken; in endpoint mode the connections stay
     * open meanwhile, so each message taken is acknowledged before they close.
     */
    @Override
    public Future<?> stop() {
        if (tallies != null) {
            tallies.unregister();
        }
        if (endpoint != null) {
            int open = endpoint.stopTaking();
            LOG.info("stopping: the MQTT endpoint takes no more messages; {} connection(s) kept open for their acknowledgements", open);
            return drain()
                    .onSuccess(ignored -> LOG.info("stopping: every message taken is committed and acknowledged"))
                    // the acknowledgements of the last commits are written in the same turns as those commits end
                    .compose(ignored -> Future.<Void>future(done -> vertx.setTimer(50, id -> done.complete())))
                    .eventually(endpoint::stop)
                    .onComplete(ignored -> LOG.info("stopping: MQTT endpoint closed"));
        }
        Future<Void> closed = subscriber != null ? subscriber.stop() : Future.succeededFuture();
        return closed.eventually(this::drain);
    }

    private Future<Void> drain() {
        return handoff == null ? Future.succeededFuture() : handoff.drain(DRAIN_TIMEOUT_MS);
    }

    /** For readiness: the front door is open. */
    public boolean mqttUp() {
        return subscriber != null ? subscriber.connected() : endpoint != null;
    }

    public java.util.Optional<String> writeTrouble() {
        return handoff == null ? java.util.Optional.of("ingest has not started") : handoff.writeTrouble();
    }

    /** The endpoint's bound port (useful when configured as 0 in tests). */
    public int mqttPort() {
        return endpoint.actualPort();
    }
}
