package io.workshopmonitor.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import io.workshopmonitor.domain.Contract;
import io.workshopmonitor.domain.WorkshopKey;

import java.util.ArrayList;
import java.util.List;
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

    private final Pool pool;

    public ContractStore(Pool pool) {
        this.pool = pool;
    }

    /** @return true when created, false when replaced */
    public Future<Boolean> put(Contract contract) {
        return pool.preparedQuery(UPSERT).execute(Tuple.from(List.of(contract.id(), contract.workshop().prison(),
                        contract.workshop().workshop(), contract.customer(), contract.product(), contract.quantity(),
                        contract.start(), contract.due())).addValue(contract.completed().orElse(null)))
                .map(rows -> rows.iterator().next().getBoolean("created"));
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
