package io.workshopmonitor.report;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A report as CSV (RFC 4180): its title, then each section as a titled table, a blank line between. A cell a
 * spreadsheet would run as a formula is written with a leading apostrophe; negative amounts stay numbers.
 */
public final class ReportCsv {

    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");

    private ReportCsv() {
    }

    public static String render(Report report) {
        StringBuilder csv = new StringBuilder();
        line(csv, List.of(report.title()));
        line(csv, List.of(report.subtitle()));
        line(csv, List.of("Generated", report.generatedAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString(),
                "Currency", report.currency()));
        for (Report.Section section : report.sections()) {
            csv.append("\r\n");
            line(csv, List.of(section.title()));
            line(csv, section.columns());
            section.rows().forEach(row -> line(csv, row));
            section.notes().forEach(note -> line(csv, List.of(note)));
        }
        return csv.toString();
    }

    private static void line(StringBuilder csv, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                csv.append(',');
            }
            csv.append(cell(cells.get(i)));
        }
        csv.append("\r\n");
    }

    static String cell(String value) {
        String safe = value;
        if (!safe.isEmpty() && "=+-@\t\r".indexOf(safe.charAt(0)) >= 0 && !NUMBER.matcher(safe).matches()) {
            safe = "'" + safe;
        }
        if (safe.contains(",") || safe.contains("\"") || safe.contains("\n") || safe.contains("\r")) {
            return '"' + safe.replace("\"", "\"\"") + '"';
        }
        return safe;
    }
}
