package io.workshopmonitor.domain;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A reading that passed the front door: parsed, authorised and for a configured workshop. Its {@code id} is given
 * there, once, and is the reading's identity from then on: a reading handed over twice (a redelivery from Kafka
 * after a failover, a retried batch) is stored once and counted once because its id is already held.
 *
 * @param newStation the station this reading registered at the front door, to be stored with it
 */
public record Accepted(UUID id, Telemetry reading, Instant receivedAt, Optional<StationKey> newStation) {

    public WorkshopKey workshop() {
        return reading.workshop();
    }
}
