package io.workshopmonitor.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Reads the dead-letter store for {@code GET /ingest/rejected}; ingest writes it with the readings. */
public final class DeadLetterStore {

    private static final String NEWEST = """
            SELECT id, received_at, topic, reason, detail, payload FROM dead_letters
            WHERE ($1::bigint IS NULL OR id < $1)
            ORDER BY id DESC LIMIT $2""";

    public record Entry(long id, Instant receivedAt, String topic, String reason, String detail, String payload) {
    }

    private final Pool pool;

    public DeadLetterStore(Pool pool) {
        this.pool = pool;
    }

    /** Newest first; {@code before} (an id) pages back through older entries. */
    public Future<List<Entry>> newest(Long before, int limit) {
        return pool.preparedQuery(NEWEST).execute(Tuple.of(before, limit)).map(rows -> {
            List<Entry> entries = new ArrayList<>(rows.size());
            for (Row row : rows) {
                entries.add(new Entry(row.getLong("id"), row.getOffsetDateTime("received_at").toInstant(),
                        row.getString("topic"), row.getString("reason"), row.getString("detail"),
                        row.getString("payload")));
            }
            return entries;
        });
    }
}
