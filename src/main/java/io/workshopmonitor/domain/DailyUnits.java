package io.workshopmonitor.domain;

import java.time.LocalDate;

/** Units of one product a workshop made on one day of its own time zone, from the per-minute roll-up. */
public record DailyUnits(LocalDate day, String product, long good, long reject) {
}
