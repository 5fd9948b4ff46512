package io.workshopmonitor.live;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** A print workshop with two presses whose daily session is placed around "now", so tests run at any hour. */
public final class LiveFiguresIntegrationTestSupport {

    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

    private LiveFiguresIntegrationTestSupport() {
    }

    /** A session every day from {@code sessionStart} for three hours, in UTC. */
    public static String workshop(Instant sessionStart) {
        return new JsonObject()
                .put("name", "Print 2").put("kind", "print")
                .put("stations", new JsonArray()
                        .add(new JsonObject().put("id", "press-1").put("name", "Press 1").put("idealCycleSeconds", 6))
                        .add(new JsonObject().put("id", "press-2").put("name", "Press 2").put("idealCycleSeconds", 6)))
                .put("schedule", new JsonObject().put("timezone", "UTC").put("sessions", new JsonArray().add(new JsonObject()
                        .put("days", new JsonArray().add("MON").add("TUE").add("WED").add("THU").add("FRI").add("SAT").add("SUN"))
                        .put("start", HH_MM.format(sessionStart))
                        .put("end", HH_MM.format(sessionStart.plus(3, ChronoUnit.HOURS))))))
                .put("target", new JsonObject().put("unitsPerSession", 3000).put("tolerance", 0.1))
                .put("qualityTarget", 0.95)
                .encode();
    }

}
