package io.workshopmonitor.domain;

import java.time.Instant;

/** A valid reading from a device: a station's counters or state, or a workshop's headcount. */
public sealed interface Telemetry permits CounterReading, StateReading, AttendanceReading {

    /** The workshop it belongs to: the key it is partitioned, owned and figured under. */
    WorkshopKey workshop();

    /** Device time. */
    Instant ts();
}
