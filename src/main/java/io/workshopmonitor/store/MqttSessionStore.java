package io.workshopmonitor.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

/**
 * The MQTT sessions the endpoint keeps for clients that ask for one (clean session or clean start off), in
 * PostgreSQL so a restarted service still knows them. A session is present while its client is connected, or
 * until its expiry has run since the client went away.
 */
public final class MqttSessionStore {

    /** MQTT 3.1.1 sessions never expire. */
    public static final long NEVER = -1;

    /**
     * Whether a session existed and had not expired, while the row is replaced by one for the new connection
     * (connected: no disconnection time). One statement, so two connections of one client cannot both miss it.
     */
    private static final String RESUME = """
            WITH old AS (SELECT expiry_seconds, disconnected_at FROM mqtt_sessions WHERE client_id = $1 FOR UPDATE),
                 upsert AS (INSERT INTO mqtt_sessions (client_id, expiry_seconds, disconnected_at) VALUES ($1, $2, NULL)
                            ON CONFLICT (client_id) DO UPDATE SET expiry_seconds = $2, disconnected_at = NULL)
            SELECT EXISTS (SELECT 1 FROM old WHERE disconnected_at IS NULL OR expiry_seconds < 0
                           OR disconnected_at + expiry_seconds * interval '1 second' > now())""";
    private static final String END = "DELETE FROM mqtt_sessions WHERE client_id = $1";
    private static final String DISCONNECTED = "UPDATE mqtt_sessions SET disconnected_at = now() WHERE client_id = $1";

    private final Pool pool;

    public MqttSessionStore(Pool pool) {
        this.pool = pool;
    }

    /** A client asks to keep its session: true when one was there to keep. */
    public Future<Boolean> resume(String clientId, long expirySeconds) {
        return pool.preparedQuery(RESUME).execute(Tuple.of(clientId, expirySeconds))
                .map(rows -> rows.iterator().next().getBoolean(0));
    }

    /** A clean start, or a session that ends with its connection. */
    public Future<Void> end(String clientId) {
        return pool.preparedQuery(END).execute(Tuple.of(clientId)).mapEmpty();
    }

    /** The client went away; its session's expiry runs from now. */
    public Future<Void> disconnected(String clientId) {
        return pool.preparedQuery(DISCONNECTED).execute(Tuple.of(clientId)).mapEmpty();
    }
}
