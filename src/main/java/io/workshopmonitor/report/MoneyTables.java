package io.workshopmonitor.report;

import io.workshopmonitor.domain.CostSheet;
import io.workshopmonitor.domain.Money;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The cost-and-value table every report shows for a span, and its figures for the JSON. */
final class MoneyTables {

    private MoneyTables() {
    }

    static Report.Section section(CostSheet sheet, String currency) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("Material cost", Cells.money(sheet.material())));
        rows.add(List.of("Instructor cost", Cells.money(sheet.labour())));
        rows.add(List.of("Overhead", Cells.money(sheet.overhead())));
        rows.add(List.of("Total cost", Cells.money(sheet.total())));
        rows.add(List.of("Cost per good unit", Cells.money(sheet.costPerGoodUnit())));
        rows.add(List.of("Cost of rejects", Cells.money(sheet.costOfRejects())));
        rows.add(List.of("Value earned", Cells.money(sheet.value())));
        rows.add(List.of("Margin", Cells.money(sheet.margin())));
        List<String> notes = new ArrayList<>();
        if (sheet.uncostedGood() + sheet.uncostedReject() > 0) {
            notes.add(sheet.uncostedGood() + " good and " + sheet.uncostedReject()
                    + " rejected units are of products not in the catalogue: no material cost or value is counted for them.");
        }
        return Report.Section.table("Cost and value (" + currency + ")", List.of("Figure", "Amount"), rows).withNotes(notes);
    }

    static Report.Section products(CostSheet sheet, String currency) {
        List<List<String>> rows = new ArrayList<>();
        for (CostSheet.ProductLine line : sheet.lines()) {
            rows.add(List.of(line.product(), Cells.count(line.good()), Cells.count(line.reject()),
                    Cells.money(line.material()), Cells.money(line.conversion()), Cells.money(line.costOfRejects()),
                    Cells.money(line.value()), Cells.money(line.value().subtract(line.cost()))));
        }
        return Report.Section.table("Products (" + currency + ")", List.of("Product", "Good", "Rejected", "Material",
                "Instructors and overhead", "Cost of rejects", "Value", "Margin"), rows);
    }

    static void figures(CostSheet sheet, Map<String, Object> figures) {
        figures.put("materialCost", Money.text(sheet.material()));
        figures.put("labourCost", Money.text(sheet.labour()));
        figures.put("overheadCost", Money.text(sheet.overhead()));
        figures.put("totalCost", Money.text(sheet.total()));
        figures.put("costPerGoodUnit", sheet.costPerGoodUnit().map(Money::text).orElse(null));
        figures.put("costOfRejects", Money.text(sheet.costOfRejects()));
        figures.put("value", Money.text(sheet.value()));
        figures.put("margin", Money.text(sheet.margin()));
    }
}
