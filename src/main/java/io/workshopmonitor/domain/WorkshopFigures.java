package io.workshopmonitor.domain;

import java.time.Instant;
import java.util.List;

/**
 * What {@code GET .../kpis} returns and the live feed sends. {@code session} is null for a workshop with no sessions.
 * {@code elements} are the session's sums behind its ratios, for the metrics; they are not part of the JSON.
 */
public record WorkshopFigures(WorkshopKey workshop, Instant at, WindowFigures window, SessionFigures session,
                              Integer attendance, List<StationFigures> stations, OeeElements elements) {

    public WorkshopFigures(WorkshopKey workshop, Instant at, WindowFigures window, SessionFigures session,
                           Integer attendance, List<StationFigures> stations) {
        this(workshop, at, window, session, attendance, stations, OeeElements.NONE);
    }
}
