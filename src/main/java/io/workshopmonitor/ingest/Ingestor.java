package io.workshopmonitor.ingest;

import io.vertx.core.Future;
import io.workshopmonitor.config.AppConfig;
import io.workshopmonitor.domain.Accepted;
import io.workshopmonitor.domain.RejectReason;
import io.workshopmonitor.domain.Rejection;
import io.workshopmonitor.domain.StationKey;
import io.workshopmonitor.domain.TallyReading;
import io.workshopmonitor.domain.Telemetry;
import io.workshopmonitor.domain.Topic;
import io.workshopmonitor.domain.WorkshopDirectory;
import io.workshopmonitor.metrics.IngestMetrics;
import io.workshopmonitor.store.WriteBatch;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The front door every telemetry message takes, from either MQTT listener: validate, authorise, give the reading
 * its id, hand it on, and answer once the hand-off says it is durable. Counting is not done here: the workshop's
 * owner applies the counter semantics (in this process on a single node, wherever Kafka places the workshop in a
 * cluster). Runs on one context.
 */
public final class Ingestor {

    private final String topicPrefix;
    private final PayloadParser parser;
    private final WorkshopDirectory directory;
    private final Handoff handoff;
    private final IngestMetrics metrics;
    private final Clock clock;
    private final Duration maxFutureSkew;
    private final boolean autoRegister;
    private final int maxStationsPerWorkshop;
    private final int maxPayloadBytes;

    public Ingestor(AppConfig config, WorkshopDirectory directory, Handoff handoff, IngestMetrics metrics, Clock clock) {
        this.topicPrefix = config.mqtt().topicPrefix();
        this.maxPayloadBytes = config.mqtt().maxPayloadBytes();
        this.parser = new PayloadParser(maxPayloadBytes);
        this.directory = directory;
        this.handoff = handoff;
        this.metrics = metrics;
        this.clock = clock;
        this.maxFutureSkew = Duration.ofSeconds(config.ingest().maxFutureSkewSeconds());
        this.autoRegister = config.ingest().autoRegister();
        this.maxStationsPerWorkshop = config.ingest().maxStationsPerWorkshop();
    }

    /**
     * @return the outcome once it is durable (a rejected message's dead letter included), or a failed
     * future with {@link Overloaded} when the database is too far behind to queue more
     */
    public Future<IngestOutcome> accept(String topic, byte[] payload) {
        return accept(topic, payload, null);
    }

    /**
     * @param allowedPrefix the topic prefix this publisher may use (a device's own workshop), or null for any;
     *                      another topic is refused as {@code not_authorized} and recorded like any reject
     */
    public Future<IngestOutcome> accept(String topic, byte[] payload, String allowedPrefix) {
        if (handoff.full()) {
            metrics.overloaded();
            return Future.failedFuture(new Overloaded(handoff.pending()));
        }
        Instant receivedAt = clock.instant();
        Future<IngestOutcome> outcome;
        try {
            if (allowedPrefix != null && (topic == null || !topic.startsWith(allowedPrefix))) {
                throw new Rejection(RejectReason.NOT_AUTHORIZED, "this device may publish only under " + allowedPrefix
                        + "; its credentials belong to that workshop");
            }
            outcome = route(Topic.parse(topicPrefix, topic), payload, receivedAt);
        } catch (Rejection rejection) {
            outcome = handoff.rejected(IngestOutcome.rejected(rejection.reason(), rejection.detail()),
                    deadLetter(topic, payload, rejection, receivedAt));
        }
        return outcome.onSuccess(metrics::count);
    }

    /** Rejects anything that refers to a closed {@link Topic} first, before the payload is parsed. */
    private Future<IngestOutcome> route(Topic topic, byte[] payload, Instant receivedAt) {
        if (!directory.hasWorkshop(topic.workshop())) {
            throw new Rejection(RejectReason.UNKNOWN_WORKSHOP, "workshop " + topic.workshop()
                    + " is not configured; create it with PUT /api/v1/workshops/" + topic.workshop());
        }
        Telemetry reading = switch (topic.kind()) {
            case COUNTER -> parser.counter(topic.stationKey(), payload);
            case STATE -> parser.state(topic.stationKey(), payload);
            case ATTENDANCE -> parser.attendance(topic.workshop(), payload);
        };
        checkNotFuture(reading.ts(), receivedAt);
        StationKey newStation = topic.kind() == Topic.Kind.ATTENDANCE ? null : register(topic.stationKey());
        return handoff.reading(new Accepted(newId(), reading, receivedAt, Optional.ofNullable(newStation)));
    }

    /**
     * A tally entered on a tablet, through the same hand-off as a device's reading, so it is stored, counted and
     * owned exactly as counter readings are.
     *
     * @return the reading's id once it is durable; a failed future with {@link Overloaded} when the database is too
     * far behind, or with a {@link Rejection} for a tally that ends in the future
     */
    public Future<UUID> tally(TallyReading tally) {
        if (handoff.full()) {
            metrics.overloaded();
            return Future.failedFuture(new Overloaded(handoff.pending()));
        }
        Instant receivedAt = clock.instant();
        try {
            checkNotFuture(tally.to(), receivedAt);
        } catch (Rejection rejection) {
            return Future.failedFuture(rejection);
        }
        UUID id = newId();
        return handoff.reading(new Accepted(id, tally, receivedAt, Optional.empty())).map(outcome -> id);
    }

    /** @return the station when this message registers it, else null */
    private StationKey register(StationKey station) {
        if (directory.hasStation(station)) {
            return null;
        }
        if (!autoRegister) {
            throw new Rejection(RejectReason.UNKNOWN_STATION, "station " + station
                    + " is not configured and ingest.autoRegister is off; add it to the workshop's stations");
        }
        if (directory.stationCount(station.workshop()) >= maxStationsPerWorkshop) {
            throw new Rejection(RejectReason.UNKNOWN_STATION, "station " + station + " is not configured and its workshop"
                    + " already has ingest.maxStationsPerWorkshop (" + maxStationsPerWorkshop
                    + ") stations; configure it through the API");
        }
        return directory.addStation(station) ? station : null;
    }

    private void checkNotFuture(Instant ts, Instant receivedAt) {
        if (ts.isAfter(receivedAt.plus(maxFutureSkew))) {
            throw new Rejection(RejectReason.FUTURE_TIMESTAMP, "ts " + ts + " is more than "
                    + maxFutureSkew.toSeconds() + " s ahead of the service's clock (" + receivedAt + "); check the device's clock");
        }
    }

    private WriteBatch.DeadLetter deadLetter(String topic, byte[] payload, Rejection rejection, Instant receivedAt) {
        int kept = Math.min(payload.length, maxPayloadBytes);
        String text = new String(payload, 0, kept, StandardCharsets.UTF_8) + (kept < payload.length ? "…" : "");
        return new WriteBatch.DeadLetter(receivedAt, topic == null ? "" : topic, rejection.reason(),
                rejection.detail(), text);
    }

    /**
     * A time-ordered id (UUID version 7 layout: milliseconds, then random bits), so the primary key grows at
     * its right-hand edge instead of touching random index pages. Not SecureRandom: ids need only be unique.
     */
    static UUID newId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (System.currentTimeMillis() << 16) | 0x7000L | (random.nextInt() & 0x0FFFL);
        return new UUID(high, (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L);
    }
}
