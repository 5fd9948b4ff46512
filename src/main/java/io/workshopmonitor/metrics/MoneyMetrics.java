package io.workshopmonitor.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.vertx.core.Future;
import io.workshopmonitor.domain.Budget;
import io.workshopmonitor.domain.CostSheet;
import io.workshopmonitor.domain.MonthProjection;
import io.workshopmonitor.domain.PurposefulActivity;
import io.workshopmonitor.domain.WorkshopKey;
import io.workshopmonitor.live.FiguresView;
import io.workshopmonitor.report.MonthlyReport;
import io.workshopmonitor.report.ReportReader;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each owned workshop's month so far as gauges (money in {@code reports.currency}): cost, value and good units
 * against the budget, the projection to month end, and the hours behind purposeful activity. Sums, never
 * ratios, so Grafana adds workshops up before it divides. From the same reader as the monthly report,
 * refreshed every minute rather than per scrape: it reads the store.
 */
public final class MoneyMetrics {

    /** Gauge names, in the order of a workshop's values array. */
    static final List<String> NAMES = List.of("workshop_month_cost", "workshop_month_value", "workshop_month_good_units",
            "workshop_month_budget_cost", "workshop_month_budget_value", "workshop_month_budget_units",
            "workshop_month_projected_cost", "workshop_month_projected_value", "workshop_month_attended_hours",
            "workshop_month_allocated_place_hours", "workshop_month_scheduled_hours", "workshop_month_regime_closed_hours");
    private static final List<String> HELP = List.of(
            "Cost this month so far: material, instructors and overhead",
            "Value earned this month so far: good units at their day's price",
            "Good units this month so far",
            "Budgeted cost for the whole month (0 without a budget)",
            "Budgeted value for the whole month (0 without a budget)",
            "Budgeted good units for the whole month (0 without a budget)",
            "Cost projected to month end at the month's pace so far",
            "Value projected to month end at the month's pace so far",
            "Person-hours attended this month so far, from headcounts",
            "Place-hours offered this month so far: places allocated times scheduled hours",
            "Scheduled session hours this month so far",
            "Scheduled hours this month so far that closures for regime reasons took");

    private final MeterRegistry registry;
    private final FiguresView view;
    private final ReportReader reader;
    private final Map<WorkshopKey, double[]> values = new ConcurrentHashMap<>();

    public MoneyMetrics(MeterRegistry registry, FiguresView view, ReportReader reader) {
        this.registry = registry;
        this.view = view;
        this.reader = reader;
    }

    /** One workshop after another: a large estate must not take every pooled connection from ingest. */
    public Future<Void> refresh() {
        Set<WorkshopKey> owned = new HashSet<>();
        Future<Void> chain = Future.succeededFuture();
        for (FiguresView.Snapshot snapshot : view.owned()) {
            var workshop = snapshot.owned().orElseThrow();
            owned.add(workshop.key());
            chain = chain.compose(v -> reader.thisMonth(workshop).map(month -> {
                set(workshop.key(), month);
                return null;
            }));
        }
        OwnedSeries.forgetAllBut(registry, values, owned, NAMES::contains);
        return chain;
    }

    private void set(WorkshopKey key, MonthlyReport.WorkshopMonth month) {
        CostSheet sheet = month.soFar().costSheet();
        MonthProjection projection = MonthProjection.of(sheet, month.rest());
        PurposefulActivity.Summary people = month.soFar().activitySummary();
        Optional<Budget> budget = month.budget();
        double[] v = values.computeIfAbsent(key, k -> new double[NAMES.size()]);
        v[0] = sheet.total().doubleValue();
        v[1] = sheet.value().doubleValue();
        v[2] = sheet.good();
        v[3] = budget.map(b -> b.plannedCost().doubleValue()).orElse(0.0);
        v[4] = budget.map(b -> b.plannedValue().doubleValue()).orElse(0.0);
        v[5] = budget.map(b -> (double) b.plannedGoodUnits()).orElse(0.0);
        v[6] = projection.cost().doubleValue();
        v[7] = projection.value().doubleValue();
        v[8] = people.attendedPersonSeconds() / 3600.0;
        v[9] = people.allocatedPlaceSeconds() / 3600.0;
        v[10] = people.scheduledSeconds() / 3600.0;
        v[11] = people.regimeClosedSeconds() / 3600.0;
        register(key, v);
    }

    /** Idempotent, and again after another owner had the workshop and its series were dropped. */
    private void register(WorkshopKey key, double[] v) {
        Tags tags = Tags.of("prison", key.prison(), "workshop", key.workshop());
        for (int i = 0; i < NAMES.size(); i++) {
            int at = i;
            Gauge.builder(NAMES.get(i), v, values -> values[at]).description(HELP.get(i)).tags(tags)
                    .strongReference(true).register(registry);
        }
    }
}
