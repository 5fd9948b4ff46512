package io.workshopmonitor.store;

import io.workshopmonitor.domain.AttendanceReading;
import io.workshopmonitor.domain.CounterReading;
import io.workshopmonitor.domain.CounterUpdate;
import io.workshopmonitor.domain.RejectReason;
import io.workshopmonitor.domain.StateReading;
import io.workshopmonitor.domain.StationKey;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Everything one ingest flush writes, in one transaction. */
public record WriteBatch(List<CounterRow> counters, List<StateRow> states, List<AttendanceRow> attendance,
                         List<DeadLetter> deadLetters, List<StationKey> newStations) {

    public record CounterRow(UUID id, CounterReading reading, CounterUpdate update, Instant receivedAt) {
    }

    public record StateRow(UUID id, StateReading reading, Instant receivedAt) {
    }

    public record AttendanceRow(UUID id, AttendanceReading reading, Instant receivedAt) {
    }

    public record DeadLetter(Instant receivedAt, String topic, RejectReason reason, String detail, String payload) {
    }

    public int size() {
        return counters.size() + states.size() + attendance.size() + deadLetters.size();
    }
}
