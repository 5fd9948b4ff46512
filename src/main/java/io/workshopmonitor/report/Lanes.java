package io.workshopmonitor.report;

import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Work on many items in a few lanes at once, each lane one item after another: a report over 30 workshops
 * runs a few queries at a time rather than one (too slow) or all (every pooled connection taken from ingest).
 */
final class Lanes {

    /** Report queries in flight at once: half the default pool of 8, the rest left to ingest and the API. */
    static final int WIDTH = 4;

    private Lanes() {
    }

    /** {@code work} applied to every item, results in the items' order. */
    static <T, R> Future<List<R>> map(List<T> items, Function<T, Future<R>> work) {
        Object[] results = new Object[items.size()];
        List<Future<Void>> lanes = new ArrayList<>();
        for (int lane = 0; lane < Math.min(WIDTH, items.size()); lane++) {
            Future<Void> chain = Future.succeededFuture();
            for (int i = lane; i < items.size(); i += WIDTH) {
                int at = i;
                chain = chain.compose(v -> work.apply(items.get(at)).map(result -> {
                    results[at] = result;
                    return null;
                }));
            }
            lanes.add(chain);
        }
        return Future.all(lanes).map(all -> {
            @SuppressWarnings("unchecked")
            List<R> list = (List<R>) Arrays.asList(results);
            return list;
        });
    }
}
