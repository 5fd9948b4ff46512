package io.workshopmonitor.domain;

import java.time.Instant;

/**
 * Figures for the current (or last) session so far. Ratios are 0–1 or null where nothing defines them;
 * {@code target} and {@code onPace} are null for a single station (targets are per workshop), and
 * {@code onPace} is null when the session has no planned time.
 */
public record SessionFigures(Instant start, Instant end, long good, long reject, Long target, Boolean onPace,
                             Double availability, Double performance, Double quality, Double oee) {
}
