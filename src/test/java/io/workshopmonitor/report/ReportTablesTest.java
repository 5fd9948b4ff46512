package io.workshopmonitor.report;

import io.workshopmonitor.domain.Closure;
import io.workshopmonitor.domain.CostSheet;
import io.workshopmonitor.domain.DailyUnits;
import io.workshopmonitor.domain.Interval;
import io.workshopmonitor.domain.LossAnalysis;
import io.workshopmonitor.domain.Money;
import io.workshopmonitor.domain.Pricing;
import io.workshopmonitor.domain.Product;
import io.workshopmonitor.domain.PurposefulActivity;
import io.workshopmonitor.domain.Schedule;
import io.workshopmonitor.domain.SessionSpec;
import io.workshopmonitor.domain.Target;
import io.workshopmonitor.domain.Workshop;
import io.workshopmonitor.domain.WorkshopCosting;
import io.workshopmonitor.domain.WorkshopKey;
import io.workshopmonitor.domain.WorkshopPeriod;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A report's tables say what the domain's figures say for the same span: the week's row is the sum of its days
 * and equals the cost sheet of the whole week (what {@code GET …/costs} answers), and its CSV holds the same cells.
 */
class ReportTablesTest {

    private static final ZoneId LONDON = ZoneId.of("Europe/London");
    private static final Workshop WORKSHOP = new Workshop(new WorkshopKey("MDI", "print-2"), "Print 2", "print", List.of(),
            new Schedule(LONDON, List.of(new SessionSpec(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY),
                    LocalTime.of(8, 30), LocalTime.of(11, 30)))), new Target(500, 0.1), 0.95);
    private static final Product CARD = new Product("MDI", "GC-A6", "Card", new BigDecimal("0.12"), new BigDecimal("0.05"),
            new BigDecimal("0.30"));
    private static final LocalDate MONDAY = LocalDate.of(2026, 11, 23);

    private static WorkshopPeriod week(Instant now) {
        Interval range = new Interval(MONDAY.atStartOfDay(LONDON).toInstant(), MONDAY.plusDays(7).atStartOfDay(LONDON).toInstant());
        // Wednesday's session closed by a lockdown; units on three days, one of them of a product nobody catalogued
        Closure lockdown = new Closure(1, WORKSHOP.key(), MONDAY.plusDays(2).atTime(8, 30).atZone(LONDON).toInstant(),
                MONDAY.plusDays(2).atTime(11, 30).atZone(LONDON).toInstant(), Closure.Reason.LOCKDOWN);
        List<DailyUnits> units = List.of(new DailyUnits(MONDAY, "GC-A6", 480, 12), new DailyUnits(MONDAY.plusDays(1), "GC-A6", 510, 9),
                new DailyUnits(MONDAY.plusDays(3), "GC-A6", 455, 20), new DailyUnits(MONDAY.plusDays(3), "MYSTERY", 7, 0));
        List<PurposefulActivity.Headcount> counts = List.of(
                new PurposefulActivity.Headcount(MONDAY.atTime(8, 30).atZone(LONDON).toInstant(), 6),
                new PurposefulActivity.Headcount(MONDAY.plusDays(1).atTime(8, 25).atZone(LONDON).toInstant(), 5));
        return new WorkshopPeriod(WORKSHOP, new WorkshopCosting(new BigDecimal("3"), new BigDecimal("28.40"),
                new BigDecimal("25"), 8), List.of(lockdown), new Pricing(Map.of(CARD.code(), CARD), List.of()), units, counts,
                range, now);
    }

    private static List<String> row(Report report, String section, String label) {
        return report.sections().stream().filter(s -> s.title().startsWith(section)).findFirst().orElseThrow()
                .rows().stream().filter(r -> r.get(0).equals(label)).findFirst().orElseThrow();
    }

    @Test
    void theWeeksRowIsTheSumOfItsDaysAndTheCostSheetOfTheWholeWeek() {
        WorkshopPeriod period = week(MONDAY.plusDays(7).atStartOfDay(LONDON).toInstant());
        LossAnalysis.Result losses = LossAnalysis.workshop(WORKSHOP.schedule(), period.closures(), period.range(), period.now(), List.of());
        Report report = WeeklyReport.build(new WeeklyReport.Inputs(period, losses, "2026-W48", true, "GBP"));
        CostSheet whole = period.costSheet();

        List<String> week = row(report, "Day by day", "Week");
        // columns: Day, Sessions, Planned hours, Good, Rejected, Target, Quality, Attended hours, Purposeful, Cost, Value, Margin
        assertThat(week.get(1)).as("four sessions: Wednesday's was closed").isEqualTo("4");
        assertThat(week.get(2)).isEqualTo("12.00");
        assertThat(week.get(3)).isEqualTo(Long.toString(whole.good())).isEqualTo("1452");
        assertThat(week.get(9)).isEqualTo(Money.text(whole.total()));
        assertThat(week.get(10)).isEqualTo(Money.text(whole.value())).isEqualTo("433.50");
        BigDecimal days = BigDecimal.ZERO;
        for (String day : List.of("Mon 23 Nov", "Tue 24 Nov", "Wed 25 Nov", "Thu 26 Nov", "Fri 27 Nov", "Sat 28 Nov", "Sun 29 Nov")) {
            days = days.add(new BigDecimal(row(report, "Day by day", day).get(9)));
        }
        assertThat(days).as("the days' costs add up to the week's").isEqualByComparingTo(new BigDecimal(week.get(9)));
        // 4 sessions × 3 h × 28.40 + 12 planned hours × 25 + 1,486 catalogued units × 0.12
        assertThat(whole.total()).isEqualByComparingTo("819.12");
        // headcount 6 over Monday's session, 5 from Tuesday's opening count: 18 + 15 person-hours of 12 × 8 offered
        assertThat(week.get(7)).isEqualTo("33.00");
        assertThat(row(report, "Cost and value", "Value earned").get(1)).isEqualTo("433.50");
        assertThat(row(report, "Cost and value (GBP)", "Material cost").get(1)).isEqualTo("178.32");
    }

    @Test
    void theCsvHoldsEveryCellOfEveryTable() {
        WorkshopPeriod period = week(MONDAY.plusDays(7).atStartOfDay(LONDON).toInstant());
        Report report = WeeklyReport.build(new WeeklyReport.Inputs(period, LossAnalysis.workshop(WORKSHOP.schedule(),
                period.closures(), period.range(), period.now(), List.of()), "2026-W48", true, "GBP"));
        List<String> lines = List.of(ReportCsv.render(report).split("\r\n"));
        for (Report.Section section : report.sections()) {
            assertThat(lines).contains(section.title(), String.join(",", section.columns()));
            for (List<String> row : section.rows()) {
                assertThat(lines).contains(String.join(",", row.stream().map(ReportCsv::cell).toList()));
            }
        }
        assertThat(ReportCsv.cell("=SUM(A1:A9)")).as("a formula is not run").isEqualTo("'=SUM(A1:A9)");
        assertThat(ReportCsv.cell("=HYPERLINK(\"x\")")).as("quoted as well").isEqualTo("\"'=HYPERLINK(\"\"x\"\")\"");
        assertThat(ReportCsv.cell("-12.50")).as("a negative amount stays a number").isEqualTo("-12.50");
        assertThat(ReportCsv.cell("Smith, J")).isEqualTo("\"Smith, J\"");
    }

    @Test
    void aWeekNotYetOverCostsOnlyWhatHasHappened() {
        WorkshopPeriod period = week(MONDAY.plusDays(1).atTime(10, 0).atZone(LONDON).toInstant());
        CostSheet soFar = period.costSheet();
        // Monday's session and Tuesday's first 1.5 h: 4.5 planned hours, 1.5 sessions of instructors
        assertThat(soFar.plannedSeconds()).isEqualTo(4 * 3600 + 1800);
        assertThat(soFar.labour()).isEqualByComparingTo(new BigDecimal("127.80"));
    }
}
