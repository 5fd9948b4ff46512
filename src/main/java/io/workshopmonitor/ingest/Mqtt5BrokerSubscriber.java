package io.workshopmonitor.ingest;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.workshopmonitor.config.AppConfig;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;

/**
 * Broker mode over MQTT 5 (Eclipse Paho's client, as Vert.x's speaks only 3.1.1): clean start off with a session
 * that does not expire, so the broker keeps what arrives while the service is away; each message acknowledged
 * (manual acks) only once its reading has committed, in the order they came. Paho calls back on its own threads:
 * everything is handed to this verticle's context, as with the 3.1.1 subscriber.
 */
final class Mqtt5BrokerSubscriber extends BrokerSubscription {

    private static final Logger LOG = LoggerFactory.getLogger(Mqtt5BrokerSubscriber.class);
    /** The largest Session Expiry Interval: the session outlives any absence of the service. */
    private static final long NEVER_EXPIRES = 0xFFFF_FFFFL;

    private final Context context;
    private final MqttAsyncClient client;
    private final MqttConnectionOptions options;

    Mqtt5BrokerSubscriber(Vertx vertx, AppConfig.MqttConfig config, Ingestor ingestor) {
        super(vertx, config, ingestor, LOG);
        this.context = vertx.getOrCreateContext();
        try {
            this.client = new MqttAsyncClient((broker.tls() ? "ssl://" : "tcp://") + broker.host() + ":" + broker.port(),
                    config.clientId(), new MemoryPersistence());
        } catch (MqttException e) {
            throw new IllegalStateException("cannot create the MQTT 5 client: " + e.getMessage(), e);
        }
        client.setManualAcks(true);
        client.setCallback(new Callback());
        options = new MqttConnectionOptions();
        options.setCleanStart(false);
        options.setSessionExpiryInterval(NEVER_EXPIRES);
        options.setAutomaticReconnect(false);
        options.setKeepAliveInterval(30);
        options.setReceiveMaximum(65_535);
        options.setConnectionTimeout(10);
        config.username().ifPresent(options::setUserName);
        config.password().ifPresent(password -> options.setPassword(password.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        if (broker.tls()) {
            options.setHttpsHostnameVerificationEnabled(true);
            broker.caPath().ifPresent(ca -> options.setSocketFactory(trusting(ca).getSocketFactory()));
        }
    }

    @Override
    protected Future<Boolean> connectAndSubscribe() {
        return call(listener -> client.connect(options, null, listener))
                .compose(token -> call(listener -> client.subscribe(new MqttSubscription[] {
                        new MqttSubscription(config.subscriptionFilter(), 1)}, null, listener, new MqttProperties()))
                        .map(token.getSessionPresent()));
    }

    @Override
    protected boolean clientConnected() {
        return client.isConnected();
    }

    /** Paho tells of a disconnection it was asked for only through the call: the back-off starts from there. */
    @Override
    protected void leave() {
        call(listener -> client.disconnect(1_000L, null, listener, 0, new MqttProperties()))
                .onComplete(ignored -> disconnected("left on purpose"));
    }

    @Override
    protected Future<Void> close(boolean wasConnected) {
        Future<Void> disconnected = client.isConnected()
                ? call(listener -> client.disconnect(5_000L, null, listener, 0, new MqttProperties()))
                        .<Void>mapEmpty().recover(e -> Future.succeededFuture())
                : Future.succeededFuture();
        return disconnected.compose(ignored -> vertx.executeBlocking(() -> {
            client.close(true);
            return null;
        }));
    }

    @Override
    protected String protocol() {
        return " over MQTT 5";
    }

    private void arrived(String topic, MqttMessage message) {
        received(topic, message.getPayload(), message.getQos() > 0, () -> {
            try {
                client.messageArrivedComplete(message.getId(), message.getQos());
            } catch (MqttException e) {
                LOG.debug("acknowledgement not sent: {}", e.toString());
            }
        });
    }

    /** A Paho call as a future completed on this verticle's context. */
    private Future<IMqttToken> call(PahoCall call) {
        Promise<IMqttToken> promise = Promise.promise();
        MqttActionListener listener = new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                context.runOnContext(v -> promise.tryComplete(token));
            }

            @Override
            public void onFailure(IMqttToken token, Throwable failure) {
                context.runOnContext(v -> promise.tryFail(failure));
            }
        };
        try {
            call.run(listener);
        } catch (MqttException | RuntimeException e) {
            promise.tryFail(e);
        }
        return promise.future();
    }

    @FunctionalInterface
    private interface PahoCall {
        void run(MqttActionListener listener) throws MqttException;
    }

    private final class Callback implements MqttCallback {
        @Override
        public void disconnected(MqttDisconnectResponse response) {
            context.runOnContext(v -> Mqtt5BrokerSubscriber.this.disconnected(String.valueOf(
                    response.getReasonString() != null ? response.getReasonString() : response.getException())));
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            LOG.debug("MQTT 5 client: {}", exception.toString());
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            context.runOnContext(v -> arrived(topic, message));
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
            // the service publishes nothing
        }

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
            // subscribing follows the connect's own completion
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
            // no enhanced authentication
        }
    }

    /** An SSL context that trusts the certificates of one PEM file. */
    private static SSLContext trusting(java.nio.file.Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("ca-" + i++, certificate);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (Exception e) {
            throw new IllegalStateException("mqtt.brokerCaPath (" + pem + "): not a PEM certificate file: " + e.getMessage(), e);
        }
    }
}
