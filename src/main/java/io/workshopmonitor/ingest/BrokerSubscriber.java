package io.workshopmonitor.ingest;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.mqtt.MqttClient;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.mqtt.MqttClientOptions;
import io.workshopmonitor.config.AppConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Broker mode over MQTT 3.1.1, with Vert.x's client: clean session off, QoS 1, manual acknowledgements
 * ({@link BrokerSubscription} holds the lifecycle).
 */
final class BrokerSubscriber extends BrokerSubscription {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerSubscriber.class);

    private final MqttClient client;

    BrokerSubscriber(Vertx vertx, AppConfig.MqttConfig config, Ingestor ingestor) {
        super(vertx, config, ingestor, LOG);
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
                .publishHandler(message -> received(message.topicName(), message.payload().getBytes(),
                        message.qosLevel() != MqttQoS.AT_MOST_ONCE, message::ack))
                .closeHandler(ignored -> disconnected("connection closed"));
    }

    @Override
    protected Future<Boolean> connectAndSubscribe() {
        return client.connect(broker.port(), broker.host())
                .compose(ack -> client.subscribe(config.subscriptionFilter(), MqttQoS.AT_LEAST_ONCE.value())
                        .map(ack.isSessionPresent()));
    }

    @Override
    protected boolean clientConnected() {
        return client.isConnected();
    }

    @Override
    protected void leave() {
        client.disconnect();
    }

    @Override
    protected Future<Void> close(boolean wasConnected) {
        return wasConnected ? client.disconnect() : Future.succeededFuture();
    }

    @Override
    protected String protocol() {
        return "";
    }
}
