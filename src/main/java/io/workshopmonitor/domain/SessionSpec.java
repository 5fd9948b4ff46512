package io.workshopmonitor.domain;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.Set;

/** A recurring planned session, e.g. MON–FRI 08:30–11:30; an end before the start runs past midnight. */
public record SessionSpec(Set<DayOfWeek> days, LocalTime start, LocalTime end) {
}
