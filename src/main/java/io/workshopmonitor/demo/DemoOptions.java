package io.workshopmonitor.demo;

import java.time.LocalTime;

/**
 * How a demo runs: {@code speed} runs its clock (and the service's) that many times faster than real time,
 * {@code start} is the local time the demo's day begins at (default 08:20, just before the morning session).
 */
public record DemoOptions(boolean enabled, double speed, LocalTime start) {

    public static final DemoOptions OFF = new DemoOptions(false, 1, LocalTime.of(8, 20));

    /** This, when the speed is one a demo can run at. */
    public DemoOptions checked() {
        if (!(speed >= 1 && speed <= 600)) {
            throw new IllegalArgumentException("--speed " + speed + ": the speed must be a number from 1 (real time) to 600");
        }
        return this;
    }
}
