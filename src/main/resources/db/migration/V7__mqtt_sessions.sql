-- MQTT sessions of the endpoint's clients that asked for one to be kept (clean session / clean start off), so
-- the CONNACK after a reconnect, or after a restart of the service, can truly say "session present" and the
-- client resends what was not acknowledged. The session's state is otherwise empty: the endpoint takes no
-- subscriptions, and a resent reading is recognised by its id. expiry_seconds: -1 never (MQTT 3.1.1), else the
-- MQTT 5 Session Expiry Interval, counted from disconnected_at.
CREATE TABLE mqtt_sessions (
    client_id       text        PRIMARY KEY,
    expiry_seconds  bigint      NOT NULL,
    disconnected_at timestamptz
);
