package io.workshopmonitor.domain;

public record StationKey(WorkshopKey workshop, String station) {

    public StationKey {
        if (workshop == null) {
            throw new IllegalArgumentException("workshop is required");
        }
        if (!Identifiers.isSlug(station)) {
            throw new IllegalArgumentException("station must be a slug [a-z0-9][a-z0-9-]{0,31}, got " + station);
        }
    }

    @Override
    public String toString() {
        return workshop + "/" + station;
    }
}
