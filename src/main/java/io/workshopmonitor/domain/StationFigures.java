package io.workshopmonitor.domain;

import java.time.Instant;

/** One station's live figures; state, reason and lastSeen are null until it has reported them. */
public record StationFigures(String id, MachineState state, StateReason reason, Instant lastSeen,
                             WindowFigures window, SessionFigures session) {
}
