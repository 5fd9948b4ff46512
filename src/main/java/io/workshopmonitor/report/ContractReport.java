package io.workshopmonitor.report;

import io.workshopmonitor.domain.Contract;
import io.workshopmonitor.domain.ContractEconomics;
import io.workshopmonitor.domain.ContractStatus;
import io.workshopmonitor.domain.ContractTerms;
import io.workshopmonitor.domain.DailyUnits;
import io.workshopmonitor.domain.Money;
import io.workshopmonitor.domain.Pricing;
import io.workshopmonitor.domain.WorkshopPeriod;

import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One contract: where it stands, what it has earned and cost, whether it pays, and its output day by day. */
public final class ContractReport {

    public record Inputs(Contract contract, ContractTerms terms, Optional<ContractStatus> status,
                         ContractEconomics economics, WorkshopPeriod period, boolean withMoney, String currency) {
    }

    private ContractReport() {
    }

    public static Report build(Inputs in) {
        Contract c = in.contract();
        ZoneId zone = in.period().workshop().schedule().timezone();
        List<List<String>> summary = new ArrayList<>();
        summary.add(List.of("Customer", c.customer()));
        summary.add(List.of("Workshop", c.workshop().toString()));
        summary.add(List.of("Product", c.product()));
        summary.add(List.of("Kind", in.terms().kind().name().toLowerCase(java.util.Locale.ROOT)));
        summary.add(List.of("Ordered", Cells.count(c.quantity())));
        summary.add(List.of("Made (good)", in.status().map(s -> Cells.count(s.produced())).orElse(Cells.NONE)));
        summary.add(List.of("Progress (%)", Cells.percent(in.status().map(ContractStatus::progress))));
        summary.add(List.of("Status", in.status().map(s -> s.status().name()).orElse(Cells.NONE)));
        summary.add(List.of("Start", c.start().toString()));
        summary.add(List.of("Due", c.due().toString()));
        summary.add(List.of("Completed", c.completed().map(Object::toString).orElse(Cells.NONE)));
        summary.add(List.of("Projected completion", in.status().map(ContractStatus::projectedCompletion)
                .map(at -> Cells.time(at, zone)).orElse(Cells.NONE)));

        List<Report.Section> sections = new ArrayList<>();
        sections.add(Report.Section.table("Contract", List.of("Figure", "Value"), summary));
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("produced", in.status().map(ContractStatus::produced).orElse(null));
        figures.put("quantity", c.quantity());
        ContractEconomics money = in.economics();
        if (in.withMoney()) {
            List<List<String>> rows = new ArrayList<>();
            rows.add(List.of("Price per unit now", Cells.money(money.unitPrice())));
            rows.add(List.of("Value to date", Cells.money(money.valueToDate())));
            rows.add(List.of("Cost to date", Cells.money(money.costToDate())));
            rows.add(List.of("Margin to date", Cells.money(money.marginToDate())));
            rows.add(List.of("Units still owed", Cells.count(money.remaining())));
            rows.add(List.of("Cost per good unit at current pace and reject rate", Cells.money(money.unitCostAtPace())));
            rows.add(List.of("Projected value at completion", Cells.money(money.projectedValue())));
            rows.add(List.of("Projected cost at completion", Cells.money(money.projectedCost())));
            rows.add(List.of("Projected margin at completion", Cells.money(money.projectedMargin())));
            rows.add(List.of("Verdict", money.verdict().name()));
            sections.add(Report.Section.table("Money (" + in.currency() + ")", List.of("Figure", "Amount"), rows)
                    .withNotes(List.of("Cost is the product's material and its share, by standard minutes, of the "
                            + "workshop's instructor and overhead cost; the pace is the last 7 days'.")));
            figures.put("valueToDate", Money.text(money.valueToDate()));
            figures.put("costToDate", Money.text(money.costToDate()));
            figures.put("projectedValue", money.projectedValue().map(Money::text).orElse(null));
            figures.put("projectedCost", money.projectedCost().map(Money::text).orElse(null));
            figures.put("verdict", money.verdict().name());
        }
        sections.add(daily(in, zone));
        return new Report("contract", "Contract report: " + c.id(), c.customer() + ", " + c.product() + ", "
                + c.workshop(), in.currency(), in.period().now(), "contract-" + c.workshop().prison() + "-" + c.id(),
                sections, figures);
    }

    private static Report.Section daily(Inputs in, ZoneId zone) {
        Pricing pricing = in.period().pricing();
        List<String> columns = new ArrayList<>(List.of("Day", "Good", "Rejected"));
        if (in.withMoney()) {
            columns.addAll(List.of("Price", "Value"));
        }
        List<List<String>> rows = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<Double> good = new ArrayList<>();
        for (DailyUnits day : in.period().units()) {
            if (!day.product().equals(in.contract().product())) {
                continue;
            }
            List<String> row = new ArrayList<>(List.of(day.day().toString(), Cells.count(day.good()), Cells.count(day.reject())));
            if (in.withMoney()) {
                Optional<BigDecimal> price = pricing.quote(day.product(), day.day()).map(Pricing.Quote::unitPrice);
                row.add(Cells.money(price));
                row.add(Cells.money(price.map(p -> p.multiply(BigDecimal.valueOf(day.good())))));
            }
            rows.add(row);
            labels.add(day.day().toString().substring(5));
            good.add((double) day.good());
        }
        return Report.Section.table("Output by day", columns, rows)
                .withChart(new Report.Chart("Good units by day", "units", labels, List.of(new Report.Series("Good", good))));
    }
}
