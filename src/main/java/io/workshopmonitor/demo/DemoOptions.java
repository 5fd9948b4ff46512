package io.workshopmonitor.demo;

import java.time.LocalTime;

/**
 * How a demo runs: {@code speed} runs its clock (and the service's) that many times faster than real time,
 * {@code start} is the local time the demo's day begins at (default 08:40, ten minutes into the morning session, so
 * the screens are alive at once).
 */
public record DemoOptions(boolean enabled, double speed, LocalTime start) {

    public static final LocalTime DEFAULT_START = LocalTime.of(8, 40);
    public static final DemoOptions OFF = new DemoOptions(false, 1, DEFAULT_START);

    /** This, when the speed is one a demo can run at. */
    public DemoOptions checked() {
        if (!(speed >= 1 && speed <= 600)) {
            throw new IllegalArgumentException("--speed " + speed + ": the speed must be a number from 1 (real time) to 600");
        }
        return this;
    }
}
