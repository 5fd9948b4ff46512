package io.workshopmonitor.domain;

import java.util.List;

/** A workshop's configuration, as {@code PUT /workshops/{prison}/{workshop}} sets it. */
public record Workshop(WorkshopKey key, String name, String kind, List<Station> stations, Schedule schedule,
                       Target target, double qualityTarget) {
}
