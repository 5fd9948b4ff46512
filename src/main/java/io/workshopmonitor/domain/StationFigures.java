package io.workshopmonitor.domain;

import java.time.Instant;

/**
 * One station's live figures; state, reason, stateSince and lastSeen are null until it has reported them.
 * {@code stateSince} (when the current state began) feeds alert rules and is not part of the contract's JSON.
 */
public record StationFigures(String id, MachineState state, StateReason reason, Instant stateSince, Instant lastSeen,
                             WindowFigures window, SessionFigures session) {
}
