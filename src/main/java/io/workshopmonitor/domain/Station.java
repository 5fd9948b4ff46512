package io.workshopmonitor.domain;

import java.util.Optional;
import java.util.OptionalDouble;

/** A machine, bench or line. Auto-registered stations have no name or ideal cycle until configured. */
public record Station(String id, Optional<String> name, OptionalDouble idealCycleSeconds, boolean autoRegistered) {
}
