package io.workshopmonitor.domain;

/**
 * A condition that holds now and would raise an alert: what it is about ({@code subject}: the workshop, a
 * station, a session start or a contract), the figure that raised it and its threshold, and a line an
 * instructor understands at a glance.
 */
public record AlertCondition(AlertKind kind, WorkshopKey workshop, String subject, Severity severity,
                             double value, double threshold, String text) {

    public enum Severity { INFO, WARNING, CRITICAL }

    /** One condition opens one alert: the same kind about the same subject is the same alert. */
    public String identity() {
        return identity(kind, workshop, subject);
    }

    static String identity(AlertKind kind, WorkshopKey workshop, String subject) {
        return kind + ":" + workshop + ":" + subject;
    }
}
