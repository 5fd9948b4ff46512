package io.workshopmonitor.demo;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The demo's clock: it starts at the demo's chosen morning and runs {@code speed} times faster than the
 * system clock. The whole service runs on it in a demo, so sessions, windows, alerts and the simulator's
 * timestamps agree with each other.
 */
public final class DemoClock extends Clock {

    private final Instant demoOrigin;
    private final long realOriginNanos;
    private final double speed;

    public DemoClock(Instant demoOrigin, double speed) {
        this.demoOrigin = demoOrigin;
        this.realOriginNanos = System.nanoTime();
        this.speed = speed;
    }

    public double speed() {
        return speed;
    }

    @Override
    public Instant instant() {
        long elapsed = (long) ((System.nanoTime() - realOriginNanos) * speed);
        return demoOrigin.plusNanos(elapsed);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the demo clock is UTC; convert instants instead");
    }
}
