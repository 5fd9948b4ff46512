package io.workshopmonitor.domain;

import java.time.Instant;
import java.util.UUID;

/**
 * An alert as it is stored: the condition that opened it, and where it is in its lifecycle
 * ({@code OPEN} → {@code ACKNOWLEDGED} → {@code RESOLVED}; {@code OPEN} → {@code RESOLVED} when its condition
 * clears before anyone acknowledges it).
 */
public record Alert(UUID id, AlertKind kind, WorkshopKey workshop, String subject, AlertCondition.Severity severity,
                    State state, double value, double threshold, String text, Instant openedAt,
                    Instant acknowledgedAt, String acknowledgedBy, String comment, Instant resolvedAt) {

    public enum State { OPEN, ACKNOWLEDGED, RESOLVED }

    public String identity() {
        return AlertCondition.identity(kind, workshop, subject);
    }

    public boolean active() {
        return state != State.RESOLVED;
    }

    /** The condition as it was when the alert opened, for restoring the tracker after a restart. */
    public AlertCondition condition() {
        return new AlertCondition(kind, workshop, subject, severity, value, threshold, text);
    }

    /** The station or contract the alert is about, when it is about one. */
    public String subjectId(String prefix) {
        return subject.startsWith(prefix + ":") ? subject.substring(prefix.length() + 1) : null;
    }
}
