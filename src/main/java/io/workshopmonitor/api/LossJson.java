package io.workshopmonitor.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.workshopmonitor.domain.Interval;
import io.workshopmonitor.domain.LossAnalysis;
import io.workshopmonitor.domain.LossBreakdown;
import io.workshopmonitor.domain.LossCategory;
import io.workshopmonitor.domain.RejectCode;
import io.workshopmonitor.domain.Stop;
import io.workshopmonitor.domain.StopReason;
import io.workshopmonitor.domain.WorkshopKey;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Loss breakdowns and stops as the API and the dashboard read them. Times are seconds, exact to the
 * millisecond, so the waterfall's parts add up to the scheduled time to the last digit.
 */
final class LossJson {

    private LossJson() {
    }

    static JsonObject workshop(LossAnalysis.Result result) {
        JsonArray stations = new JsonArray();
        result.stations().forEach((station, breakdown) -> stations.add(breakdown(breakdown).put("station", station)));
        return range(result.range()).put("total", breakdown(result.total())).put("stations", stations);
    }

    static JsonObject summed(String prison, Interval range, List<WorkshopKey> keys, List<LossAnalysis.Result> results) {
        LossBreakdown total = LossBreakdown.EMPTY;
        JsonArray workshops = new JsonArray();
        for (int i = 0; i < results.size(); i++) {
            total = total.plus(results.get(i).total());
            workshops.add(breakdown(results.get(i).total()).put("workshop", keys.get(i).toString()));
        }
        return range(range).put("prison", prison).put("total", breakdown(total)).put("workshops", workshops);
    }

    private static JsonObject range(Interval range) {
        return new JsonObject().put("from", range.start().toString()).put("to", range.end().toString());
    }

    static JsonObject breakdown(LossBreakdown b) {
        long regimeStops = b.planned() - b.available();
        long otherStops = b.available() - b.running() - b.unexplained().millis() - b.unmonitored();
        JsonArray waterfall = new JsonArray()
                .add(step("scheduled", b.scheduled(), true))
                .add(step("closures", b.closedTotal(), false))
                .add(step("planned", b.planned(), true))
                .add(step("regimeStops", regimeStops, false))
                .add(step("available", b.available(), true))
                .add(step("workshopStops", otherStops, false))
                .add(step("unexplainedStops", b.unexplained().millis(), false))
                .add(step("unmonitored", b.unmonitored(), false))
                .add(step("running", b.running(), true))
                .add(step("speedLoss", b.speedLoss(), false))
                .add(step("rejectLoss", b.rejectLoss(), false))
                .add(step("good", b.goodTime(), true));
        JsonArray categories = new JsonArray();
        b.byCategory().forEach((category, lost) -> categories.add(lost(lost).put("category", category.name())
                .put("workshopControlled", category.workshopControlled())));
        List<Map.Entry<StopReason, LossBreakdown.Lost>> reasons = new ArrayList<>(b.byReason().entrySet());
        reasons.sort(Comparator.comparingLong((Map.Entry<StopReason, LossBreakdown.Lost> e) -> e.getValue().millis()).reversed());
        JsonArray pareto = new JsonArray();
        for (Map.Entry<StopReason, LossBreakdown.Lost> e : reasons) {
            pareto.add(lost(e.getValue()).put("reason", e.getKey().name()).put("category", e.getKey().category().name()));
        }
        if (b.unexplained().count() > 0) {
            // ranked among the reasons by its time, so an unexplained hour is as visible as a named one
            int at = 0;
            while (at < pareto.size() && pareto.getJsonObject(at).getDouble("seconds") >= seconds(b.unexplained().millis())) {
                at++;
            }
            pareto.getList().add(at, lost(b.unexplained()).put("reason", null).put("category", LossCategory.UNEXPLAINED.name()));
        }
        return new JsonObject()
                .put("scheduledSeconds", seconds(b.scheduled()))
                .put("plannedSeconds", seconds(b.planned()))
                .put("availableSeconds", seconds(b.available()))
                .put("runningSeconds", seconds(b.running()))
                .put("goodSeconds", seconds(b.goodTime()))
                .put("regimeSeconds", seconds(b.regime()))
                .put("workshopControlledSeconds", seconds(b.workshopControlled()))
                .put("unmonitoredSeconds", seconds(b.unmonitored()))
                .put("good", b.good()).put("reject", b.reject())
                .put("rejects", rejects(b))
                .put("waterfall", waterfall)
                .put("categories", categories)
                .put("pareto", pareto);
    }

    /** Rejects by code, most first, then those nobody has coded: a Pareto of quality losses in units. */
    private static JsonArray rejects(LossBreakdown b) {
        List<Map.Entry<RejectCode, Long>> codes = new ArrayList<>(b.rejectsByCode().entrySet());
        codes.sort(Map.Entry.<RejectCode, Long>comparingByValue().reversed());
        JsonArray rejects = new JsonArray();
        codes.forEach(e -> rejects.add(new JsonObject().put("code", e.getKey().name()).put("units", e.getValue())));
        if (b.rejectsUncoded() > 0) {
            rejects.add(new JsonObject().put("code", null).put("units", b.rejectsUncoded()));
        }
        return rejects;
    }

    static JsonObject stop(Stop stop) {
        return new JsonObject().put("station", stop.station()).put("started", stop.started().toString())
                .put("ended", stop.ended().map(Object::toString).orElse(null))
                .put("state", stop.state().map(Enum::name).orElse(null))
                .put("plannedSeconds", seconds(stop.planned().toMillis()))
                .put("reported", stop.reported().map(Enum::name).orElse(null))
                .put("reason", stop.reason().map(Enum::name).orElse(null))
                .put("category", stop.category().name())
                .put("note", stop.recorded().flatMap(Stop.Recorded::note).orElse(null))
                .put("recordedBy", stop.recorded().map(Stop.Recorded::by).orElse(null))
                .put("recordedAt", stop.recorded().map(r -> r.at().toString()).orElse(null))
                // the stretch before a station's first report has no report to name it by
                .put("recordable", stop.state().isPresent());
    }

    /** The reason list, in its categories, for a form. */
    static JsonArray reasonList() {
        JsonArray list = new JsonArray();
        for (StopReason reason : StopReason.values()) {
            list.add(new JsonObject().put("reason", reason.name()).put("category", reason.category().name()));
        }
        return list;
    }

    private static JsonObject step(String name, long millis, boolean total) {
        return new JsonObject().put("step", name).put("seconds", seconds(millis)).put("total", total);
    }

    private static JsonObject lost(LossBreakdown.Lost lost) {
        return new JsonObject().put("seconds", seconds(lost.millis())).put("count", lost.count());
    }

    private static double seconds(long millis) {
        return millis / 1000.0;
    }
}
