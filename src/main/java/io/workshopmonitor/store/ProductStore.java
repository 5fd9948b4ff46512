package io.workshopmonitor.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import io.workshopmonitor.domain.Product;

import java.util.ArrayList;
import java.util.List;

/** A prison's product catalogue: standard costs and transfer prices by product code. */
public final class ProductStore {

    private static final String UPSERT = """
            INSERT INTO products (prison, code, name, material_cost, standard_minutes, transfer_price)
            VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (prison, code) DO UPDATE SET name = EXCLUDED.name, material_cost = EXCLUDED.material_cost,
               standard_minutes = EXCLUDED.standard_minutes, transfer_price = EXCLUDED.transfer_price, updated_at = now()
            RETURNING (xmax = 0) AS created""";
    private static final String SELECT = """
            SELECT prison, code, name, material_cost, standard_minutes, transfer_price FROM products
            WHERE prison = $1 ORDER BY code""";
    private static final String DELETE = "DELETE FROM products WHERE prison = $1 AND code = $2";

    private final Pool pool;

    public ProductStore(Pool pool) {
        this.pool = pool;
    }

    /** @return true when created, false when replaced */
    public Future<Boolean> put(Product product) {
        return pool.preparedQuery(UPSERT).execute(Tuple.of(product.prison(), product.code(), product.name(),
                        product.materialCost(), product.standardMinutes(), product.transferPrice()))
                .map(rows -> rows.iterator().next().getBoolean("created"));
    }

    public Future<List<Product>> list(String prison) {
        return pool.preparedQuery(SELECT).execute(Tuple.of(prison)).map(rows -> {
            List<Product> products = new ArrayList<>();
            for (Row row : rows) {
                products.add(new Product(row.getString("prison"), row.getString("code"), row.getString("name"),
                        row.getBigDecimal("material_cost"), row.getBigDecimal("standard_minutes"),
                        row.getBigDecimal("transfer_price")));
            }
            return products;
        });
    }

    /** @return whether there was such a product */
    public Future<Boolean> delete(String prison, String code) {
        return pool.preparedQuery(DELETE).execute(Tuple.of(prison, code)).map(rows -> rows.rowCount() > 0);
    }
}
