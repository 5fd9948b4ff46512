package io.workshopmonitor.domain;

import java.time.Instant;

/** Unplanned closure of a workshop: the span leaves planned time. The reason is a code, never free text. */
public record Closure(long id, WorkshopKey workshop, Instant from, Instant to, Reason reason) {

    public enum Reason { STAFF_UNAVAILABLE, REGIME_CURTAILMENT, LOCKDOWN, MAINTENANCE, OTHER }

    public Interval interval() {
        return new Interval(from, to);
    }
}
