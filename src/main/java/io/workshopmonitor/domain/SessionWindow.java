package io.workshopmonitor.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * The current (or last) session as figures need it: its nominal span, the planned time it holds once
 * closures are taken out, and how much of that has elapsed at {@code at}.
 */
public record SessionWindow(Interval nominal, Duration planned, Duration plannedElapsed, Instant at) {

    /** Elapsed share of planned time, 0–1; empty when the session has no planned time left at all. */
    public java.util.OptionalDouble elapsedFraction() {
        if (planned.isZero()) {
            return java.util.OptionalDouble.empty();
        }
        return java.util.OptionalDouble.of((double) plannedElapsed.toMillis() / planned.toMillis());
    }

    /** Planned share of the nominal session: 1 unless closures took some of it. */
    public double plannedShare() {
        long nominalMillis = nominal.length().toMillis();
        return nominalMillis == 0 ? 0 : (double) planned.toMillis() / nominalMillis;
    }
}
