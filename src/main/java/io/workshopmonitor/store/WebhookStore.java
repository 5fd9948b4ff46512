package io.workshopmonitor.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Webhooks per prison or workshop, and the outbox of deliveries they are owed. */
public final class WebhookStore {

    /** A webhook: every alert event of {@code prison} (all its workshops when {@code workshop} is null). */
    public record Webhook(String id, String prison, String workshop, String url, String secret, Instant updatedAt) {
    }

    /** A delivery claimed for sending; {@code attempts} counts this one. */
    public record Delivery(UUID id, String webhookId, UUID alertId, String event, String url, String secret, String body,
                           Instant createdAt, int attempts) {
    }

    private static final String PUT = """
            INSERT INTO webhooks (id, prison, workshop, url, secret, updated_at) VALUES ($1, $2, $3, $4, $5, now())
            ON CONFLICT (prison, id) DO UPDATE SET workshop = $3, url = $4, secret = $5, updated_at = now()
            RETURNING (xmax = 0) AS created, updated_at""";
    private static final String LIST = "SELECT id, prison, workshop, url, secret, updated_at FROM webhooks"
            + " WHERE ($1::text[] IS NULL OR prison = ANY($1)) ORDER BY id";
    private static final String FIND = "SELECT id, prison, workshop, url, secret, updated_at FROM webhooks"
            + " WHERE id = $1 AND ($2::text[] IS NULL OR prison = ANY($2)) ORDER BY prison";
    private static final String DELETE = "DELETE FROM webhooks WHERE prison = $1 AND id = $2";
    /**
     * Claiming pushes {@code next_attempt_at} a lease ahead, so a sender that dies mid-delivery leaves the row to
     * be tried again, and two instances never post the same delivery at once.
     */
    private static final String CLAIM = """
            UPDATE webhook_deliveries d SET attempts = d.attempts + 1, next_attempt_at = now() + $2::float8 * interval '1 second'
            FROM webhooks w
            WHERE w.prison = d.webhook_prison AND w.id = d.webhook_id AND d.id IN (
                SELECT id FROM webhook_deliveries
                WHERE delivered_at IS NULL AND failed_at IS NULL AND next_attempt_at <= now()
                ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED)
            RETURNING d.id, d.webhook_id, d.alert_id, d.event, w.url, w.secret, d.body, d.created_at, d.attempts""";
    private static final String DELIVERED = "UPDATE webhook_deliveries SET delivered_at = now(), last_error = NULL WHERE id = $1";
    private static final String RETRY = """
            UPDATE webhook_deliveries SET next_attempt_at = now() + $2::float8 * interval '1 millisecond', last_error = $3
            WHERE id = $1""";
    private static final String FAILED = "UPDATE webhook_deliveries SET failed_at = now(), last_error = $2 WHERE id = $1";
    private static final String PENDING = """
            SELECT count(*) FROM webhook_deliveries WHERE delivered_at IS NULL AND failed_at IS NULL""";

    private final Pool pool;

    public WebhookStore(Pool pool) {
        this.pool = pool;
    }

    /** @return true when the webhook is new */
    public Future<Boolean> put(Webhook webhook) {
        return pool.preparedQuery(PUT).execute(Tuple.of(webhook.id(), webhook.prison(), webhook.workshop(), webhook.url(),
                        webhook.secret()))
                .map(rows -> rows.iterator().next().getBoolean("created"));
    }

    /** @param prisons the caller's prisons; empty for every prison */
    public Future<List<Webhook>> list(Optional<List<String>> prisons) {
        return pool.preparedQuery(LIST).execute(Tuple.of((Object) Sql.prisons(prisons))).map(rows -> {
            List<Webhook> hooks = new ArrayList<>();
            rows.forEach(row -> hooks.add(webhook(row)));
            return hooks;
        });
    }

    /** The webhooks with this id in the caller's prisons (empty: every prison); ids are per prison. */
    public Future<List<Webhook>> find(String id, Optional<List<String>> prisons) {
        return pool.preparedQuery(FIND).execute(Tuple.of(id, (Object) Sql.prisons(prisons))).map(rows -> {
            List<Webhook> hooks = new ArrayList<>();
            rows.forEach(row -> hooks.add(webhook(row)));
            return hooks;
        });
    }

    public Future<Optional<Webhook>> get(String prison, String id) {
        return find(id, Optional.of(List.of(prison))).map(found -> found.stream().findFirst());
    }

    /** Deleting a webhook drops what it was still owed. */
    public Future<Boolean> delete(String prison, String id) {
        return pool.preparedQuery(DELETE).execute(Tuple.of(prison, id)).map(rows -> rows.rowCount() > 0);
    }

    public Future<List<Delivery>> claimDue(int limit, Duration lease) {
        return pool.preparedQuery(CLAIM).execute(Tuple.of(limit, (double) lease.toSeconds())).map(rows -> {
            List<Delivery> due = new ArrayList<>();
            for (Row row : rows) {
                due.add(new Delivery(row.getUUID("id"), row.getString("webhook_id"), row.getUUID("alert_id"),
                        row.getString("event"), row.getString("url"), row.getString("secret"), row.getString("body"),
                        row.getOffsetDateTime("created_at").toInstant(), row.getInteger("attempts")));
            }
            return due;
        });
    }

    public Future<Void> delivered(UUID id) {
        return pool.preparedQuery(DELIVERED).execute(Tuple.of(id)).mapEmpty();
    }

    public Future<Void> retryAfter(UUID id, Duration delay, String error) {
        return pool.preparedQuery(RETRY).execute(Tuple.of(id, (double) delay.toMillis(), Sql.text(error))).mapEmpty();
    }

    public Future<Void> failed(UUID id, String error) {
        return pool.preparedQuery(FAILED).execute(Tuple.of(id, Sql.text(error))).mapEmpty();
    }

    public Future<Long> pending() {
        return pool.query(PENDING).execute().map(rows -> rows.iterator().next().getLong(0));
    }

    private static Webhook webhook(Row row) {
        return new Webhook(row.getString("id"), row.getString("prison"), row.getString("workshop"), row.getString("url"),
                row.getString("secret"), row.getOffsetDateTime("updated_at").toInstant());
    }
}
