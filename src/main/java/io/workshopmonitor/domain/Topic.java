package io.workshopmonitor.domain;

import java.util.Optional;

/**
 * A parsed telemetry topic: {@code {prefix}/{prison}/{workshop}/{station}/counter|state} or
 * {@code {prefix}/{prison}/{workshop}/attendance}.
 */
public record Topic(Kind kind, WorkshopKey workshop, Optional<String> station) {

    public enum Kind { COUNTER, STATE, ATTENDANCE }

    public StationKey stationKey() {
        return workshop.station(station.orElseThrow());
    }

    /** @throws Rejection with {@link RejectReason#TOPIC_INVALID} when the topic is outside the scheme */
    public static Topic parse(String prefix, String topic) {
        if (topic == null || !topic.startsWith(prefix + "/")) {
            throw invalid(topic, "does not start with '" + prefix + "/'");
        }
        String[] parts = topic.substring(prefix.length() + 1).split("/", -1);
        if (parts.length < 3 || parts.length > 4) {
            throw invalid(topic, "is not {prison}/{workshop}/{station}/counter|state or {prison}/{workshop}/attendance");
        }
        if (!Identifiers.isPrison(parts[0])) {
            throw invalid(topic, "prison '" + parts[0] + "' is not three capital letters");
        }
        if (!Identifiers.isSlug(parts[1])) {
            throw invalid(topic, "workshop '" + parts[1] + "' is not a slug");
        }
        WorkshopKey workshop = new WorkshopKey(parts[0], parts[1]);
        if (parts.length == 3) {
            if (!parts[2].equals("attendance")) {
                throw invalid(topic, "a workshop-level topic must end in /attendance");
            }
            return new Topic(Kind.ATTENDANCE, workshop, Optional.empty());
        }
        if (!Identifiers.isSlug(parts[2])) {
            throw invalid(topic, "station '" + parts[2] + "' is not a slug");
        }
        Kind kind = switch (parts[3]) {
            case "counter" -> Kind.COUNTER;
            case "state" -> Kind.STATE;
            default -> throw invalid(topic, "a station topic must end in /counter or /state");
        };
        return new Topic(kind, workshop, Optional.of(parts[2]));
    }

    private static Rejection invalid(String topic, String why) {
        return new Rejection(RejectReason.TOPIC_INVALID, "topic '" + topic + "' " + why);
    }
}
