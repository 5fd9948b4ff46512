package io.workshopmonitor.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import io.workshopmonitor.domain.Contract;
import io.workshopmonitor.domain.ContractTerms;
import io.workshopmonitor.domain.WorkshopKey;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

public final class ContractStore {

    private static final String UPSERT = """
            INSERT INTO contracts (id, prison, workshop, customer, product, quantity, start_date, due_date, completed)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            ON CONFLICT (prison, id) DO UPDATE SET workshop = EXCLUDED.workshop,
               customer = EXCLUDED.customer, product = EXCLUDED.product, quantity = EXCLUDED.quantity,
               start_date = EXCLUDED.start_date, due_date = EXCLUDED.due_date, completed = EXCLUDED.completed,
               updated_at = now()
            RETURNING (xmax = 0) AS created""";
    private static final String SELECT = """
            SELECT id, prison, workshop, customer, product, quantity, start_date, due_date, completed FROM contracts
            WHERE ($1::text IS NULL OR id = $1) AND ($2::text IS NULL OR prison = $2)
              AND ($3::text IS NULL OR workshop = $3) AND ($4::text[] IS NULL OR prison = ANY($4))
            ORDER BY due_date, id, prison""";

    private static final String SET_KIND = "UPDATE contracts SET kind = $3 WHERE prison = $1 AND id = $2";
    private static final String CLEAR_PRICES = "DELETE FROM contract_prices WHERE prison = $1 AND contract = $2";
    private static final String ADD_PRICE = """
            INSERT INTO contract_prices (prison, contract, effective, unit_price) VALUES ($1, $2, $3, $4)""";
    private static final String TERMS = """
            SELECT c.id, c.kind, p.effective, p.unit_price FROM contracts c
            LEFT JOIN contract_prices p ON p.prison = c.prison AND p.contract = c.id
            WHERE c.prison = $1 ORDER BY c.id, p.effective""";

    private final Pool pool;

    public ContractStore(Pool pool) {
        this.pool = pool;
    }

    /** @return true when created, false when replaced */
    public Future<Boolean> put(Contract contract) {
        return put(contract, Optional.empty());
    }

    /**
     * The contract and its terms in one transaction: a reader never sees the new quantity with old prices.
     * Without terms, a new contract is EXTERNAL with no prices and an existing one keeps its own.
     */
    public Future<Boolean> put(Contract contract, Optional<ContractTerms> replacing) {
        if (replacing.isEmpty()) {
            return pool.preparedQuery(UPSERT).execute(row(contract)).map(rows -> rows.iterator().next().getBoolean("created"));
        }
        ContractTerms terms = replacing.get();
        String prison = contract.workshop().prison();
        return pool.withTransaction(conn -> conn.preparedQuery(UPSERT).execute(row(contract))
                .map(rows -> rows.iterator().next().getBoolean("created"))
                .compose(created -> conn.preparedQuery(SET_KIND).execute(Tuple.of(prison, contract.id(), terms.kind().name()))
                        .compose(done -> conn.preparedQuery(CLEAR_PRICES).execute(Tuple.of(prison, contract.id())))
                        .compose(done -> terms.prices().isEmpty() ? Future.succeededFuture()
                                : conn.preparedQuery(ADD_PRICE).executeBatch(terms.prices().stream()
                                .map(p -> Tuple.of(prison, contract.id(), p.from(), p.unitPrice())).toList()))
                        .map(done -> created)));
    }

    private static Tuple row(Contract contract) {
        return Tuple.from(List.of(contract.id(), contract.workshop().prison(), contract.workshop().workshop(),
                contract.customer(), contract.product(), contract.quantity(), contract.start(), contract.due()))
                .addValue(contract.completed().orElse(null));
    }

    /** Every contract's terms in a prison, by contract id. */
    public Future<Map<String, ContractTerms>> terms(String prison) {
        return pool.preparedQuery(TERMS).execute(Tuple.of(prison)).map(rows -> {
            Map<String, ContractTerms.Kind> kinds = new LinkedHashMap<>();
            Map<String, List<ContractTerms.PriceChange>> prices = new HashMap<>();
            for (Row row : rows) {
                String id = row.getString("id");
                kinds.put(id, ContractTerms.Kind.valueOf(row.getString("kind")));
                List<ContractTerms.PriceChange> list = prices.computeIfAbsent(id, k -> new ArrayList<>());
                if (row.getLocalDate("effective") != null) {
                    list.add(new ContractTerms.PriceChange(row.getLocalDate("effective"), row.getBigDecimal("unit_price")));
                }
            }
            Map<String, ContractTerms> terms = new LinkedHashMap<>();
            kinds.forEach((id, kind) -> terms.put(id, new ContractTerms(kind, prices.get(id))));
            return terms;
        });
    }

    /** The contracts with this id in the caller's prisons (empty: every prison); ids are per prison. */
    public Future<List<Contract>> find(String id, Optional<List<String>> prisons) {
        return select(id, null, null, prisons);
    }

    /** All contracts, or those of one prison, or of one workshop. */
    public Future<List<Contract>> list(String prison, String workshop) {
        return list(prison, workshop, Optional.empty());
    }

    public Future<List<Contract>> list(String prison, String workshop, Optional<List<String>> prisons) {
        return select(null, prison, workshop, prisons);
    }

    private Future<List<Contract>> select(String id, String prison, String workshop, Optional<List<String>> prisons) {
        return pool.preparedQuery(SELECT).execute(Tuple.of(id, prison, workshop, Sql.prisons(prisons)))
                .map(ContractStore::contracts);
    }

    private static List<Contract> contracts(RowSet<Row> rows) {
        List<Contract> contracts = new ArrayList<>();
        for (Row row : rows) {
            contracts.add(new Contract(row.getString("id"), new WorkshopKey(row.getString("prison"), row.getString("workshop")),
                    row.getString("customer"), row.getString("product"), row.getLong("quantity"),
                    row.getLocalDate("start_date"), row.getLocalDate("due_date"),
                    Optional.ofNullable(row.getLocalDate("completed"))));
        }
        return contracts;
    }
}
