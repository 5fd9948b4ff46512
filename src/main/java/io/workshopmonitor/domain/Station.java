package io.workshopmonitor.domain;

import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A machine, bench or line. Auto-registered stations have no name or ideal cycle until configured. A
 * {@code manual} station has no counter: its units are tallies an instructor enters on the tablet.
 */
public record Station(String id, Optional<String> name, OptionalDouble idealCycleSeconds, boolean autoRegistered,
                      boolean manual) {

    public Station(String id, Optional<String> name, OptionalDouble idealCycleSeconds, boolean autoRegistered) {
        this(id, name, idealCycleSeconds, autoRegistered, false);
    }
}
