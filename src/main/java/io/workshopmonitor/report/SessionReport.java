package io.workshopmonitor.report;

import io.workshopmonitor.domain.Alert;
import io.workshopmonitor.domain.CostSheet;
import io.workshopmonitor.domain.Interval;
import io.workshopmonitor.domain.LossAnalysis;
import io.workshopmonitor.domain.LossBreakdown;
import io.workshopmonitor.domain.LossCategory;
import io.workshopmonitor.domain.PurposefulActivity;
import io.workshopmonitor.domain.Workshop;
import io.workshopmonitor.domain.WorkshopPeriod;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One session of one workshop: output against target, quality, OEE, where the time went, the alerts it
 * raised, attendance, and (for those who may see money) what it cost and earned.
 */
public final class SessionReport {

    public record Inputs(WorkshopPeriod period, LossAnalysis.Result losses, List<Alert> alerts, boolean withMoney,
                         String currency) {
    }

    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd-HHmm");

    private SessionReport() {
    }

    public static Report build(Inputs in) {
        WorkshopPeriod period = in.period();
        Workshop workshop = period.workshop();
        ZoneId zone = workshop.schedule().timezone();
        Interval session = period.range();
        LossBreakdown total = in.losses().total();
        long target = workshop.target().unitsPerSession();
        long good = total.good();
        long reject = total.reject();
        Oee oee = Oee.of(total);
        List<PurposefulActivity.SessionActivity> attendance = period.activity();
        PurposefulActivity.Summary people = attendance.stream().map(PurposefulActivity.SessionActivity::summary)
                .reduce(PurposefulActivity.Summary.NONE, PurposefulActivity.Summary::plus);

        List<List<String>> summary = new ArrayList<>();
        summary.add(List.of("Good units", Cells.count(good)));
        summary.add(List.of("Rejected units", Cells.count(reject)));
        summary.add(List.of("Session target (good units)", Cells.count(target)));
        summary.add(List.of("Output against target (%)", Cells.percent(good, target)));
        summary.add(List.of("Quality (%)", Cells.percent(good, good + reject)));
        summary.add(List.of("Availability (%)", Cells.percent(oee.availability())));
        summary.add(List.of("Performance (%)", Cells.percent(oee.performance())));
        summary.add(List.of("OEE (%)", Cells.percent(oee.oee())));
        Instant upTo = period.now().isBefore(session.end()) ? period.now() : session.end();
        summary.add(List.of("Planned hours", Cells.hours(period.calendar().planned(session.start(), upTo).toSeconds())));
        summary.add(List.of("Places allocated", Cells.count(people.allocatedPlaces())));
        summary.add(List.of("Headcount attended", Cells.count(people.attendedHeadcount())));
        summary.add(List.of("Attended hours", Cells.hours(people.attendedPersonSeconds())));
        summary.add(List.of("Purposeful activity (% of place-hours)", Cells.percent(people.attendedShare())));

        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("good", good);
        figures.put("reject", reject);
        figures.put("target", target);
        figures.put("oee", oee.oee().orElse(null));
        figures.put("attendedHeadcount", people.attendedHeadcount());
        figures.put("attendedHours", Cells.hours(people.attendedPersonSeconds()));

        List<Report.Section> sections = new ArrayList<>();
        sections.add(Report.Section.table("Summary", List.of("Figure", "Value"), summary));
        sections.add(losses(total));
        sections.add(alerts(in.alerts(), zone));
        if (in.withMoney()) {
            CostSheet sheet = period.costSheet();
            sections.add(MoneyTables.section(sheet, in.currency()));
            sections.add(MoneyTables.products(sheet, in.currency()));
            MoneyTables.figures(sheet, figures);
        }
        String when = Cells.time(session.start(), zone) + " to " + DateTimeFormatter.ofPattern("HH:mm")
                .format(session.end().atZone(zone));
        return new Report("session", "Session report: " + workshop.name(), workshop.key() + ", " + when
                + (period.now().isBefore(session.end()) ? " (in progress)" : ""), in.currency(), period.now(),
                "session-" + workshop.key().prison() + "-" + workshop.key().workshop() + "-" + FILE_TIME.format(session.start().atZone(zone)),
                sections, figures);
    }

    static Report.Section losses(LossBreakdown total) {
        List<List<String>> rows = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        Map<LossCategory, LossBreakdown.Lost> categories = total.byCategory();
        for (LossCategory category : LossCategory.values()) {
            LossBreakdown.Lost lost = categories.getOrDefault(category, LossBreakdown.Lost.NONE);
            rows.add(List.of(label(category), Cells.minutes(lost.millis()), Cells.count(lost.count())));
            labels.add(label(category));
            values.add(lost.millis() / 60_000.0);
        }
        rows.add(List.of("No report (unmonitored)", Cells.minutes(total.unmonitored()), Cells.NONE));
        rows.add(List.of("Speed loss", Cells.minutes(total.speedLoss()), Cells.NONE));
        rows.add(List.of("Reject loss", Cells.minutes(total.rejectLoss()), Cells.NONE));
        rows.add(List.of("Good time", Cells.minutes(total.goodTime()), Cells.NONE));
        rows.add(List.of("Scheduled station time", Cells.minutes(total.scheduled()), Cells.NONE));
        labels.add("Speed");
        values.add(total.speedLoss() / 60_000.0);
        labels.add("Rejects");
        values.add(total.rejectLoss() / 60_000.0);
        return Report.Section.table("Where the time went (station minutes)", List.of("Category", "Minutes", "Stops"), rows)
                .withChart(new Report.Chart("Minutes lost", "min", labels, List.of(new Report.Series("Lost", values))));
    }

    private static String label(LossCategory category) {
        String name = category.name().toLowerCase(java.util.Locale.ROOT);
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }

    private static Report.Section alerts(List<Alert> alerts, ZoneId zone) {
        List<List<String>> rows = new ArrayList<>();
        for (Alert alert : alerts) {
            rows.add(List.of(Cells.time(alert.openedAt(), zone), alert.kind().name(), alert.state().name(), alert.text()));
        }
        return Report.Section.table("Alerts raised", List.of("Opened", "Kind", "State", "Text"), rows)
                .withNotes(rows.isEmpty() ? List.of("No alert was raised.") : List.of());
    }

    /**
     * OEE and its elements from the loss analysis, over the time stations reported their state: a bench that
     * only enters tallies says nothing of whether it ran, so its time is left out rather than counted as stopped.
     * Each element is empty where nothing defines it (no monitored time, nothing running, nothing made).
     */
    record Oee(Optional<Double> availability, Optional<Double> performance, Optional<Double> oee) {

        static Oee of(LossBreakdown total) {
            long monitored = total.planned() - total.unmonitored();
            long running = total.running();
            Optional<Double> availability = share(running, monitored);
            Optional<Double> performance = share(total.goodTime() + total.rejectLoss(), running);
            Optional<Double> quality = share(total.good(), total.good() + total.reject());
            Optional<Double> oee = availability.flatMap(a -> performance.flatMap(p -> quality.map(q -> a * p * q)));
            return new Oee(availability, performance, oee);
        }

        private static Optional<Double> share(long part, long whole) {
            return whole <= 0 ? Optional.empty() : Optional.of((double) part / whole);
        }
    }
}
