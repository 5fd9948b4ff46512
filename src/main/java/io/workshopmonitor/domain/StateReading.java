package io.workshopmonitor.domain;

import java.time.Instant;
import java.util.Optional;

public record StateReading(StationKey station, Instant ts, MachineState state, Optional<StateReason> reason) implements Telemetry {

    @Override
    public WorkshopKey workshop() {
        return station().workshop();
    }
}
