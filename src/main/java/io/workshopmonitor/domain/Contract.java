package io.workshopmonitor.domain;

import java.time.LocalDate;
import java.util.Optional;

/**
 * A customer's order made in one workshop. Dates are in the workshop's time zone; {@code due} is the end
 * of that day. A contract counts good units of its product made from its start until it is marked
 * {@code completed} (the end of that day), or until now.
 */
public record Contract(String id, WorkshopKey workshop, String customer, String product, long quantity,
                       LocalDate start, LocalDate due, Optional<LocalDate> completed) {
}
