package io.workshopmonitor.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.workshopmonitor.domain.WorkshopKey;

import java.util.ArrayList;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Gauges an instance keeps for the workshops it owns: when another instance takes a workshop over, this one
 * drops its series, so the two never report the same workshop's figures side by side.
 */
final class OwnedSeries {

    private OwnedSeries() {
    }

    /** Forgets every workshop in {@code values} not in {@code owned}, with its meters whose name {@code named} accepts. */
    static void forgetAllBut(MeterRegistry registry, Map<WorkshopKey, ?> values, Set<WorkshopKey> owned,
                             Predicate<String> named) {
        for (WorkshopKey key : new ArrayList<>(values.keySet())) {
            if (!owned.contains(key)) {
                values.remove(key);
                registry.getMeters().stream().filter(m -> named.test(m.getId().getName())
                                && key.prison().equals(m.getId().getTag("prison")) && key.workshop().equals(m.getId().getTag("workshop")))
                        .toList().forEach(registry::remove);
            }
        }
    }
}
