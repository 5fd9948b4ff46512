package io.workshopmonitor.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import io.workshopmonitor.domain.Alert;
import io.workshopmonitor.domain.AlertCondition;
import io.workshopmonitor.domain.AlertKind;
import io.workshopmonitor.domain.WorkshopKey;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Alerts, their history, and the webhook deliveries each change owes: every change of state is one
 * transaction that updates the alert, appends its event and queues a delivery per matching webhook, so a
 * crash between them cannot leave an event that no webhook will ever hear of.
 */
public final class AlertStore {

    private static final String COLUMNS = """
            id, prison, workshop, kind, subject, severity, state, value, threshold, text, opened_at,
            acknowledged_at, acknowledged_by, ack_comment, resolved_at""";
    /** Any unique index may refuse the row: an active alert for the identity, or a missed target raised before. */
    private static final String OPEN = """
            INSERT INTO alerts (id, prison, workshop, kind, subject, identity, severity, state, value, threshold, text,
                                opened_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, 'OPEN', $8, $9, $10, $11)
            ON CONFLICT DO NOTHING RETURNING\s""" + COLUMNS;
    private static final String RESOLVE = """
            UPDATE alerts SET state = 'RESOLVED', resolved_at = $2 WHERE id = $1 AND state <> 'RESOLVED'
            RETURNING\s""" + COLUMNS;
    /** A workshop's earlier missed targets still active when a later session's is raised. */
    private static final String SUPERSEDE = """
            UPDATE alerts SET state = 'RESOLVED', resolved_at = $4
            WHERE prison = $1 AND workshop = $2 AND kind = 'TARGET_MISSED' AND state <> 'RESOLVED' AND id <> $3
            RETURNING\s""" + COLUMNS;
    private static final String ACKNOWLEDGE = """
            UPDATE alerts SET state = 'ACKNOWLEDGED', acknowledged_at = $2, acknowledged_by = $3, ack_comment = $4
            WHERE id = $1 AND state = 'OPEN' RETURNING\s""" + COLUMNS;
    private static final String GET = "SELECT " + COLUMNS + " FROM alerts WHERE id = $1";
    private static final String ACTIVE = "SELECT " + COLUMNS + " FROM alerts WHERE state <> 'RESOLVED' ORDER BY opened_at";
    private static final String EVENT = "INSERT INTO alert_events (alert_id, at, state, by_whom, comment) VALUES ($1, $2, $3, $4, $5)";
    private static final String HISTORY = "SELECT at, state, by_whom, comment FROM alert_events WHERE alert_id = $1 ORDER BY id";
    private static final String QUEUE_DELIVERIES = """
            INSERT INTO webhook_deliveries (id, webhook_prison, webhook_id, alert_id, event, body, created_at, next_attempt_at)
            SELECT gen_random_uuid(), prison, id, $1, $2, $3, $4, $4 FROM webhooks
            WHERE prison = $5 AND (workshop IS NULL OR workshop = $6)""";

    /** What a webhook receives for an alert's change of state. */
    public interface WebhookBody extends Function<Alert, String> {
    }

    /** A filter for listing; null fields do not narrow. */
    public record Filter(Alert.State state, String prison, String workshop, AlertKind kind, Instant since, int limit,
                         Optional<List<String>> prisons) {
    }

    /** One step of an alert's history. */
    public record Event(Instant at, Alert.State state, String by, String comment) {
    }

    /**
     * @param current the alert after the call, or null when there is no such alert
     * @param changes each state the alert went through, in order; empty when it was not open
     */
    public record Acknowledgement(Alert current, List<Alert> changes) {
    }

    private final Pool pool;
    private final WebhookBody webhookBody;

    public AlertStore(Pool pool, WebhookBody webhookBody) {
        this.pool = pool;
        this.webhookBody = webhookBody;
    }

    /** @return the new alert, or empty when one for the same condition is already active or was raised for good */
    public Future<Optional<Alert>> open(AlertCondition condition, Instant at) {
        return pool.withTransaction(conn -> conn.preparedQuery(OPEN).execute(Tuple.wrap(new Object[]{
                        UUID.randomUUID(), condition.workshop().prison(), condition.workshop().workshop(),
                        condition.kind().name(), condition.subject(), condition.identity(), condition.severity().name(),
                        condition.value(), condition.threshold(), condition.text(), Sql.timestamp(at)}))
                .compose(rows -> rows.size() == 0 ? Future.succeededFuture(Optional.<Alert>empty())
                        : changed(conn, alert(rows.iterator().next()), at, null, null).map(Optional::of)));
    }

    /** @return the resolved alert, or empty when it was already resolved (by an acknowledgement, say) */
    public Future<Optional<Alert>> resolve(UUID id, Instant at) {
        return pool.withTransaction(conn -> conn.preparedQuery(RESOLVE).execute(Tuple.of(id, Sql.timestamp(at)))
                .compose(rows -> rows.size() == 0 ? Future.succeededFuture(Optional.<Alert>empty())
                        : changed(conn, alert(rows.iterator().next()), at, null, null).map(Optional::of)));
    }

    /**
     * Resolves the workshop's earlier missed targets that nobody acknowledged, now that {@code latest} reports a
     * later session's: at most one missed target is open per workshop, so open counts cannot grow session after
     * session. Each one's history says why ("superseded").
     */
    public Future<List<Alert>> supersede(Alert latest, Instant at) {
        return pool.withTransaction(conn -> conn.preparedQuery(SUPERSEDE)
                .execute(Tuple.of(latest.workshop().prison(), latest.workshop().workshop(), latest.id(), Sql.timestamp(at)))
                .compose(rows -> {
                    List<Alert> resolved = new java.util.ArrayList<>();
                    rows.forEach(row -> resolved.add(alert(row)));
                    Future<Void> chain = Future.succeededFuture();
                    for (Alert alert : resolved) {
                        chain = chain.compose(ignored -> changed(conn, alert, at, null,
                                "superseded by the missed target of a later session").mapEmpty());
                    }
                    return chain.map(resolved);
                }));
    }

    /** Acknowledges an open alert; one that only an acknowledgement ends is resolved in the same transaction. */
    public Future<Acknowledgement> acknowledge(UUID id, String by, String comment, Instant at) {
        return pool.withTransaction(conn -> conn.preparedQuery(ACKNOWLEDGE)
                .execute(Tuple.of(id, Sql.timestamp(at), Sql.text(by), Sql.text(comment)))
                .compose(rows -> {
                    if (rows.size() == 0) {
                        return conn.preparedQuery(GET).execute(Tuple.of(id))
                                .map(found -> new Acknowledgement(found.size() == 0 ? null : alert(found.iterator().next()), List.of()));
                    }
                    Alert acknowledged = alert(rows.iterator().next());
                    Future<Alert> first = changed(conn, acknowledged, at, by, comment);
                    if (acknowledged.kind().resolvesByItself()) {
                        return first.map(a -> new Acknowledgement(a, List.of(a)));
                    }
                    return first.compose(a -> conn.preparedQuery(RESOLVE).execute(Tuple.of(id, Sql.timestamp(at))))
                            .compose(resolved -> changed(conn, alert(resolved.iterator().next()), at, by, null))
                            .map(resolved -> new Acknowledgement(resolved, List.of(acknowledged, resolved)));
                }));
    }

    private Future<Alert> changed(SqlConnection conn, Alert alert, Instant at, String by, String comment) {
        return conn.preparedQuery(EVENT)
                .execute(Tuple.of(alert.id(), Sql.timestamp(at), alert.state().name(), Sql.text(by), Sql.text(comment)))
                .compose(ignored -> conn.preparedQuery(QUEUE_DELIVERIES).execute(Tuple.wrap(new Object[]{
                        alert.id(), alert.state().name(), webhookBody.apply(alert), Sql.timestamp(at),
                        alert.workshop().prison(), alert.workshop().workshop()})))
                .map(alert);
    }

    public Future<Optional<Alert>> get(UUID id) {
        return pool.preparedQuery(GET).execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(alert(rows.iterator().next())));
    }

    public Future<List<Event>> history(UUID id) {
        return pool.preparedQuery(HISTORY).execute(Tuple.of(id)).map(rows -> {
            List<Event> events = new ArrayList<>();
            for (Row row : rows) {
                events.add(new Event(row.getOffsetDateTime("at").toInstant(), Alert.State.valueOf(row.getString("state")),
                        row.getString("by_whom"), row.getString("comment")));
            }
            return events;
        });
    }

    /** Alerts not yet resolved, oldest first: what the service restores at start. */
    public Future<List<Alert>> active() {
        return pool.query(ACTIVE).execute().map(AlertStore::alerts);
    }

    /** Newest first. */
    public Future<List<Alert>> list(Filter filter) {
        List<Object> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS).append(" FROM alerts WHERE true");
        if (filter.state() != null) {
            params.add(filter.state().name());
            sql.append(" AND state = $").append(params.size());
        }
        if (filter.prison() != null) {
            params.add(filter.prison());
            sql.append(" AND prison = $").append(params.size());
        }
        if (filter.workshop() != null) {
            params.add(filter.workshop());
            sql.append(" AND workshop = $").append(params.size());
        }
        if (filter.kind() != null) {
            params.add(filter.kind().name());
            sql.append(" AND kind = $").append(params.size());
        }
        if (filter.prisons().isPresent()) {
            params.add(Sql.prisons(filter.prisons()));
            sql.append(" AND prison = ANY($").append(params.size()).append("::text[])");
        }
        if (filter.since() != null) {
            params.add(Sql.timestamp(filter.since()));
            sql.append(" AND opened_at >= $").append(params.size());
        }
        params.add(filter.limit());
        sql.append(" ORDER BY opened_at DESC, id LIMIT $").append(params.size());
        return pool.preparedQuery(sql.toString()).execute(Tuple.wrap(params)).map(AlertStore::alerts);
    }

    private static List<Alert> alerts(RowSet<Row> rows) {
        List<Alert> alerts = new ArrayList<>();
        for (Row row : rows) {
            alerts.add(alert(row));
        }
        return alerts;
    }

    private static Alert alert(Row row) {
        return new Alert(row.getUUID("id"), AlertKind.valueOf(row.getString("kind")),
                new WorkshopKey(row.getString("prison"), row.getString("workshop")), row.getString("subject"),
                AlertCondition.Severity.valueOf(row.getString("severity")), Alert.State.valueOf(row.getString("state")),
                row.getDouble("value"), row.getDouble("threshold"), row.getString("text"), instant(row, "opened_at"),
                instant(row, "acknowledged_at"), row.getString("acknowledged_by"), row.getString("ack_comment"),
                instant(row, "resolved_at"));
    }

    private static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }
}
