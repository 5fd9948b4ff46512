package io.workshopmonitor.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.workshopmonitor.domain.Identifiers;
import io.workshopmonitor.domain.Schedule;
import io.workshopmonitor.domain.SessionSpec;
import io.workshopmonitor.domain.Station;
import io.workshopmonitor.domain.Target;
import io.workshopmonitor.domain.Workshop;
import io.workshopmonitor.domain.WorkshopKey;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * The workshop document of {@code PUT/GET /workshops/{prison}/{workshop}}: validated field by field,
 * each error naming the field and what it must be.
 */
public final class WorkshopJson {

    static final double DEFAULT_TOLERANCE = 0.1;
    static final double DEFAULT_QUALITY_TARGET = 0.95;
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm");
    private static final int MAX_STATIONS = 500;
    private static final int MAX_SESSIONS = 50;
    private static final int MAX_TEXT = 120;

    private WorkshopJson() {
    }

    /** The domain workshop from its stored document and its stations (configured and auto-registered). */
    public static Workshop fromStored(WorkshopKey key, JsonObject document, List<Station> stations) {
        Workshop parsed = parse(key, document);
        return new Workshop(key, parsed.name(), parsed.kind(), List.copyOf(stations), parsed.schedule(), parsed.target(),
                parsed.qualityTarget());
    }

    static Workshop parse(WorkshopKey key, JsonObject body) {
        String name = text(body, "name");
        String kind = body.getValue("kind") instanceof String k && Identifiers.isSlug(k) ? k : null;
        if (kind == null) {
            throw Problem.badRequest("'kind' is required: a slug such as textiles, print, woodwork, engineering, laundry or contract-packing");
        }
        return new Workshop(key, name, kind, stations(body.getValue("stations")), schedule(body.getValue("schedule")),
                target(body.getValue("target")), ratio(body.getValue("qualityTarget"), "qualityTarget", DEFAULT_QUALITY_TARGET));
    }

    /** The stored configuration: everything but the stations, which the store keeps as rows. */
    static JsonObject document(Workshop workshop) {
        JsonObject schedule = new JsonObject().put("timezone", workshop.schedule().timezone().getId())
                .put("sessions", new JsonArray(workshop.schedule().sessions().stream().map(s -> (Object) new JsonObject()
                        .put("days", new JsonArray(s.days().stream()
                                .map(d -> (Object) d.name().substring(0, 3)).toList()))
                        .put("start", CLOCK.format(s.start()))
                        .put("end", CLOCK.format(s.end()))).toList()));
        return new JsonObject()
                .put("name", workshop.name())
                .put("kind", workshop.kind())
                .put("schedule", schedule)
                .put("target", new JsonObject().put("unitsPerSession", workshop.target().unitsPerSession())
                        .put("tolerance", workshop.target().tolerance()))
                .put("qualityTarget", workshop.qualityTarget());
    }

    /** What the API returns: the key, the stored document, and every station including auto-registered ones. */
    static JsonObject render(WorkshopKey key, JsonObject document, List<Station> stations) {
        JsonArray rendered = new JsonArray();
        for (Station station : stations) {
            rendered.add(new JsonObject()
                    .put("id", station.id())
                    .put("name", station.name().orElse(null))
                    .put("idealCycleSeconds", station.idealCycleSeconds().isPresent()
                            ? station.idealCycleSeconds().getAsDouble() : null)
                    .put("autoRegistered", station.autoRegistered())
                    .put("manual", station.manual()));
        }
        return new JsonObject().put("workshop", key.toString()).put("prison", key.prison()).put("id", key.workshop())
                .mergeIn(document).put("stations", rendered);
    }

    private static List<Station> stations(Object value) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof JsonArray array) || array.size() > MAX_STATIONS) {
            throw Problem.badRequest("'stations' must be an array of at most " + MAX_STATIONS + " stations");
        }
        List<Station> stations = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < array.size(); i++) {
            String field = "stations[" + i + "]";
            if (!(array.getValue(i) instanceof JsonObject station)) {
                throw Problem.badRequest("'" + field + "' must be an object with id, name and idealCycleSeconds");
            }
            Object id = station.getValue("id");
            if (!(id instanceof String sid) || !Identifiers.isSlug(sid)) {
                throw Problem.badRequest("'" + field + ".id' must be a slug [a-z0-9][a-z0-9-]{0,31}");
            }
            if (!ids.add(sid)) {
                throw Problem.badRequest("'" + field + ".id' repeats station '" + sid + "'; station ids are unique in a workshop");
            }
            Optional<String> name = station.getValue("name") == null ? Optional.empty()
                    : Optional.of(text(station, "name", field + ".name"));
            Object cycle = station.getValue("idealCycleSeconds");
            if (!(cycle instanceof Number n) || !(n.doubleValue() > 0) || n.doubleValue() > 86_400) {
                throw Problem.badRequest("'" + field + ".idealCycleSeconds' must be a number of seconds above 0 (at most 86400)");
            }
            Object manual = station.getValue("manual");
            if (manual != null && !(manual instanceof Boolean)) {
                throw Problem.badRequest("'" + field + ".manual' must be true (no counter: units are entered as tallies) or false");
            }
            stations.add(new Station(sid, name, OptionalDouble.of(n.doubleValue()), false, Boolean.TRUE.equals(manual)));
        }
        return stations;
    }

    private static Schedule schedule(Object value) {
        if (!(value instanceof JsonObject schedule)) {
            throw Problem.badRequest("'schedule' is required: {\"timezone\": \"Europe/London\", \"sessions\": [...]}");
        }
        ZoneId zone;
        try {
            zone = ZoneId.of(schedule.getValue("timezone") instanceof String tz ? tz : "");
        } catch (DateTimeException e) {
            throw Problem.badRequest("'schedule.timezone' must be an IANA time zone such as Europe/London");
        }
        Object sessionsValue = schedule.getValue("sessions");
        if (sessionsValue == null) {
            return new Schedule(zone, List.of());
        }
        if (!(sessionsValue instanceof JsonArray array) || array.size() > MAX_SESSIONS) {
            throw Problem.badRequest("'schedule.sessions' must be an array of at most " + MAX_SESSIONS + " sessions");
        }
        List<SessionSpec> sessions = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            String field = "schedule.sessions[" + i + "]";
            if (!(array.getValue(i) instanceof JsonObject session)) {
                throw Problem.badRequest("'" + field + "' must be an object with days, start and end");
            }
            LocalTime start = clock(session.getValue("start"), field + ".start");
            LocalTime end = clock(session.getValue("end"), field + ".end");
            if (start.equals(end)) {
                throw Problem.badRequest("'" + field + "' starts and ends at the same time; an end before the start runs past midnight");
            }
            sessions.add(new SessionSpec(days(session.getValue("days"), field + ".days"), start, end));
        }
        return new Schedule(zone, List.copyOf(sessions));
    }

    private static Set<DayOfWeek> days(Object value, String field) {
        if (!(value instanceof JsonArray array) || array.isEmpty()) {
            throw Problem.badRequest("'" + field + "' must be a non-empty array of days such as [\"MON\", \"TUE\"]");
        }
        EnumSet<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (Object day : array) {
            days.add(day(day).orElseThrow(() -> Problem.badRequest("'" + field + "' has '" + day
                    + "'; days are MON, TUE, WED, THU, FRI, SAT, SUN")));
        }
        return days;
    }

    private static Optional<DayOfWeek> day(Object value) {
        if (value instanceof String s) {
            String upper = s.toUpperCase(Locale.ROOT);
            for (DayOfWeek day : DayOfWeek.values()) {
                if (day.name().equals(upper) || day.name().substring(0, 3).equals(upper)) {
                    return Optional.of(day);
                }
            }
        }
        return Optional.empty();
    }

    private static LocalTime clock(Object value, String field) {
        if (value instanceof String s && s.length() == 5) {
            try {
                return LocalTime.parse(s, CLOCK);
            } catch (DateTimeException e) {
                // reported below
            }
        }
        throw Problem.badRequest("'" + field + "' must be a local time HH:mm such as 08:30");
    }

    private static Target target(Object value) {
        if (value == null) {
            return new Target(0, DEFAULT_TOLERANCE);
        }
        if (!(value instanceof JsonObject target)) {
            throw Problem.badRequest("'target' must be an object {\"unitsPerSession\": 2400, \"tolerance\": 0.1}");
        }
        Object units = target.getValue("unitsPerSession");
        if (!(units instanceof Number n) || n.doubleValue() != Math.floor(n.doubleValue()) || n.longValue() < 0
                || n.longValue() > 10_000_000) {
            throw Problem.badRequest("'target.unitsPerSession' must be a whole number from 0 to 10000000");
        }
        return new Target(n.longValue(), ratio(target.getValue("tolerance"), "target.tolerance", DEFAULT_TOLERANCE));
    }

    private static double ratio(Object value, String field, double fallback) {
        if (value == null) {
            return fallback;
        }
        if (value instanceof Number n && n.doubleValue() >= 0 && n.doubleValue() <= 1) {
            return n.doubleValue();
        }
        throw Problem.badRequest("'" + field + "' must be a ratio from 0 to 1");
    }

    private static String text(JsonObject body, String field) {
        return text(body, field, field);
    }

    private static String text(JsonObject body, String key, String field) {
        return Requests.text(body.getValue(key), field, MAX_TEXT);
    }
}
