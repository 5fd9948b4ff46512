package io.workshopmonitor.domain;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/** A station's cumulative counts at device time {@code ts}, as the device sent them. */
public record CounterReading(StationKey station, Instant ts, OptionalLong seq, long good, long reject,
                             Optional<String> product) implements Telemetry {

    public CounterReading {
        if (good < 0 || reject < 0) {
            throw new IllegalArgumentException("counts are non-negative");
        }
        if (seq.isPresent() && seq.getAsLong() < 0) {
            throw new IllegalArgumentException("seq is non-negative");
        }
    }

    @Override
    public WorkshopKey workshop() {
        return station().workshop();
    }
}
