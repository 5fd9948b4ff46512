package io.workshopmonitor.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.workshopmonitor.domain.Budget;
import io.workshopmonitor.domain.Caller;
import io.workshopmonitor.domain.CostSheet;
import io.workshopmonitor.domain.Identifiers;
import io.workshopmonitor.domain.Interval;
import io.workshopmonitor.domain.Money;
import io.workshopmonitor.domain.Product;
import io.workshopmonitor.domain.WorkshopCosting;
import io.workshopmonitor.domain.WorkshopKey;
import io.workshopmonitor.report.ReportReader;
import io.workshopmonitor.store.CostingStore;
import io.workshopmonitor.store.ProductStore;
import io.workshopmonitor.store.WorkshopStore;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * The money a manager sets and reads: the prison's product catalogue, each workshop's running costs and places,
 * its monthly budgets, and what a span cost and earned. Managers and administrators only.
 */
final class CostRoutes {

    private final ProductStore products;
    private final CostingStore costings;
    private final WorkshopStore workshops;
    private final ReportReader reports;
    private final Clock clock;

    CostRoutes(ProductStore products, CostingStore costings, WorkshopStore workshops, ReportReader reports, Clock clock) {
        this.products = products;
        this.costings = costings;
        this.workshops = workshops;
        this.reports = reports;
        this.clock = clock;
    }

    void mount(Router router) {
        router.get("/api/v1/prisons/:prison/products").handler(this::listProducts);
        router.put("/api/v1/prisons/:prison/products/:code").handler(this::putProduct);
        router.delete("/api/v1/prisons/:prison/products/:code").handler(this::deleteProduct);
        router.get("/api/v1/workshops/:prison/:workshop/costing").handler(this::getCosting);
        router.put("/api/v1/workshops/:prison/:workshop/costing").handler(this::putCosting);
        router.get("/api/v1/workshops/:prison/:workshop/budgets").handler(this::listBudgets);
        router.put("/api/v1/workshops/:prison/:workshop/budgets/:month").handler(this::putBudget);
        router.get("/api/v1/workshops/:prison/:workshop/costs").handler(this::costs);
    }

    private static void manager(RoutingContext ctx, String action) {
        Access.require(ctx, Caller.Role.MANAGER, action);
    }

    private void listProducts(RoutingContext ctx) {
        manager(ctx, "reading product costs and prices");
        String prison = Requests.visiblePrison(ctx);
        products.list(prison)
                .map(list -> new JsonObject().put("prison", prison).put("currency", reports.currency())
                        .put("products", new JsonArray(list.stream().map(p -> (Object) productJson(p)).toList())))
                .onSuccess(body -> Requests.json(ctx, 200, body))
                .onFailure(ctx::fail);
    }

    /** Body {@code {"name": "Prison officer shirt", "materialCost": "3.10", "standardMinutes": "18", "transferPrice": "7.50"}}. */
    private void putProduct(RoutingContext ctx) {
        manager(ctx, "setting product costs and prices");
        String prison = Requests.visiblePrison(ctx);
        String code = productCode(ctx.pathParam("code"));
        JsonObject body = Requests.bodyObject(ctx);
        Product product = new Product(prison, code, Requests.text(body.getValue("name"), "name", 120),
                Requests.money(body.getValue("materialCost"), "materialCost"),
                Requests.money(body.getValue("standardMinutes"), "standardMinutes"),
                Requests.money(body.getValue("transferPrice"), "transferPrice"));
        products.put(product)
                .onSuccess(created -> {
                    Audit.record(ctx, created ? "product.created" : "product.replaced", prison, "product " + code);
                    Requests.json(ctx, created ? 201 : 200, productJson(product).put("currency", reports.currency()));
                })
                .onFailure(ctx::fail);
    }

    private void deleteProduct(RoutingContext ctx) {
        manager(ctx, "removing a product");
        String prison = Requests.visiblePrison(ctx);
        String code = productCode(ctx.pathParam("code"));
        products.delete(prison, code)
                .onSuccess(found -> {
                    if (!found) {
                        ctx.fail(Problem.notFound("no product " + code + " in " + prison));
                        return;
                    }
                    Audit.record(ctx, "product.deleted", prison, "product " + code);
                    ctx.response().setStatusCode(204).end();
                })
                .onFailure(ctx::fail);
    }

    private static String productCode(String code) {
        if (!Identifiers.isProductCode(code)) {
            throw Problem.badRequest("product code '" + code + "' must be the code devices send: 1 to 64 of [A-Za-z0-9._-]");
        }
        return code;
    }

    static JsonObject productJson(Product product) {
        return new JsonObject().put("code", product.code()).put("name", product.name())
                .put("materialCost", plain(product.materialCost())).put("standardMinutes", plain(product.standardMinutes()))
                .put("transferPrice", plain(product.transferPrice()));
    }

    /** A stored amount as it was set (up to 4 places), not rounded to pence. */
    static String plain(BigDecimal amount) {
        return amount.stripTrailingZeros().scale() < 2 ? amount.setScale(2).toPlainString()
                : amount.stripTrailingZeros().toPlainString();
    }

    private void getCosting(RoutingContext ctx) {
        manager(ctx, "reading a workshop's costs");
        WorkshopKey key = Requests.visibleWorkshopKey(ctx);
        FigureRoutes.configured(workshops, key)
                .compose(workshop -> costings.costing(key))
                .map(found -> costingJson(key, found.orElse(WorkshopCosting.NONE)).put("set", found.isPresent()))
                .onSuccess(body -> Requests.json(ctx, 200, body))
                .onFailure(ctx::fail);
    }

    /**
     * Body {@code {"instructorHoursPerSession": "3.5", "instructorHourlyRate": "28.40", "overheadPerPlannedHour":
     * "12.50", "allocatedPlaces": 14}}.
     */
    private void putCosting(RoutingContext ctx) {
        manager(ctx, "setting a workshop's costs");
        WorkshopKey key = Requests.visibleWorkshopKey(ctx);
        JsonObject body = Requests.bodyObject(ctx);
        Object places = body.getValue("allocatedPlaces");
        if (!(places instanceof Integer n) || n < 0 || n > WorkshopCosting.MAX_PLACES) {
            throw Problem.badRequest("'allocatedPlaces' must be a whole number from 0 to " + WorkshopCosting.MAX_PLACES
                    + ": the people allocated to each session");
        }
        WorkshopCosting costing = new WorkshopCosting(Requests.money(body.getValue("instructorHoursPerSession"),
                "instructorHoursPerSession"), Requests.money(body.getValue("instructorHourlyRate"), "instructorHourlyRate"),
                Requests.money(body.getValue("overheadPerPlannedHour"), "overheadPerPlannedHour"), (Integer) places);
        FigureRoutes.configured(workshops, key)
                .compose(workshop -> costings.put(key, costing))
                .onSuccess(done -> {
                    Audit.record(ctx, "costing.saved", key.prison(), key + " costing");
                    Requests.json(ctx, 200, costingJson(key, costing).put("set", true));
                })
                .onFailure(ctx::fail);
    }

    private JsonObject costingJson(WorkshopKey key, WorkshopCosting costing) {
        return new JsonObject().put("workshop", key.toString()).put("currency", reports.currency())
                .put("instructorHoursPerSession", plain(costing.instructorHoursPerSession()))
                .put("instructorHourlyRate", plain(costing.instructorHourlyRate()))
                .put("overheadPerPlannedHour", plain(costing.overheadPerPlannedHour()))
                .put("allocatedPlaces", costing.allocatedPlaces());
    }

    private void listBudgets(RoutingContext ctx) {
        manager(ctx, "reading budgets");
        WorkshopKey key = Requests.visibleWorkshopKey(ctx);
        FigureRoutes.configured(workshops, key)
                .compose(workshop -> costings.budgets(key.prison(), key.workshop(), null))
                .map(found -> new JsonObject().put("workshop", key.toString()).put("currency", reports.currency())
                        .put("budgets", new JsonArray(found.getOrDefault(key.workshop(), List.of()).stream()
                                .map(b -> (Object) budgetJson(b)).toList())))
                .onSuccess(body -> Requests.json(ctx, 200, body))
                .onFailure(ctx::fail);
    }

    /** {@code PUT .../budgets/2026-12} with {@code {"plannedGoodUnits": 4000, "plannedCost": "21000", "plannedValue": "26000"}}. */
    private void putBudget(RoutingContext ctx) {
        manager(ctx, "setting a budget");
        WorkshopKey key = Requests.visibleWorkshopKey(ctx);
        YearMonth month = month(ctx.pathParam("month"), "month");
        JsonObject body = Requests.bodyObject(ctx);
        Object units = body.getValue("plannedGoodUnits");
        if (!(units instanceof Integer || units instanceof Long) || ((Number) units).longValue() < 0
                || ((Number) units).longValue() > Budget.MAX_UNITS) {
            throw Problem.badRequest("'plannedGoodUnits' must be a whole number from 0 to " + Budget.MAX_UNITS);
        }
        Budget budget = new Budget(month, ((Number) units).longValue(), Requests.money(body.getValue("plannedCost"), "plannedCost"),
                Requests.money(body.getValue("plannedValue"), "plannedValue"));
        FigureRoutes.configured(workshops, key)
                .compose(workshop -> costings.put(key, budget))
                .onSuccess(created -> {
                    Audit.record(ctx, created ? "budget.created" : "budget.replaced", key.prison(), key + " budget " + month);
                    Requests.json(ctx, created ? 201 : 200, budgetJson(budget).put("workshop", key.toString())
                            .put("currency", reports.currency()));
                })
                .onFailure(ctx::fail);
    }

    static YearMonth month(String value, String field) {
        try {
            YearMonth month = YearMonth.parse(value == null ? "" : value);
            if (month.getYear() < Requests.FIRST_YEAR || month.getYear() > Requests.LAST_YEAR) {
                throw Problem.badRequest("'" + field + "' must be a month from " + Requests.FIRST_YEAR + " to " + Requests.LAST_YEAR);
            }
            return month;
        } catch (DateTimeParseException e) {
            throw Problem.badRequest("'" + field + "' must be a month such as 2026-12, not '" + value + "'");
        }
    }

    private static JsonObject budgetJson(Budget budget) {
        return new JsonObject().put("month", budget.month().toString()).put("plannedGoodUnits", budget.plannedGoodUnits())
                .put("plannedCost", plain(budget.plannedCost())).put("plannedValue", plain(budget.plannedValue()))
                .put("plannedMargin", plain(budget.plannedMargin()));
    }

    /** {@code ?from&to}, by default today so far in the workshop's time zone. */
    private void costs(RoutingContext ctx) {
        manager(ctx, "reading costs");
        WorkshopKey key = Requests.visibleWorkshopKey(ctx);
        Instant now = clock.instant();
        FigureRoutes.configured(workshops, key)
                .compose(workshop -> {
                    Instant midnight = LocalDate.ofInstant(now, workshop.schedule().timezone())
                            .atStartOfDay(workshop.schedule().timezone()).toInstant();
                    Interval range = ctx.queryParams().contains("from") || ctx.queryParams().contains("to")
                            ? Requests.range(ctx, now, java.time.Duration.between(midnight, now))
                            : new Interval(midnight, now);
                    return reports.costs(workshop, range).map(sheet -> costJson(key, range, sheet, reports.currency()));
                })
                .onSuccess(body -> Requests.json(ctx, 200, body))
                .onFailure(ctx::fail);
    }

    static JsonObject costJson(WorkshopKey key, Interval range, CostSheet sheet, String currency) {
        JsonArray lines = new JsonArray();
        for (CostSheet.ProductLine line : sheet.lines()) {
            lines.add(new JsonObject().put("product", line.product()).put("good", line.good()).put("reject", line.reject())
                    .put("materialCost", Money.text(line.material())).put("conversionCost", Money.text(line.conversion()))
                    .put("costOfRejects", Money.text(line.costOfRejects())).put("value", Money.text(line.value()))
                    .put("margin", Money.text(line.value().subtract(line.cost()))));
        }
        return new JsonObject().put("workshop", key.toString()).put("from", range.start().toString())
                .put("to", range.end().toString()).put("currency", currency)
                .put("scheduledHours", Money.text(Money.hours(sheet.scheduledSeconds())))
                .put("plannedHours", Money.text(Money.hours(sheet.plannedSeconds())))
                .put("sessions", sheet.sessions()).put("good", sheet.good()).put("reject", sheet.reject())
                .put("uncostedGood", sheet.uncostedGood()).put("uncostedReject", sheet.uncostedReject())
                .put("materialCost", Money.text(sheet.material())).put("labourCost", Money.text(sheet.labour()))
                .put("overheadCost", Money.text(sheet.overhead())).put("totalCost", Money.text(sheet.total()))
                .put("costPerGoodUnit", sheet.costPerGoodUnit().map(Money::text).orElse(null))
                .put("costOfRejects", Money.text(sheet.costOfRejects())).put("value", Money.text(sheet.value()))
                .put("margin", Money.text(sheet.margin())).put("products", lines);
    }
}
