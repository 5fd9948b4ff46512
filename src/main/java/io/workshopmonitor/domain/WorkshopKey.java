package io.workshopmonitor.domain;

/** {@code {prison}/{workshop}}, the key every figure and alert is filed under. */
public record WorkshopKey(String prison, String workshop) {

    public WorkshopKey {
        if (!Identifiers.isPrison(prison)) {
            throw new IllegalArgumentException("prison must be three capital letters, got " + prison);
        }
        if (!Identifiers.isSlug(workshop)) {
            throw new IllegalArgumentException("workshop must be a slug [a-z0-9][a-z0-9-]{0,31}, got " + workshop);
        }
    }

    public StationKey station(String station) {
        return new StationKey(this, station);
    }

    @Override
    public String toString() {
        return prison + "/" + workshop;
    }
}
