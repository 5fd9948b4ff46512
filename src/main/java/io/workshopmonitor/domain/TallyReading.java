package io.workshopmonitor.domain;

import java.time.Instant;
import java.util.Optional;

/**
 * Units counted by hand at a station without a counter, entered on the instructor's tablet: good and reject
 * units made between {@code from} and {@code to}. Unlike a device's cumulative counts, a tally is what was
 * added, so tallies entered in any order all count. Its units are placed at {@code to}, when they were counted.
 */
public record TallyReading(StationKey station, Instant from, Instant to, long good, long reject,
                           Optional<String> product) implements Telemetry {

    public TallyReading {
        if (good < 0 || reject < 0) {
            throw new IllegalArgumentException("counts are non-negative");
        }
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("a tally ends after it starts");
        }
    }

    @Override
    public WorkshopKey workshop() {
        return station.workshop();
    }

    @Override
    public Instant ts() {
        return to;
    }

    /** What it adds: its counts, as they are. It is no reference point for a device's counter. */
    public CounterUpdate update() {
        return new CounterUpdate(CounterUpdate.Kind.TALLY, good, reject);
    }

    /** As a row of counter history: the tally's own counts, which are also what it adds. */
    public CounterReading asCounterReading() {
        return new CounterReading(station, to, java.util.OptionalLong.empty(), good, reject, product);
    }
}
