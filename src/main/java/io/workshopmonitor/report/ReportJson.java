package io.workshopmonitor.report;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** A report as the API's JSON: its tables as the dashboard draws them, and its key figures. */
public final class ReportJson {

    private ReportJson() {
    }

    public static JsonObject of(Report report) {
        JsonArray sections = new JsonArray();
        for (Report.Section section : report.sections()) {
            JsonObject json = new JsonObject().put("title", section.title()).put("columns", new JsonArray(section.columns()))
                    .put("rows", new JsonArray(section.rows().stream().map(row -> (Object) new JsonArray(row)).toList()))
                    .put("notes", new JsonArray(section.notes()));
            if (section.chart() != null) {
                Report.Chart chart = section.chart();
                json.put("chart", new JsonObject().put("title", chart.title()).put("unit", chart.unit())
                        .put("labels", new JsonArray(chart.labels()))
                        .put("series", new JsonArray(chart.series().stream().map(s -> (Object) new JsonObject()
                                .put("name", s.name()).put("values", new JsonArray(s.values()))).toList())));
            }
            sections.add(json);
        }
        return new JsonObject().put("kind", report.kind()).put("title", report.title()).put("subtitle", report.subtitle())
                .put("currency", report.currency()).put("generatedAt", report.generatedAt().toString())
                .put("file", report.file()).put("figures", new JsonObject(report.figures())).put("sections", sections);
    }
}
