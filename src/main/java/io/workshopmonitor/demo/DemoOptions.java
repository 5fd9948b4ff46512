package io.workshopmonitor.demo;

import java.time.LocalTime;
import java.time.format.DateTimeParseException;

/**
 * The command line's demo flags: {@code --demo} starts the simulator, {@code --demo-speed=N} runs its clock
 * (and the service's) N times faster than real time, {@code --demo-start=HH:mm} is the local time the demo's
 * day begins at (default 08:20, just before the morning session).
 */
public record DemoOptions(boolean enabled, double speed, LocalTime start) {

    public static final DemoOptions OFF = new DemoOptions(false, 1, LocalTime.of(8, 20));

    public static DemoOptions parse(String... args) {
        boolean enabled = false;
        double speed = 1;
        LocalTime start = OFF.start();
        for (String arg : args) {
            if (arg.equals("--demo")) {
                enabled = true;
            } else if (arg.startsWith("--demo-speed=")) {
                enabled = true;
                try {
                    speed = Double.parseDouble(arg.substring("--demo-speed=".length()));
                } catch (NumberFormatException e) {
                    speed = -1;
                }
                if (!(speed >= 1 && speed <= 600)) {
                    throw new IllegalArgumentException(arg + ": the speed must be a number from 1 (real time) to 600");
                }
            } else if (arg.startsWith("--demo-start=")) {
                enabled = true;
                try {
                    start = LocalTime.parse(arg.substring("--demo-start=".length()));
                } catch (DateTimeParseException e) {
                    throw new IllegalArgumentException(arg + ": the start must be a local time HH:mm, such as 08:20");
                }
            } else {
                throw new IllegalArgumentException("unknown argument " + arg
                        + "; the service takes --demo, --demo-speed=N and --demo-start=HH:mm (configuration is in config/application.yaml and WM_* variables)");
            }
        }
        return new DemoOptions(enabled, speed, start);
    }
}
