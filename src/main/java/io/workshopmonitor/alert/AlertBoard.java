package io.workshopmonitor.alert;

import io.workshopmonitor.domain.Alert;
import io.workshopmonitor.domain.AlertKind;
import io.workshopmonitor.domain.WorkshopKey;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The alerts not yet resolved, as the alert verticle last stored them: read by the live feed (to send a new
 * subscriber what is open) and by the metrics, from other threads, hence concurrent.
 */
public final class AlertBoard {

    private final Map<UUID, Alert> active = new ConcurrentHashMap<>();

    /** Keeps the alert's newest state; a resolved alert leaves the board. */
    public void apply(Alert alert) {
        if (alert.active()) {
            active.put(alert.id(), alert);
        } else {
            active.remove(alert.id());
        }
    }

    /** Oldest first. */
    public List<Alert> active(WorkshopKey workshop) {
        return active.values().stream().filter(a -> a.workshop().equals(workshop))
                .sorted(Comparator.comparing(Alert::openedAt)).toList();
    }

    /** Per workshop, alerts not yet resolved (open or acknowledged), indexed by {@link AlertKind#ordinal()}. */
    public Map<WorkshopKey, int[]> counts() {
        Map<WorkshopKey, int[]> counts = new HashMap<>();
        for (Alert alert : active.values()) {
            counts.computeIfAbsent(alert.workshop(), k -> new int[AlertKind.values().length])[alert.kind().ordinal()]++;
        }
        return counts;
    }
}
