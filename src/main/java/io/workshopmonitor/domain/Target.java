package io.workshopmonitor.domain;

/** Good units expected per session, and how far behind pace still counts as on pace (0–1). */
public record Target(long unitsPerSession, double tolerance) {
}
