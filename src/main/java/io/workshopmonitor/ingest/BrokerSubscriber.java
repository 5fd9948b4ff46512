package io.workshopmonitor.ingest;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.mqtt.MqttClient;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.mqtt.MqttClientOptions;
import io.vertx.mqtt.messages.MqttConnAckMessage;
import io.vertx.mqtt.messages.MqttPublishMessage;
import io.workshopmonitor.config.AppConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Broker mode: the service is one subscriber of an existing broker, with a persistent session (clean
 * session off) so the broker keeps what arrives while the service is away, and acknowledges each message
 * only once its reading has committed. Reconnects with doubling back-off when the broker goes away.
 */
final class BrokerSubscriber implements BrokerSubscription {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerSubscriber.class);

    private final Vertx vertx;
    private final AppConfig.MqttConfig config;
    private final AppConfig.BrokerAddress broker;
    private final Ingestor ingestor;
    private final MqttClient client;
    /** Bumped on every connection, so an acknowledgement never crosses into a later connection. */
    private long connection;
    private long backoffMs;
    private boolean stopped;
    private volatile boolean connected;

    BrokerSubscriber(Vertx vertx, AppConfig.MqttConfig config, Ingestor ingestor) {
        this.vertx = vertx;
        this.config = config;
        this.broker = config.broker().orElseThrow();
        this.ingestor = ingestor;
        MqttClientOptions options = new MqttClientOptions()
                .setClientId(config.clientId())
                .setCleanSession(false)
                .setAutoKeepAlive(true)
                .setKeepAliveInterval(30)
                .setMaxMessageSize(Math.max(64 * 1024, config.maxPayloadBytes() * 4))
                .setMaxInflightQueue(65_535);
        options.setAutoAck(false);
        if (broker.tls()) {
            options.setSsl(true).setHostnameVerificationAlgorithm("HTTPS");
            broker.caPath().ifPresent(ca -> options.setTrustOptions(new PemTrustOptions().addCertPath(ca.toString())));
        }
        config.username().ifPresent(options::setUsername);
        config.password().ifPresent(options::setPassword);
        this.client = MqttClient.create(vertx, options)
                .publishHandler(this::received)
                .closeHandler(ignored -> disconnected());
    }

    /**
     * Starts connecting and returns at once: a broker that is down at start-up is retried like one lost
     * later, and readiness stays false until it is reached.
     */
    @Override
    public Future<Void> start(boolean cluster) {
        BrokerSubscription.warnOfSharing(config, cluster, LOG);
        connect();
        return Future.succeededFuture();
    }

    @Override
    public boolean connected() {
        return connected;
    }

    @Override
    public Future<Void> stop() {
        stopped = true;
        return connected ? client.disconnect() : Future.succeededFuture();
    }

    private Future<MqttConnAckMessage> connect() {
        return client.connect(broker.port(), broker.host())
                .compose(ack -> client.subscribe(config.subscriptionFilter(), MqttQoS.AT_LEAST_ONCE.value()).map(ack))
                .onSuccess(ack -> {
                    connection++;
                    connected = true;
                    backoffMs = 0;
                    LOG.info("subscribed to {} on broker {}:{} (session present: {})", config.subscriptionFilter(),
                            broker.host(), broker.port(), ack.isSessionPresent());
                })
                .onFailure(failure -> {
                    LOG.warn("cannot connect to MQTT broker {}:{}: {}", broker.host(), broker.port(), failure.toString());
                    if (client.isConnected()) {
                        client.disconnect();
                    } else {
                        scheduleReconnect();
                    }
                });
    }

    private void received(MqttPublishMessage message) {
        long receivedOn = connection;
        ingestor.accept(message.topicName(), message.payload().getBytes())
                .onSuccess(outcome -> {
                    if (receivedOn == connection && client.isConnected() && message.qosLevel() != MqttQoS.AT_MOST_ONCE) {
                        message.ack();
                    }
                })
                .onFailure(failure -> {
                    // The broker redelivers everything unacknowledged once we are back.
                    LOG.warn("leaving broker until the database catches up: {}", failure.getMessage());
                    if (client.isConnected()) {
                        client.disconnect();
                    }
                });
    }

    private void disconnected() {
        if (connected && !stopped) {
            LOG.warn("lost MQTT broker {}:{}", broker.host(), broker.port());
        }
        connected = false;
        scheduleReconnect();
    }

    private void scheduleReconnect() {
        if (stopped) {
            return;
        }
        backoffMs = BrokerSubscription.nextBackoff(backoffMs, config);
        vertx.setTimer(backoffMs, id -> {
            if (!stopped && !client.isConnected()) {
                connect();
            }
        });
    }
}
