package io.workshopmonitor.report;

import io.workshopmonitor.domain.CostSheet;
import io.workshopmonitor.domain.Interval;
import io.workshopmonitor.domain.LossAnalysis;
import io.workshopmonitor.domain.PurposefulActivity;
import io.workshopmonitor.domain.Workshop;
import io.workshopmonitor.domain.WorkshopPeriod;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** One workshop's week (Monday to Sunday in its time zone), day by day, with its losses and money. */
public final class WeeklyReport {

    public record Inputs(WorkshopPeriod period, LossAnalysis.Result losses, String week, boolean withMoney,
                         String currency) {
    }

    private WeeklyReport() {
    }

    public static Report build(Inputs in) {
        WorkshopPeriod week = in.period();
        Workshop workshop = week.workshop();
        ZoneId zone = workshop.schedule().timezone();
        LocalDate monday = week.range().start().atZone(zone).toLocalDate();
        List<String> columns = new ArrayList<>(List.of("Day", "Sessions", "Planned hours", "Good", "Rejected",
                "Target", "Quality (%)", "Attended hours", "Purposeful activity (%)"));
        if (in.withMoney()) {
            columns.addAll(List.of("Cost", "Value", "Margin"));
        }
        List<List<String>> rows = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<Double> made = new ArrayList<>();
        List<Double> targets = new ArrayList<>();
        CostSheet total = CostSheet.EMPTY;
        PurposefulActivity.Summary people = PurposefulActivity.Summary.NONE;
        long targetTotal = 0;
        for (int i = 0; i < 7; i++) {
            LocalDate day = monday.plusDays(i);
            Interval range = new Interval(day.atStartOfDay(zone).toInstant(), day.plusDays(1).atStartOfDay(zone).toInstant());
            WorkshopPeriod part = week.narrowed(range);
            CostSheet sheet = part.costSheet();
            PurposefulActivity.Summary attended = part.activitySummary();
            long target = workshop.target().unitsPerSession() * sheet.sessions();
            total = total.plus(sheet);
            people = people.plus(attended);
            targetTotal += target;
            String label = day.format(DateTimeFormatter.ofPattern("EEE dd MMM", Locale.UK));
            rows.add(row(label, sheet, attended, target, in.withMoney()));
            labels.add(day.format(DateTimeFormatter.ofPattern("EEE", Locale.UK)));
            made.add((double) sheet.good());
            targets.add((double) target);
        }
        rows.add(row("Week", total, people, targetTotal, in.withMoney()));
        List<Report.Section> sections = new ArrayList<>();
        sections.add(Report.Section.table("Day by day", columns, rows).withChart(new Report.Chart("Good units by day",
                "units", labels, List.of(new Report.Series("Good", made), new Report.Series("Target", targets)))));
        sections.add(SessionReport.losses(in.losses().total()));
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("good", total.good());
        figures.put("reject", total.reject());
        figures.put("target", targetTotal);
        figures.put("attendedHours", Cells.hours(people.attendedPersonSeconds()));
        if (in.withMoney()) {
            sections.add(MoneyTables.section(total, in.currency()));
            sections.add(MoneyTables.products(total, in.currency()));
            MoneyTables.figures(total, figures);
        }
        return new Report("weekly", "Weekly report: " + workshop.name(), workshop.key() + ", week " + in.week()
                + " (" + monday + " to " + monday.plusDays(6) + ")", in.currency(), week.now(),
                "weekly-" + workshop.key().prison() + "-" + workshop.key().workshop() + "-" + in.week(), sections, figures);
    }

    private static List<String> row(String label, CostSheet sheet, PurposefulActivity.Summary people, long target,
                                    boolean withMoney) {
        List<String> row = new ArrayList<>(List.of(label, Cells.count(sheet.sessions()), Cells.hours(sheet.plannedSeconds()),
                Cells.count(sheet.good()), Cells.count(sheet.reject()), Cells.count(target),
                Cells.percent(sheet.good(), sheet.good() + sheet.reject()), Cells.hours(people.attendedPersonSeconds()),
                Cells.percent(people.attendedShare())));
        if (withMoney) {
            row.addAll(List.of(Cells.money(sheet.total()), Cells.money(sheet.value()), Cells.money(sheet.margin())));
        }
        return row;
    }
}
