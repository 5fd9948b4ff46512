package io.workshopmonitor.ingest;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.workshopmonitor.config.AppConfig;
import io.workshopmonitor.domain.WorkshopDirectory;
import io.workshopmonitor.live.LiveFigures;
import io.workshopmonitor.metrics.BusinessMetrics;
import io.workshopmonitor.metrics.IngestMetrics;
import io.workshopmonitor.store.DeviceStore;
import io.workshopmonitor.store.ReadingStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;


/**
 * Owns the ingest path on one event loop: counter trackers resumed from the store, the batch writer,
 * and the MQTT endpoint or broker subscription that feeds them.
 */
public final class IngestVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(IngestVerticle.class);
    private static final long TRIM_EVERY_MS = 10_000;
    private static final long DRAIN_TIMEOUT_MS = 10_000;

    private final AppConfig config;
    private final WorkshopDirectory directory;
    private final ReadingStore store;
    private final IngestMetrics metrics;
    private final LiveFigures live;
    private final BusinessMetrics business;
    private final DeviceStore devices;
    private BatchWriter writer;
    private MqttEndpointServer endpoint;
    private BrokerSubscriber subscriber;

    public IngestVerticle(AppConfig config, WorkshopDirectory directory, ReadingStore store, IngestMetrics metrics,
                          LiveFigures live, BusinessMetrics business, DeviceStore devices) {
        this.config = config;
        this.devices = devices;
        this.live = live;
        this.business = business;
        this.directory = directory;
        this.store = store;
        this.metrics = metrics;
    }

    @Override
    public Future<?> start() {
        AppConfig.IngestConfig ingest = config.ingest();
        writer = new BatchWriter(vertx, store, ingest.batchMaxSize(), ingest.batchMaxDelayMs(), ingest.maxPending(),
                (rows, nanos) -> {
                    metrics.batchCommitted(nanos);
                    live.committed(rows);
                    business.committed(rows);
                });
        metrics.pendingGauge(writer::pending);
        vertx.setPeriodic(TRIM_EVERY_MS, id -> {
            live.prune();
            store.trimDeadLetters(ingest.deadLetterLimit())
                    .onFailure(e -> LOG.debug("dead-letter trim skipped: {}", e.toString()));
        });
        return store.resumeTrackers()
                .map(trackers -> new Ingestor(config, directory, trackers, writer, metrics, live.clock()))
                .compose(this::openFrontDoor);
    }

    private Future<?> openFrontDoor(Ingestor ingestor) {
        if (config.mqtt().broker().isPresent()) {
            subscriber = new BrokerSubscriber(vertx, config.mqtt(), ingestor);
            return subscriber.start();
        }
        endpoint = new MqttEndpointServer(vertx, config.mqtt(), config.tls(), ingestor, devices);
        return endpoint.start();
    }

    /** Stops taking telemetry, then writes what was already taken before the database goes. */
    @Override
    public Future<?> stop() {
        Future<Void> closed = subscriber != null ? subscriber.stop()
                : endpoint != null ? endpoint.stop() : Future.succeededFuture();
        return closed.eventually(() -> writer == null ? Future.succeededFuture() : writer.drain(DRAIN_TIMEOUT_MS));
    }

    /** For readiness: the front door is open and the database takes writes. */
    public boolean mqttUp() {
        return subscriber != null ? subscriber.connected() : endpoint != null;
    }

    public boolean databaseWritable() {
        return writer != null && writer.databaseUp();
    }

    /** The endpoint's bound port (useful when configured as 0 in tests). */
    public int mqttPort() {
        return endpoint.actualPort();
    }
}
