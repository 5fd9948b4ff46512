package io.workshopmonitor.domain;

import java.time.Instant;
import java.util.UUID;

/**
 * What a committed reading did to its workshop, as the one owner of the workshop's figures applies it: units
 * counted, a station seen, a state change, a headcount. Made only after the reading is durable, and never for a
 * reading that was already stored.
 */
public sealed interface Applied {

    /** The reading's id, so a rebuild from the store can tell what it has already read. */
    UUID id();

    WorkshopKey workshop();

    /** Units a counter reading added (its delta after the counter semantics). */
    record Units(UUID id, StationKey station, Instant ts, long good, long reject) implements Applied {
        @Override
        public WorkshopKey workshop() {
            return station.workshop();
        }
    }

    /** A reading that added nothing (a baseline, a late one) still shows the station is alive. */
    record Seen(UUID id, StationKey station, Instant ts) implements Applied {
        @Override
        public WorkshopKey workshop() {
            return station.workshop();
        }
    }

    record StateChanged(UUID id, StateReading reading) implements Applied {
        @Override
        public WorkshopKey workshop() {
            return reading.workshop();
        }
    }

    record Headcount(UUID id, AttendanceReading reading) implements Applied {
        @Override
        public WorkshopKey workshop() {
            return reading.workshop();
        }
    }

    /** What a stored counter reading did, given the update its counter semantics gave. */
    public static Applied counter(UUID id, CounterReading reading, CounterUpdate update) {
        return update.goodDelta() != 0 || update.rejectDelta() != 0
                ? new Units(id, reading.station(), reading.ts(), update.goodDelta(), update.rejectDelta())
                : new Seen(id, reading.station(), reading.ts());
    }
}
