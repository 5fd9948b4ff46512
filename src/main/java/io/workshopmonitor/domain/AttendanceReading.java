package io.workshopmonitor.domain;

import java.time.Instant;

/** A headcount, never a list of people. */
public record AttendanceReading(WorkshopKey workshop, Instant ts, int present) implements Telemetry {

    public static final int MAX_PRESENT = 500;

    public AttendanceReading {
        if (present < 0 || present > MAX_PRESENT) {
            throw new IllegalArgumentException("present must be 0 to " + MAX_PRESENT);
        }
    }
}
