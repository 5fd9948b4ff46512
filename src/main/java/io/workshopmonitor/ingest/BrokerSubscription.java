package io.workshopmonitor.ingest;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.workshopmonitor.config.AppConfig;
import org.slf4j.Logger;

/**
 * Broker mode's one subscription to the broker, the same over MQTT 3.1.1 ({@link BrokerSubscriber}) and MQTT 5
 * ({@link Mqtt5BrokerSubscriber}): a persistent session so the broker keeps what arrives while the service is
 * away, each message acknowledged only once its reading has committed and only on the connection it came on,
 * and reconnects with doubling back-off when the broker goes away or the database falls behind. The subclasses
 * speak their client library; everything else is here, on one context.
 */
abstract class BrokerSubscription {

    protected final Vertx vertx;
    protected final AppConfig.MqttConfig config;
    protected final AppConfig.BrokerAddress broker;
    private final Ingestor ingestor;
    private final Logger log;
    /** Bumped on every connection and disconnection, so an acknowledgement never crosses into a later one. */
    private long connection;
    private long backoffMs;
    private boolean reconnectPending;
    private boolean stopped;
    private volatile boolean connected;

    protected BrokerSubscription(Vertx vertx, AppConfig.MqttConfig config, Ingestor ingestor, Logger log) {
        this.vertx = vertx;
        this.config = config;
        this.broker = config.broker().orElseThrow();
        this.ingestor = ingestor;
        this.log = log;
    }

    /** Connects and subscribes to the configured filter at QoS 1; the future says whether the broker kept the session. */
    protected abstract Future<Boolean> connectAndSubscribe();

    /** The client's own view: a connection is open. */
    protected abstract boolean clientConnected();

    /** Drops the connection on purpose; {@link #disconnected} follows when it is down. */
    protected abstract void leave();

    /** Closes the client for good. */
    protected abstract Future<Void> close(boolean wasConnected);

    /** How the log names the protocol, e.g. " over MQTT 5". */
    protected abstract String protocol();

    /**
     * Starts connecting and returns at once: a broker that is down at start-up is retried like one lost
     * later, and readiness stays false until it is reached.
     */
    Future<Void> start(boolean cluster) {
        // in a cluster every reading goes to its workshop's one owner, whichever instance the broker chose
        config.sharedGroup().filter(group -> !cluster).ifPresent(group -> log.warn("shared subscription {}: counts are right only if the broker "
                + "sends all of a station's messages to the same instance (EMQX strategy hash_topic); "
                + "round-robin sharing splits a station's readings between instances; cluster mode (kafka.bootstrapServers) "
                + "counts right under any strategy", group));
        connect();
        return Future.succeededFuture();
    }

    /** Connected and subscribed: readiness. */
    boolean connected() {
        return connected;
    }

    Future<Void> stop() {
        stopped = true;
        return close(connected);
    }

    private void connect() {
        connectAndSubscribe()
                .onSuccess(sessionPresent -> {
                    connection++;
                    connected = true;
                    backoffMs = 0;
                    log.info("subscribed to {} on broker {}:{}{} (session present: {})", config.subscriptionFilter(),
                            broker.host(), broker.port(), protocol(), sessionPresent);
                })
                .onFailure(failure -> {
                    log.warn("cannot connect to MQTT broker {}:{}: {}", broker.host(), broker.port(), failure.toString());
                    if (clientConnected()) {
                        leave();
                    } else {
                        scheduleReconnect();
                    }
                });
    }

    /** A message from the broker, acknowledged by {@code ack} once its reading has committed. */
    protected void received(String topic, byte[] payload, boolean needsAck, Runnable ack) {
        long receivedOn = connection;
        ingestor.accept(topic, payload)
                .onSuccess(outcome -> {
                    if (needsAck && receivedOn == connection && clientConnected()) {
                        ack.run();
                    }
                })
                .onFailure(failure -> {
                    // the broker redelivers everything unacknowledged once we are back
                    log.warn("leaving broker until the database catches up: {}", failure.getMessage());
                    if (clientConnected()) {
                        connection++;
                        leave();
                    }
                });
    }

    /** The connection is down, lost or left: reconnect after the back-off. */
    protected void disconnected(String why) {
        if (connected && !stopped) {
            log.warn("lost MQTT broker {}:{}: {}", broker.host(), broker.port(), why);
        }
        connected = false;
        connection++;
        scheduleReconnect();
    }

    /** One reconnection pending at a time, however many ways the client says it is down. */
    private void scheduleReconnect() {
        if (stopped || reconnectPending) {
            return;
        }
        reconnectPending = true;
        backoffMs = Math.min(config.reconnectMaxSeconds() * 1000L, backoffMs == 0 ? 500 : backoffMs * 2);
        vertx.setTimer(backoffMs, id -> {
            reconnectPending = false;
            if (!stopped && !clientConnected()) {
                connect();
            }
        });
    }
}
