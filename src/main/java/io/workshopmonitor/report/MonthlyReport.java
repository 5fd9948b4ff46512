package io.workshopmonitor.report;

import io.workshopmonitor.domain.Budget;
import io.workshopmonitor.domain.BudgetVariance;
import io.workshopmonitor.domain.Contract;
import io.workshopmonitor.domain.ContractEconomics;
import io.workshopmonitor.domain.ContractStatus;
import io.workshopmonitor.domain.CostSheet;
import io.workshopmonitor.domain.MonthProjection;
import io.workshopmonitor.domain.Money;
import io.workshopmonitor.domain.PurposefulActivity;
import io.workshopmonitor.domain.WorkshopPeriod;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A prison's month: each workshop against its budget, purposeful activity, and its contracts. */
public final class MonthlyReport {

    /**
     * @param soFar the month up to now
     * @param rest the month's planned time still to come, with no units: what it will cost to run
     */
    public record WorkshopMonth(WorkshopPeriod soFar, CostSheet rest, Optional<Budget> budget) {
    }

    public record ContractLine(Contract contract, Optional<ContractStatus> status, ContractEconomics economics) {
    }

    /** @param zone the prison's time zone, which says when its month ends */
    public record Inputs(String prison, YearMonth month, java.time.ZoneId zone, List<WorkshopMonth> workshops,
                         List<ContractLine> contracts, String currency, Instant now) {
    }

    private MonthlyReport() {
    }

    public static Report build(Inputs in) {
        List<List<String>> budget = new ArrayList<>();
        List<List<String>> variance = new ArrayList<>();
        List<List<String>> activity = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        List<Double> budgets = new ArrayList<>();
        CostSheet prisonSheet = CostSheet.EMPTY;
        PurposefulActivity.Summary prisonPeople = PurposefulActivity.Summary.NONE;
        Budget prisonBudget = new Budget(in.month(), 0, BigDecimal.ZERO, BigDecimal.ZERO);
        long projectedGood = 0;
        BigDecimal projectedCost = BigDecimal.ZERO;
        BigDecimal projectedValue = BigDecimal.ZERO;
        for (WorkshopMonth month : in.workshops()) {
            String name = month.soFar().workshop().key().workshop();
            CostSheet sheet = month.soFar().costSheet();
            PurposefulActivity.Summary people = month.soFar().activitySummary();
            MonthProjection projection = MonthProjection.of(sheet, month.rest());
            Budget plan = month.budget().orElse(new Budget(in.month(), 0, BigDecimal.ZERO, BigDecimal.ZERO));
            budget.add(budgetRow(name, sheet, month.budget()));
            variance.add(varianceRow(name, sheet, month.budget(), projection));
            activity.add(activityRow(name, people));
            labels.add(name);
            values.add(Cells.number(sheet.value()));
            budgets.add(Cells.number(plan.plannedValue()));
            prisonSheet = prisonSheet.plus(sheet);
            prisonPeople = prisonPeople.plus(people);
            prisonBudget = new Budget(in.month(), prisonBudget.plannedGoodUnits() + plan.plannedGoodUnits(),
                    prisonBudget.plannedCost().add(plan.plannedCost()), prisonBudget.plannedValue().add(plan.plannedValue()));
            projectedGood += projection.goodUnits();
            projectedCost = projectedCost.add(projection.cost());
            projectedValue = projectedValue.add(projection.value());
        }
        Optional<Budget> anyBudget = in.workshops().stream().anyMatch(w -> w.budget().isPresent())
                ? Optional.of(prisonBudget) : Optional.empty();
        MonthProjection prisonProjection = new MonthProjection(projectedGood, projectedCost, projectedValue);
        budget.add(budgetRow("Prison", prisonSheet, anyBudget));
        variance.add(varianceRow("Prison", prisonSheet, anyBudget, prisonProjection));
        activity.add(activityRow("Prison", prisonPeople));

        List<Report.Section> sections = new ArrayList<>();
        sections.add(Report.Section.table("Actual against budget (" + in.currency() + ")", List.of("Workshop", "Good units",
                        "Budget units", "Cost", "Budget cost", "Value", "Budget value", "Margin", "Budget margin"), budget)
                .withChart(new Report.Chart("Value earned against budget", in.currency(), labels,
                        List.of(new Report.Series("Value", values), new Report.Series("Budget", budgets)))));
        sections.add(Report.Section.table("Variance and projection to month end (" + in.currency() + ")",
                        List.of("Workshop", "Margin variance", "Volume", "Price", "Efficiency", "Projected units",
                                "Projected cost", "Projected value", "Projected margin"), variance)
                .withNotes(List.of("Variance is actual margin less budget margin; positive is favourable. Volume, price "
                        + "and efficiency add up to it.", "The projection holds the month's pace so far over the planned "
                        + "sessions left, closures already recorded taken out.")));
        sections.add(Report.Section.table("Purposeful activity", List.of("Workshop", "Sessions", "Places allocated",
                "Place-hours offered", "Attended hours", "Purposeful activity (%)", "Place-hours lost to regime",
                "Scheduled hours lost to regime (%)"), activity));
        sections.add(contracts(in.contracts(), in.currency()));

        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("good", prisonSheet.good());
        figures.put("reject", prisonSheet.reject());
        MoneyTables.figures(prisonSheet, figures);
        figures.put("budgetValue", Money.text(prisonBudget.plannedValue()));
        figures.put("budgetCost", Money.text(prisonBudget.plannedCost()));
        figures.put("attendedHours", Cells.hours(prisonPeople.attendedPersonSeconds()));
        figures.put("allocatedPlaceHours", Cells.hours(prisonPeople.allocatedPlaceSeconds()));
        figures.put("purposefulActivity", prisonPeople.attendedShare().orElse(null));
        figures.put("regimeShare", prisonPeople.regimeShare().orElse(null));
        return new Report("monthly", "Monthly report: " + in.prison(), in.prison() + ", " + in.month()
                + (in.now().isBefore(in.month().plusMonths(1).atDay(1).atStartOfDay(in.zone()).toInstant())
                ? " (month to date)" : ""), in.currency(), in.now(), "monthly-" + in.prison() + "-" + in.month(),
                sections, figures);
    }

    private static List<String> budgetRow(String name, CostSheet sheet, Optional<Budget> budget) {
        return List.of(name, Cells.count(sheet.good()), budget.map(b -> Cells.count(b.plannedGoodUnits())).orElse(Cells.NONE),
                Cells.money(sheet.total()), Cells.money(budget.map(Budget::plannedCost)), Cells.money(sheet.value()),
                Cells.money(budget.map(Budget::plannedValue)), Cells.money(sheet.margin()),
                Cells.money(budget.map(Budget::plannedMargin)));
    }

    private static List<String> varianceRow(String name, CostSheet sheet, Optional<Budget> budget, MonthProjection projection) {
        Optional<BudgetVariance> shown = budget.map(b -> BudgetVariance.of(b, sheet.good(), sheet.total(), sheet.value()).shown());
        return List.of(name, Cells.money(shown.map(BudgetVariance::total)), Cells.money(shown.map(BudgetVariance::volume)),
                Cells.money(shown.map(BudgetVariance::price)), Cells.money(shown.map(BudgetVariance::efficiency)),
                Cells.count(projection.goodUnits()), Cells.money(projection.cost()), Cells.money(projection.value()),
                Cells.money(projection.margin()));
    }

    private static List<String> activityRow(String name, PurposefulActivity.Summary people) {
        return List.of(name, Cells.count(people.sessions()), Cells.count(people.allocatedPlaces()),
                Cells.hours(people.allocatedPlaceSeconds()), Cells.hours(people.attendedPersonSeconds()),
                Cells.percent(people.attendedShare()), Cells.hours(people.regimeLostPlaceSeconds()),
                Cells.percent(people.regimeShare()));
    }

    private static Report.Section contracts(List<ContractLine> contracts, String currency) {
        List<List<String>> rows = new ArrayList<>();
        for (ContractLine line : contracts) {
            Contract c = line.contract();
            rows.add(List.of(c.id(), c.workshop().workshop(), c.customer(), c.product(),
                    line.status().map(s -> Cells.count(s.produced())).orElse(Cells.NONE) + " / " + c.quantity(),
                    line.status().map(s -> s.status().name()).orElse(Cells.NONE), Cells.money(line.economics().valueToDate()),
                    Cells.money(line.economics().costToDate()), Cells.money(line.economics().marginToDate()),
                    line.economics().verdict().name()));
        }
        return Report.Section.table("Contracts (" + currency + ")", List.of("Contract", "Workshop", "Customer", "Product",
                "Made / ordered", "Status", "Value to date", "Cost to date", "Margin to date", "At current pace"), rows);
    }
}
