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

    /** {@code MDI/textiles-1}, or empty when the text is not a workshop key. */
    public static java.util.Optional<WorkshopKey> parse(String text) {
        String[] parts = text == null ? new String[0] : text.split("/", -1);
        return parts.length == 2 && Identifiers.isPrison(parts[0]) && Identifiers.isSlug(parts[1])
                ? java.util.Optional.of(new WorkshopKey(parts[0], parts[1])) : java.util.Optional.empty();
    }

    public StationKey station(String station) {
        return new StationKey(this, station);
    }

    @Override
    public String toString() {
        return prison + "/" + workshop;
    }
}
