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
final class Mqtt5BrokerSubscriber implements BrokerSubscription {

    private static final Logger LOG = LoggerFactory.getLogger(Mqtt5BrokerSubscriber.class);
    /** The largest Session Expiry Interval: the session outlives any absence of the service. */
    private static final long NEVER_EXPIRES = 0xFFFF_FFFFL;

    private final Vertx vertx;
    private final Context context;
    private final AppConfig.MqttConfig config;
    private final AppConfig.BrokerAddress broker;
    private final Ingestor ingestor;
    private final MqttAsyncClient client;
    private final MqttConnectionOptions options;
    /** Bumped on every connection, so an acknowledgement never crosses into a later connection. */
    private long connection;
    private long backoffMs;
    private boolean stopped;
    private volatile boolean connected;

    Mqtt5BrokerSubscriber(Vertx vertx, AppConfig.MqttConfig config, Ingestor ingestor) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.config = config;
        this.broker = config.broker().orElseThrow();
        this.ingestor = ingestor;
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
        if (!client.isConnected()) {
            return closeClient();
        }
        return call(listener -> client.disconnect(5_000L, null, listener, 0, new MqttProperties())).recover(e -> Future.succeededFuture())
                .compose(ignored -> closeClient());
    }

    private Future<Void> closeClient() {
        return vertx.executeBlocking(() -> {
            client.close(true);
            return null;
        });
    }

    private void connect() {
        call(listener -> client.connect(options, null, listener))
                .compose(token -> call(listener -> client.subscribe(new MqttSubscription[] {
                        new MqttSubscription(config.subscriptionFilter(), 1)}, null, listener, new MqttProperties()))
                        .map(token))
                .onSuccess(token -> {
                    connection++;
                    connected = true;
                    backoffMs = 0;
                    LOG.info("subscribed to {} on broker {}:{} over MQTT 5 (session present: {})", config.subscriptionFilter(),
                            broker.host(), broker.port(), token.getSessionPresent());
                })
                .onFailure(failure -> {
                    LOG.warn("cannot connect to MQTT broker {}:{}: {}", broker.host(), broker.port(), failure.toString());
                    if (client.isConnected()) {
                        leave();
                    } else {
                        scheduleReconnect();
                    }
                });
    }

    private void received(String topic, MqttMessage message) {
        long receivedOn = connection;
        ingestor.accept(topic, message.getPayload())
                .onSuccess(outcome -> {
                    if (receivedOn == connection && client.isConnected() && message.getQos() > 0) {
                        try {
                            client.messageArrivedComplete(message.getId(), message.getQos());
                        } catch (MqttException e) {
                            LOG.debug("acknowledgement not sent: {}", e.toString());
                        }
                    }
                })
                .onFailure(failure -> {
                    // the broker redelivers everything unacknowledged once we are back
                    LOG.warn("leaving broker until the database catches up: {}", failure.getMessage());
                    leave();
                });
    }

    /** Drops the connection on purpose; the back-off brings it back. */
    private void leave() {
        connected = false;
        connection++;
        call(listener -> client.disconnect(1_000L, null, listener, 0, new MqttProperties()))
                .onComplete(ignored -> scheduleReconnect());
    }

    private void lost(String why) {
        if (!connected) {
            return; // left on purpose, or never connected: the back-off is already running
        }
        if (!stopped) {
            LOG.warn("lost MQTT broker {}:{}: {}", broker.host(), broker.port(), why);
        }
        connected = false;
        connection++;
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
            context.runOnContext(v -> lost(String.valueOf(response.getReasonString() != null ? response.getReasonString()
                    : response.getException())));
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            LOG.debug("MQTT 5 client: {}", exception.toString());
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            context.runOnContext(v -> received(topic, message));
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
