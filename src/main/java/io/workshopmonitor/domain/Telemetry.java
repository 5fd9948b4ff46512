package io.workshopmonitor.domain;

import java.time.Instant;

/** A valid reading: a station's counters or state, a workshop's headcount, or a tally entered on a tablet. */
public sealed interface Telemetry permits CounterReading, StateReading, AttendanceReading, TallyReading {

    /** The workshop it belongs to: the key it is partitioned, owned and figured under. */
    WorkshopKey workshop();

    /** Device time. */
    Instant ts();
}
