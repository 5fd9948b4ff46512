package io.workshopmonitor.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * Everything a report knows about one workshop over one span, read once from the store: from it come the
 * span's costs and value, and its purposeful activity, by the same rules as everywhere else.
 */
public record WorkshopPeriod(Workshop workshop, WorkshopCosting costing, List<Closure> closures, Pricing pricing,
                             List<DailyUnits> units, List<PurposefulActivity.Headcount> headcounts, Interval range,
                             Instant now) {

    public SessionCalendar calendar() {
        return new SessionCalendar(workshop.schedule(), closures.stream().map(Closure::interval).toList());
    }

    public CostSheet costSheet() {
        return Costing.sheet(calendar(), costing, pricing, units, range, now);
    }

    /** The same workshop over a part of the span (a day of a week, the recent days of a contract). */
    public WorkshopPeriod narrowed(Interval part) {
        LocalDate first = part.start().atZone(workshop.schedule().timezone()).toLocalDate();
        LocalDate last = part.end().minusNanos(1).atZone(workshop.schedule().timezone()).toLocalDate();
        return new WorkshopPeriod(workshop, costing, closures, pricing,
                units.stream().filter(u -> !u.day().isBefore(first) && !u.day().isAfter(last)).toList(),
                headcounts, part, now);
    }

    public List<PurposefulActivity.SessionActivity> activity() {
        return PurposefulActivity.sessions(calendar(), closures, costing.allocatedPlaces(), headcounts, range, now);
    }

    public PurposefulActivity.Summary activitySummary() {
        return activity().stream().map(PurposefulActivity.SessionActivity::summary)
                .reduce(PurposefulActivity.Summary.NONE, PurposefulActivity.Summary::plus);
    }
}
