package io.workshopmonitor.report;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A report as every format shows it: the dashboard page, CSV and PDF all render these same tables, so they
 * cannot disagree. Every cell is already text (money to pence, ratios as percentages); {@code figures} holds
 * the key numbers again, unformatted, for a program reading the JSON.
 *
 * @param kind session, weekly, monthly or contract
 * @param file a file name without extension, such as {@code session-MDI-textiles-1-2026-12-03-0830}
 */
public record Report(String kind, String title, String subtitle, String currency, Instant generatedAt, String file,
                     List<Section> sections, Map<String, Object> figures) {

    /** A table, perhaps with a bar chart of some of its numbers, and notes under it. */
    public record Section(String title, List<String> columns, List<List<String>> rows, Chart chart, List<String> notes) {

        public Section {
            for (List<String> row : rows) {
                if (row.size() != columns.size()) {
                    throw new IllegalArgumentException(title + ": a row of " + row.size() + " cells under "
                            + columns.size() + " columns");
                }
            }
        }

        public static Section table(String title, List<String> columns, List<List<String>> rows) {
            return new Section(title, columns, rows, null, List.of());
        }

        public Section withChart(Chart chart) {
            return new Section(title, columns, rows, chart, notes);
        }

        public Section withNotes(List<String> more) {
            return new Section(title, columns, rows, chart, more);
        }
    }

    /** Bars, one group per label, one bar per series. */
    public record Chart(String title, String unit, List<String> labels, List<Series> series) {
    }

    public record Series(String name, List<Double> values) {
    }
}
