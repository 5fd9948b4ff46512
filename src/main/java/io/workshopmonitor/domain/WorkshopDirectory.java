package io.workshopmonitor.domain;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which workshops and stations exist, so ingest can refuse telemetry for anything not configured.
 * Shared by the API (which configures) and ingest (which reads and auto-registers), hence concurrent.
 */
public final class WorkshopDirectory {

    private final Map<WorkshopKey, Set<String>> stations = new ConcurrentHashMap<>();

    public boolean hasWorkshop(WorkshopKey key) {
        return stations.containsKey(key);
    }

    public boolean hasStation(StationKey key) {
        Set<String> known = stations.get(key.workshop());
        return known != null && known.contains(key.station());
    }

    /** Sets a workshop's stations to exactly those it has now (configured and auto-registered). */
    public void putWorkshop(WorkshopKey key, Iterable<String> stationIds) {
        Set<String> known = ConcurrentHashMap.newKeySet();
        stationIds.forEach(known::add);
        stations.put(key, known);
    }

    /** @return true when the station was new */
    public boolean addStation(StationKey key) {
        Set<String> known = stations.get(key.workshop());
        return known != null && known.add(key.station());
    }

    public int stationCount(WorkshopKey key) {
        Set<String> known = stations.get(key);
        return known == null ? 0 : known.size();
    }
}
