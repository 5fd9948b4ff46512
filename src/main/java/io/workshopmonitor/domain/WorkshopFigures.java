package io.workshopmonitor.domain;

import java.time.Instant;
import java.util.List;

/** What {@code GET .../kpis} returns and the live feed sends. {@code session} is null for a workshop with no sessions. */
public record WorkshopFigures(WorkshopKey workshop, Instant at, WindowFigures window, SessionFigures session,
                              Integer attendance, List<StationFigures> stations) {
}
