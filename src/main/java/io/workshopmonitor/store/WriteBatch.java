package io.workshopmonitor.store;

import io.workshopmonitor.domain.Applied;
import io.workshopmonitor.domain.AttendanceReading;
import io.workshopmonitor.domain.CounterReading;
import io.workshopmonitor.domain.CounterUpdate;
import io.workshopmonitor.domain.RejectReason;
import io.workshopmonitor.domain.StateReading;
import io.workshopmonitor.domain.StationKey;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Everything one ingest flush writes, in one transaction. */
public record WriteBatch(List<CounterRow> counters, List<StateRow> states, List<AttendanceRow> attendance,
                         List<DeadLetter> deadLetters, List<StationKey> newStations) {

    /** One row a batch writes; all but dead letters carry a reading's id and what it does to the figures. */
    public sealed interface Row permits CounterRow, StateRow, AttendanceRow, DeadLetter {

        /** What the row does to its workshop's figures once stored; empty for a dead letter. */
        Optional<Applied> applied();

        /** The reading's id, which makes a second write of it a no-op; empty for a dead letter. */
        Optional<UUID> readingId();
    }

    public record CounterRow(UUID id, CounterReading reading, CounterUpdate update, Instant receivedAt) implements Row {
        @Override
        public Optional<Applied> applied() {
            return Optional.of(Applied.counter(id, reading, update));
        }

        @Override
        public Optional<UUID> readingId() {
            return Optional.of(id);
        }
    }

    public record StateRow(UUID id, StateReading reading, Instant receivedAt) implements Row {
        @Override
        public Optional<Applied> applied() {
            return Optional.of(new Applied.StateChanged(id, reading));
        }

        @Override
        public Optional<UUID> readingId() {
            return Optional.of(id);
        }
    }

    public record AttendanceRow(UUID id, AttendanceReading reading, Instant receivedAt) implements Row {
        @Override
        public Optional<Applied> applied() {
            return Optional.of(new Applied.Headcount(id, reading));
        }

        @Override
        public Optional<UUID> readingId() {
            return Optional.of(id);
        }
    }

    public record DeadLetter(Instant receivedAt, String topic, RejectReason reason, String detail, String payload)
            implements Row {
        @Override
        public Optional<Applied> applied() {
            return Optional.empty();
        }

        @Override
        public Optional<UUID> readingId() {
            return Optional.empty();
        }
    }

    public int size() {
        return counters.size() + states.size() + attendance.size() + deadLetters.size();
    }
}
