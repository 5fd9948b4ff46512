package io.workshopmonitor.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import io.workshopmonitor.domain.Budget;
import io.workshopmonitor.domain.WorkshopCosting;
import io.workshopmonitor.domain.WorkshopKey;

import java.time.YearMonth;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A workshop's money plans: what it costs to run (instructors, overhead, places) and its monthly budgets. */
public final class CostingStore {

    private static final String PUT_COSTING = """
            INSERT INTO workshop_costings (prison, workshop, instructor_hours_per_session, instructor_hourly_rate,
               overhead_per_planned_hour, allocated_places) VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (prison, workshop) DO UPDATE SET
               instructor_hours_per_session = EXCLUDED.instructor_hours_per_session,
               instructor_hourly_rate = EXCLUDED.instructor_hourly_rate,
               overhead_per_planned_hour = EXCLUDED.overhead_per_planned_hour,
               allocated_places = EXCLUDED.allocated_places, updated_at = now()""";
    private static final String COSTINGS = """
            SELECT workshop, instructor_hours_per_session, instructor_hourly_rate, overhead_per_planned_hour,
               allocated_places FROM workshop_costings WHERE prison = $1 AND ($2::text IS NULL OR workshop = $2)""";
    private static final String PUT_BUDGET = """
            INSERT INTO budgets (prison, workshop, month, planned_good_units, planned_cost, planned_value)
            VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (prison, workshop, month) DO UPDATE SET planned_good_units = EXCLUDED.planned_good_units,
               planned_cost = EXCLUDED.planned_cost, planned_value = EXCLUDED.planned_value, updated_at = now()
            RETURNING (xmax = 0) AS created""";
    private static final String BUDGETS = """
            SELECT workshop, month, planned_good_units, planned_cost, planned_value FROM budgets
            WHERE prison = $1 AND ($2::text IS NULL OR workshop = $2) AND ($3::date IS NULL OR month = $3)
            ORDER BY workshop, month""";

    private final Pool pool;

    public CostingStore(Pool pool) {
        this.pool = pool;
    }

    public Future<Void> put(WorkshopKey key, WorkshopCosting costing) {
        return pool.preparedQuery(PUT_COSTING).execute(Tuple.of(key.prison(), key.workshop(),
                costing.instructorHoursPerSession(), costing.instructorHourlyRate(), costing.overheadPerPlannedHour(),
                costing.allocatedPlaces())).mapEmpty();
    }

    public Future<Optional<WorkshopCosting>> costing(WorkshopKey key) {
        return costings(key.prison(), key.workshop()).map(found -> Optional.ofNullable(found.get(key.workshop())));
    }

    /** Every costed workshop of a prison, by workshop id. */
    public Future<Map<String, WorkshopCosting>> costings(String prison) {
        return costings(prison, null);
    }

    private Future<Map<String, WorkshopCosting>> costings(String prison, String workshop) {
        return pool.preparedQuery(COSTINGS).execute(Tuple.of(prison, workshop)).map(rows -> {
            Map<String, WorkshopCosting> found = new HashMap<>();
            for (Row row : rows) {
                found.put(row.getString("workshop"), new WorkshopCosting(row.getBigDecimal("instructor_hours_per_session"),
                        row.getBigDecimal("instructor_hourly_rate"), row.getBigDecimal("overhead_per_planned_hour"),
                        row.getInteger("allocated_places")));
            }
            return found;
        });
    }

    /** @return true when created, false when replaced */
    public Future<Boolean> put(WorkshopKey key, Budget budget) {
        return pool.preparedQuery(PUT_BUDGET).execute(Tuple.of(key.prison(), key.workshop(), budget.month().atDay(1),
                        budget.plannedGoodUnits(), budget.plannedCost(), budget.plannedValue()))
                .map(rows -> rows.iterator().next().getBoolean("created"));
    }

    /** Budgets of a prison, narrowed to a workshop and/or a month when given. */
    public Future<Map<String, List<Budget>>> budgets(String prison, String workshop, YearMonth month) {
        return pool.preparedQuery(BUDGETS).execute(Tuple.of(prison, workshop, month == null ? null : month.atDay(1)))
                .map(rows -> {
                    Map<String, List<Budget>> found = new HashMap<>();
                    for (Row row : rows) {
                        found.computeIfAbsent(row.getString("workshop"), w -> new java.util.ArrayList<>())
                                .add(new Budget(YearMonth.from(row.getLocalDate("month")), row.getLong("planned_good_units"),
                                        row.getBigDecimal("planned_cost"), row.getBigDecimal("planned_value")));
                    }
                    return found;
                });
    }
}
