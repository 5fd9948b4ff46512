package io.workshopmonitor.live;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.workshopmonitor.domain.SessionFigures;
import io.workshopmonitor.domain.StationFigures;
import io.workshopmonitor.domain.WindowFigures;
import io.workshopmonitor.domain.WorkshopFigures;

import io.workshopmonitor.domain.MachineState;
import io.workshopmonitor.domain.StateReason;
import io.workshopmonitor.domain.WorkshopKey;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The contract's JSON for live figures, as {@code GET .../kpis} returns and the live feed sends them.
 * Ratios are rounded to 4 decimals and throughput to 1, as in the contract's example.
 */
public final class FiguresJson {

    private FiguresJson() {
    }

    public static JsonObject workshop(WorkshopFigures figures) {
        JsonArray stations = new JsonArray();
        for (StationFigures station : figures.stations()) {
            stations.add(new JsonObject()
                    .put("id", station.id())
                    .put("state", station.state() == null ? null : station.state().name())
                    .put("reason", station.reason() == null ? null : station.reason().name())
                    .put("lastSeen", instant(station.lastSeen()))
                    .put("window", window(station.window()))
                    .put("session", station.session() == null ? null : session(station.session(), false)));
        }
        return new JsonObject()
                .put("workshop", figures.workshop().toString())
                .put("at", instant(figures.at()))
                .put("window", window(figures.window()))
                .put("session", figures.session() == null ? null : session(figures.session(), true))
                .put("attendance", figures.attendance())
                .put("stations", stations);
    }

    /**
     * Figures read back from their JSON, as another instance of a cluster published them: what the API and live
     * feed show. {@code stateSince} is not in the JSON; only the owner's alert rules use it.
     */
    public static WorkshopFigures parse(JsonObject json) {
        List<StationFigures> stations = new ArrayList<>();
        for (Object entry : json.getJsonArray("stations", new JsonArray())) {
            JsonObject station = (JsonObject) entry;
            stations.add(new StationFigures(station.getString("id"),
                    station.getString("state") == null ? null : MachineState.valueOf(station.getString("state")),
                    station.getString("reason") == null ? null : StateReason.valueOf(station.getString("reason")),
                    null, parseInstant(station.getString("lastSeen")), parseWindow(station.getJsonObject("window")),
                    parseSession(station.getJsonObject("session"))));
        }
        return new WorkshopFigures(WorkshopKey.parse(json.getString("workshop")).orElseThrow(
                () -> new IllegalArgumentException("no workshop key")), parseInstant(json.getString("at")),
                parseWindow(json.getJsonObject("window")), parseSession(json.getJsonObject("session")),
                json.getInteger("attendance"), stations);
    }

    private static WindowFigures parseWindow(JsonObject json) {
        return new WindowFigures(json.getInteger("minutes"), json.getLong("good"), json.getLong("reject"),
                json.getDouble("throughputPerHour"), json.getDouble("quality"));
    }

    private static SessionFigures parseSession(JsonObject json) {
        return json == null ? null : new SessionFigures(parseInstant(json.getString("start")),
                parseInstant(json.getString("end")), json.getLong("good"), json.getLong("reject"), json.getLong("target"),
                json.getBoolean("onPace"), json.getDouble("availability"), json.getDouble("performance"),
                json.getDouble("quality"), json.getDouble("oee"));
    }

    private static Instant parseInstant(String text) {
        return text == null ? null : Instant.parse(text);
    }

    static JsonObject window(WindowFigures window) {
        return new JsonObject()
                .put("minutes", window.minutes())
                .put("good", window.good())
                .put("reject", window.reject())
                .put("throughputPerHour", rate(window.throughputPerHour()))
                .put("quality", ratio(window.quality()));
    }

    static JsonObject session(SessionFigures session, boolean withTarget) {
        JsonObject json = new JsonObject()
                .put("start", instant(session.start()))
                .put("end", instant(session.end()))
                .put("good", session.good())
                .put("reject", session.reject());
        if (withTarget) {
            json.put("target", session.target()).put("onPace", session.onPace());
        }
        return json.put("availability", ratio(session.availability()))
                .put("performance", ratio(session.performance()))
                .put("quality", ratio(session.quality()))
                .put("oee", ratio(session.oee()));
    }

    /** Units per hour, to one decimal. */
    public static Double rate(Double value) {
        return value == null ? null : Math.round(value * 10) / 10.0;
    }

    public static Double ratio(Double value) {
        return value == null ? null : Math.round(value * 10_000) / 10_000.0;
    }

    public static String instant(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
