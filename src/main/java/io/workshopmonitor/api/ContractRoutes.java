package io.workshopmonitor.api;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.workshopmonitor.domain.Caller;
import io.workshopmonitor.domain.Contract;
import io.workshopmonitor.domain.ContractStatus;
import io.workshopmonitor.domain.ContractTerms;
import io.workshopmonitor.domain.Identifiers;
import io.workshopmonitor.domain.WorkshopKey;
import io.workshopmonitor.live.ContractStatuses;
import io.workshopmonitor.live.FiguresJson;
import io.workshopmonitor.domain.WorkshopDirectory;
import io.workshopmonitor.store.ContractStore;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/** {@code PUT/GET /contracts}: contracts read back with what they have produced and where they stand. */
final class ContractRoutes {

    private final ContractStore contracts;
    private final ContractStatuses statuses;
    private final WorkshopDirectory directory;
    private final Runnable changed;

    /** @param changed told after a contract is saved, so its alert is evaluated without waiting for the timer */
    ContractRoutes(ContractStore contracts, ContractStatuses statuses, WorkshopDirectory directory, Runnable changed) {
        this.contracts = contracts;
        this.statuses = statuses;
        this.directory = directory;
        this.changed = changed;
    }

    void mount(Router router) {
        router.put("/api/v1/contracts/:id").handler(this::put);
        router.get("/api/v1/contracts").handler(this::list);
        router.get("/api/v1/contracts/:id").handler(this::get);
    }

    private void put(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        if (!Identifiers.isSlug(id)) {
            throw Problem.badRequest("contract id '" + id + "' must be a slug [a-z0-9][a-z0-9-]{0,31}, such as c-2026-0142");
        }
        Caller caller = Access.require(ctx, Caller.Role.MANAGER, "managing a contract");
        JsonObject body = Requests.bodyObject(ctx);
        Contract contract = parse(id, body);
        Optional<ContractTerms> terms = body.containsKey("kind") || body.containsKey("prices")
                ? Optional.of(terms(body)) : Optional.empty();
        if (!directory.hasWorkshop(contract.workshop()) || !caller.sees(contract.workshop().prison())) {
            throw Problem.badRequest("'workshop' " + contract.workshop() + " is not configured; create it first");
        }
        // ids are per prison: the workshop's prison is the contract's, whatever other prisons call theirs
        contracts.put(contract, terms)
                .onSuccess(created -> changed.run())
                .compose(created -> withStatus(contract).compose(json -> contracts.terms(contract.workshop().prison())
                        .map(all -> new Saved(created, withTerms(json, all.getOrDefault(contract.id(), ContractTerms.NONE))))))
                .onSuccess(saved -> {
                    Audit.record(ctx, saved.created() ? "contract.created" : "contract.replaced", contract.workshop().prison(),
                            "contract " + contract.id());
                    Requests.json(ctx, saved.created() ? 201 : 200, saved.body());
                })
                .onFailure(ctx::fail);
    }

    private record Saved(boolean created, JsonObject body) {
    }

    /**
     * {@code "kind": "EXTERNAL"} (a customer outside, the default) or {@code "INTERNAL"} (supply to the prison
     * service), and {@code "prices": [{"from": "2026-12-01", "unitPrice": "4.20"}]}: each price holds from its day
     * until the next; no prices: the product's transfer price applies. A body with neither key keeps the
     * contract's terms as they are, so a client that knows nothing of money (marking a contract completed) does
     * not wipe its prices; with either, both are replaced.
     */
    private static ContractTerms terms(JsonObject body) {
        Object kind = body.getValue("kind");
        ContractTerms.Kind parsed = ContractTerms.Kind.EXTERNAL;
        if (kind != null) {
            if (!(kind instanceof String k) || !java.util.Set.of("EXTERNAL", "INTERNAL").contains(k)) {
                throw Problem.badRequest("'kind' must be EXTERNAL (an outside customer) or INTERNAL (supply to prisons)");
            }
            parsed = ContractTerms.Kind.valueOf(k);
        }
        Object prices = body.getValue("prices");
        List<ContractTerms.PriceChange> changes = new java.util.ArrayList<>();
        if (prices != null) {
            if (!(prices instanceof JsonArray array) || array.size() > 100) {
                throw Problem.badRequest("'prices' must be a list of at most 100 {\"from\": date, \"unitPrice\": amount}");
            }
            for (int i = 0; i < array.size(); i++) {
                if (!(array.getValue(i) instanceof JsonObject price)) {
                    throw Problem.badRequest("'prices[" + i + "]' must be {\"from\": date, \"unitPrice\": amount}");
                }
                changes.add(new ContractTerms.PriceChange(date(price.getValue("from"), "prices[" + i + "].from"),
                        Requests.money(price.getValue("unitPrice"), "prices[" + i + "].unitPrice")));
            }
        }
        try {
            return new ContractTerms(parsed, changes);
        } catch (IllegalArgumentException e) {
            throw Problem.badRequest("'prices' " + e.getMessage());
        }
    }

    /** Prices are for managers' eyes: a contract read or saved by a manager shows its kind and prices. */
    private static JsonObject withTerms(JsonObject json, ContractTerms terms) {
        return json.put("kind", terms.kind().name()).put("prices", new JsonArray(terms.prices().stream()
                .map(p -> (Object) new JsonObject().put("from", p.from().toString())
                        .put("unitPrice", CostRoutes.plain(p.unitPrice()))).toList()));
    }

    private void get(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        boolean manager = Access.caller(ctx).role().atLeast(Caller.Role.MANAGER);
        contracts.find(id, Access.caller(ctx).scope())
                .map(found -> PrisonScoped.pick(ctx, "contract", id, found, c -> c.workshop().prison()))
                .compose(contract -> withStatus(contract).compose(json -> !manager ? Future.succeededFuture(json)
                        : contracts.terms(contract.workshop().prison())
                        .map(terms -> withTerms(json, terms.getOrDefault(contract.id(), ContractTerms.NONE)))))
                .onSuccess(json -> Requests.json(ctx, 200, json))
                .onFailure(ctx::fail);
    }

    /** {@code ?workshop=MDI/textiles-1} or {@code ?prison=MDI} narrow the list. */
    private void list(RoutingContext ctx) {
        String workshop = ctx.queryParams().get("workshop");
        String prison = ctx.queryParams().get("prison");
        WorkshopKey key = workshop == null ? null : workshopKey(workshop, "workshop");
        PrisonScoped.prisonParam(ctx);
        contracts.list(key != null ? key.prison() : prison, key != null ? key.workshop() : null, Access.caller(ctx).scope())
                .compose(this::withStatuses)
                .onSuccess(array -> Requests.json(ctx, 200, new JsonObject().put("contracts", array)))
                .onFailure(ctx::fail);
    }

    private Future<JsonArray> withStatuses(List<Contract> list) {
        return statuses.statuses(list).map(standings -> {
            JsonArray array = new JsonArray();
            standings.forEach(standing -> array.add(render(standing.contract(), standing.status().orElse(null))));
            return array;
        });
    }

    private Future<JsonObject> withStatus(Contract contract) {
        return statuses.status(contract).map(standing -> render(contract, standing.status().orElse(null)));
    }

    private static JsonObject render(Contract contract, ContractStatus status) {
        JsonObject json = new JsonObject()
                .put("id", contract.id())
                .put("workshop", contract.workshop().toString())
                .put("customer", contract.customer())
                .put("product", contract.product())
                .put("quantity", contract.quantity())
                .put("start", contract.start().toString())
                .put("due", contract.due().toString())
                .put("completed", contract.completed().map(LocalDate::toString).orElse(null));
        if (status != null) {
            json.put("produced", status.produced())
                    .put("progress", FiguresJson.ratio(status.progress()))
                    .put("ratePerHour", FiguresJson.rate(status.ratePerHour()))
                    .put("requiredPerHour", FiguresJson.rate(status.requiredPerHour()))
                    .put("projectedCompletion", FiguresJson.instant(status.projectedCompletion()))
                    .put("status", status.status().name());
        }
        return json;
    }

    private static Contract parse(String id, JsonObject body) {
        WorkshopKey workshop = workshopKey(body.getValue("workshop"), "workshop");
        String customer = Requests.text(body.getValue("customer"), "customer", 120);
        Object product = body.getValue("product");
        if (!(product instanceof String p) || !Identifiers.isProductCode(p)) {
            throw Problem.badRequest("'product' must be the product code the devices send: 1 to 64 of [A-Za-z0-9._-]");
        }
        Object quantity = body.getValue("quantity");
        if (!(quantity instanceof Number q) || q.doubleValue() != Math.floor(q.doubleValue()) || q.longValue() < 1
                || q.longValue() > 1_000_000_000L) {
            throw Problem.badRequest("'quantity' must be a whole number from 1 to 1000000000");
        }
        LocalDate start = date(body.getValue("start"), "start");
        LocalDate due = date(body.getValue("due"), "due");
        if (due.isBefore(start)) {
            throw Problem.badRequest("'due' must not be before 'start'");
        }
        Optional<LocalDate> completed = body.getValue("completed") == null ? Optional.empty()
                : Optional.of(date(body.getValue("completed"), "completed"));
        return new Contract(id, workshop, customer, (String) product, ((Number) quantity).longValue(),
                start, due, completed);
    }

    private static WorkshopKey workshopKey(Object value, String field) {
        return WorkshopKey.parse(value instanceof String s ? s : null)
                .orElseThrow(() -> Problem.badRequest("'" + field + "' must be a workshop key such as MDI/textiles-1"));
    }

    private static LocalDate date(Object value, String field) {
        return Requests.date(value, field, " (in the workshop's time zone)");
    }
}
