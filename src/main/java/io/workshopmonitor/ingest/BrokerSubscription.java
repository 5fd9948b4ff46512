package io.workshopmonitor.ingest;

import io.vertx.core.Future;
import io.workshopmonitor.config.AppConfig;
import org.slf4j.Logger;

/**
 * Broker mode's one subscription to the broker, over MQTT 3.1.1 ({@link BrokerSubscriber}) or MQTT 5
 * ({@link Mqtt5BrokerSubscriber}): a persistent session, each message acknowledged only once its reading has
 * committed, reconnects with doubling back-off.
 */
interface BrokerSubscription {

    /** Starts connecting and returns at once: a broker down at start-up is retried like one lost later. */
    Future<Void> start(boolean cluster);

    /** Connected and subscribed: readiness. */
    boolean connected();

    Future<Void> stop();

    /** Round-robin sharing splits a station's readings between single nodes, which count their gaps twice. */
    static void warnOfSharing(AppConfig.MqttConfig config, boolean cluster, Logger log) {
        // in a cluster every reading goes to its workshop's one owner, whichever instance the broker chose
        config.sharedGroup().filter(group -> !cluster).ifPresent(group -> log.warn("shared subscription {}: counts are right only if the broker "
                + "sends all of a station's messages to the same instance (EMQX strategy hash_topic); "
                + "round-robin sharing splits a station's readings between instances; cluster mode (kafka.bootstrapServers) "
                + "counts right under any strategy", group));
    }

    /** Doubling back-off from half a second up to the configured ceiling. */
    static long nextBackoff(long current, AppConfig.MqttConfig config) {
        return Math.min(config.reconnectMaxSeconds() * 1000L, current == 0 ? 500 : current * 2);
    }
}
