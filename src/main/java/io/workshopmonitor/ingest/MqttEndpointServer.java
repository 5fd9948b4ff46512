package io.workshopmonitor.ingest;

import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.mqtt.MqttEndpoint;
import io.vertx.mqtt.MqttServerOptions;
import io.vertx.mqtt.messages.MqttPublishMessage;
import io.vertx.mqtt.messages.codes.MqttDisconnectReasonCode;
import io.vertx.mqtt.messages.codes.MqttPubAckReasonCode;
import io.vertx.mqtt.messages.codes.MqttPubRecReasonCode;
import io.vertx.mqtt.messages.codes.MqttSubAckReasonCode;
import io.vertx.mqtt.messages.codes.MqttUnsubAckReasonCode;
import io.workshopmonitor.config.AppConfig;
import io.workshopmonitor.domain.RejectReason;
import io.workshopmonitor.store.MqttSessionStore;
import io.workshopmonitor.config.ConfigLoader;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Endpoint mode: devices connect straight to the service. A QoS 1 PUBACK (QoS 2 PUBREC) leaves only
 * after the reading's batch has committed; acknowledgements leave in arrival order per connection
 * because batches commit in order.
 */
final class MqttEndpointServer {

    private static final Logger LOG = LoggerFactory.getLogger(MqttEndpointServer.class);
    private static final int MQTT_5 = 5;
    /** Published by the API with a revoked device's username. */

    /** One device, a few connections (a reconnect can overlap the old one); more is a misbehaving device. */
    static final int MAX_CONNECTIONS_PER_DEVICE = 4;
    static final int MAX_CLIENT_ID_LENGTH = 256;
    static final int CONNECT_WITHIN_SECONDS = 10;

    private final Vertx vertx;
    private final AppConfig.MqttConfig config;
    private final Ingestor ingestor;
    private final DeviceSignIn signIn;
    private final MqttSessionStore sessions;
    /** The open connection of each client id, so a new one with the same id takes over. */
    private final Map<String, MqttEndpoint> byClientId = new HashMap<>();
    /** Connections signed in with device credentials, by username, so revoking a device drops them. */
    private final Map<String, Set<MqttEndpoint>> signedIn = new HashMap<>();
    /** Every connection's socket, so that stopping can stop reading from all of them at once. */
    private final Set<NetSocket> sockets = new HashSet<>();
    private boolean stopping;
    private MqttListener server;
    private MqttListener tlsServer;
    private int actualPort;
    private final AppConfig.TlsConfig tls;

    MqttEndpointServer(Vertx vertx, AppConfig.MqttConfig config, AppConfig.TlsConfig tls, Ingestor ingestor,
                       DeviceSignIn signIn, MqttSessionStore sessions) {
        this.vertx = vertx;
        this.sessions = sessions;
        this.tls = tls;
        this.config = config;
        this.ingestor = ingestor;
        this.signIn = signIn;
    }

    Future<Void> start() {
        // The frame limit sits well above the payload limit so that an oversized payload is answered as a
        // dead letter on a live connection; only absurd frames cost the sender its connection.
        MqttServerOptions options = new MqttServerOptions()
                .setHost(config.host())
                .setPort(config.port())
                .setMaxMessageSize(Math.max(64 * 1024, config.maxPayloadBytes() * 4))
                // MQTT 5 puts no limit on a client id and 3.1.1 lets a server take longer ones than 23 characters;
                // devices name themselves with UUIDs and serial numbers
                .setMaxClientIdLength(MAX_CLIENT_ID_LENGTH)
                // a device sends CONNECT as soon as it is connected; a socket that says nothing is not a device
                .setTimeoutOnConnect(CONNECT_WITHIN_SECONDS);
        // registered on this verticle's context, the one the endpoints' handlers run on
        vertx.eventBus().<String>consumer(io.workshopmonitor.owner.ConfigChanges.DEVICE_REVOKED, message -> revoked(message.body()));
        server = new MqttListener(vertx, options);
        Future<Integer> plain = server.listen(this::connected)
                .recover(e -> Future.failedFuture(ConfigLoader.cannotListen("mqtt.port", config.port(), e)))
                .onSuccess(port -> actualPort = port)
                .onSuccess(port -> LOG.info("MQTT endpoint listening on {}:{}", config.host(), port));
        if (!tls.enabled()) {
            return plain.mapEmpty();
        }
        MqttServerOptions secure = new MqttServerOptions(options).setPort(config.tlsPort()).setSsl(true)
                .setKeyCertOptions(new PemKeyCertOptions().setCertPath(tls.certPath().get().toString())
                        .setKeyPath(tls.keyPath().get().toString()));
        tlsServer = new MqttListener(vertx, secure);
        return plain.compose(s -> tlsServer.listen(this::connected)
                .recover(e -> Future.failedFuture(ConfigLoader.cannotListen("mqtt.tlsPort", config.tlsPort(), e)))
                .onSuccess(port -> LOG.info("MQTTS endpoint listening on {}:{}", config.host(), port)))
                .mapEmpty();
    }

    /**
     * The first step of stopping: no new connection is taken and no open one is read from any more, while every
     * connection stays open, so what was taken can still be committed and acknowledged before {@link #stop()}.
     */
    int stopTaking() {
        stopping = true;
        sockets.forEach(NetSocket::pause);
        return sockets.size();
    }

    int actualPort() {
        return actualPort;
    }

    Future<Void> stop() {
        Future<Void> secure = tlsServer == null ? Future.succeededFuture() : tlsServer.close();
        return secure.compose(ignored -> server == null ? Future.succeededFuture() : server.close())
                .eventually(signIn::close);
    }

    /**
     * A device signs in with the credentials issued for it and may then publish only under its workshop;
     * without credentials it gets in only when {@code mqtt.allowAnonymous} is set.
     */
    private void connected(MqttEndpoint endpoint, NetSocket socket) {
        boolean v5 = endpoint.protocolVersion() == MQTT_5;
        if (stopping) {
            endpoint.reject(v5 ? MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE_5
                    : MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE);
            return;
        }
        // what the client sends before its CONNACK (a PUBLISH is legal there) waits until the sign-in is decided
        socket.pause();
        if (endpoint.auth() == null || endpoint.auth().getUsername() == null) {
            if (config.allowAnonymous()) {
                open(endpoint, socket, null, null);
            } else {
                LOG.info("refused an anonymous MQTT connection from {} ({})", endpoint.remoteAddress(), endpoint.clientIdentifier());
                endpoint.reject(v5 ? MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED_5
                        : MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED);
            }
            return;
        }
        String username = endpoint.auth().getUsername();
        String password = endpoint.auth().getPassword() == null ? "" : endpoint.auth().getPassword();
        String address = endpoint.remoteAddress() == null ? "" : endpoint.remoteAddress().hostAddress();
        signIn.check(address, username, password).onComplete(result -> {
            DeviceSignIn.Outcome outcome = result.succeeded() ? result.result() : DeviceSignIn.Outcome.BUSY;
            switch (outcome) {
                case ACCEPTED -> open(endpoint, socket, username, config.topicPrefix() + "/" + username.substring(0, username.lastIndexOf('/') + 1));
                case REFUSED -> {
                    LOG.info("refused MQTT sign-in as {} from {}", username, endpoint.remoteAddress());
                    endpoint.reject(v5 ? MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USERNAME_OR_PASSWORD
                            : MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD);
                }
                // debug only: a flood would otherwise write a line per guess
                case THROTTLED -> {
                    LOG.debug("throttled MQTT sign-in as {} from {}", username, endpoint.remoteAddress());
                    endpoint.reject(v5 ? MqttConnectReturnCode.CONNECTION_REFUSED_CONNECTION_RATE_EXCEEDED
                            : MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE);
                }
                case BUSY -> {
                    LOG.debug("MQTT sign-in as {} from {} refused for now: {}", username, endpoint.remoteAddress(),
                            result.succeeded() ? "too many sign-ins being checked" : result.cause().toString());
                    endpoint.reject(v5 ? MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_BUSY
                            : MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE);
                }
            }
        });
    }

    private void open(MqttEndpoint endpoint, NetSocket socket, String username, String allowedPrefix) {
        if (username != null && signedIn.getOrDefault(username, Set.of()).size() >= MAX_CONNECTIONS_PER_DEVICE) {
            LOG.info("refused a connection for {}: it already has {} open", username, MAX_CONNECTIONS_PER_DEVICE);
            endpoint.reject(endpoint.protocolVersion() == MQTT_5 ? MqttConnectReturnCode.CONNECTION_REFUSED_QUOTA_EXCEEDED
                    : MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE);
            return;
        }
        int[] inFlight = {0};
        endpoint.publishAutoAck(false);
        endpoint.publishHandler(message -> {
            // a publisher that never waits for acknowledgements cannot queue without bound: it is disconnected,
            // and resends what was not acknowledged when it reconnects
            if (message.qosLevel() != MqttQoS.AT_MOST_ONCE && ++inFlight[0] > config.maxInFlight()) {
                LOG.warn("closing MQTT client {}: more than mqtt.maxInFlight ({}) messages unacknowledged",
                        endpoint.clientIdentifier(), config.maxInFlight());
                endpoint.close();
                return;
            }
            received(endpoint, message, allowedPrefix, inFlight);
        });
        endpoint.publishReleaseHandler(endpoint::publishComplete);
        // the endpoint delivers nothing to devices, but a SUBSCRIBE is answered, with a failure, not met with silence
        endpoint.subscribeHandler(subscribe -> {
            int topics = subscribe.topicSubscriptions().size();
            if (endpoint.protocolVersion() == MQTT_5) {
                endpoint.subscribeAcknowledge(subscribe.messageId(),
                        java.util.Collections.nCopies(topics, MqttSubAckReasonCode.NOT_AUTHORIZED), MqttProperties.NO_PROPERTIES);
            } else {
                endpoint.subscribeAcknowledge(subscribe.messageId(), java.util.Collections.nCopies(topics, MqttQoS.FAILURE));
            }
        });
        endpoint.unsubscribeHandler(unsubscribe -> {
            if (endpoint.protocolVersion() == MQTT_5) {
                endpoint.unsubscribeAcknowledge(unsubscribe.messageId(), java.util.Collections.nCopies(unsubscribe.topics().size(),
                        MqttUnsubAckReasonCode.NO_SUBSCRIPTION_EXISTED), MqttProperties.NO_PROPERTIES);
            } else {
                endpoint.unsubscribeAcknowledge(unsubscribe.messageId());
            }
        });
        endpoint.exceptionHandler(e -> LOG.debug("MQTT client {}: {}", endpoint.clientIdentifier(), e.toString()));
        if (username != null) {
            signedIn.computeIfAbsent(username, u -> new HashSet<>()).add(endpoint);
        }
        sockets.add(socket);
        Session session = Session.of(endpoint);
        takeOver(endpoint);
        endpoint.closeHandler(ignored -> {
            sockets.remove(socket);
            // a connection taken over leaves the session to the one that took it
            boolean current = session.clientId() == null || session.clientId().isEmpty()
                    || byClientId.remove(session.clientId(), endpoint);
            if (username != null) {
                Set<MqttEndpoint> open = signedIn.get(username);
                if (open != null && open.remove(endpoint) && open.isEmpty()) {
                    signedIn.remove(username);
                }
            }
            if (current) {
                session.closed(sessions);
            }
        });
        session.open(sessions).onComplete(present -> {
            // with the database away, claim the session: its state is empty, so a client that resends what it
            // holds loses nothing, where one told "no session" would throw its unacknowledged messages away
            boolean sessionPresent = present.succeeded() ? present.result() : session.kept();
            if (endpoint.protocolVersion() == MQTT_5) {
                // an MQTT 5 client keeps within the Receive Maximum itself instead of being cut off past it
                MqttProperties properties = new MqttProperties();
                properties.add(new MqttProperties.IntegerProperty(MqttProperties.MqttPropertyType.RECEIVE_MAXIMUM.value(),
                        Math.min(config.maxInFlight(), 65_535)));
                endpoint.accept(sessionPresent, properties);
            } else {
                endpoint.accept(sessionPresent);
            }
            if (!stopping) {
                socket.resume();
            }
        });
    }

    /**
     * A second connection with a client id takes over from the first, which is closed (MQTT 3.1.1 and 5, 3.1.4):
     * a device that reconnects before the old connection has timed out is not left with two.
     */
    private void takeOver(MqttEndpoint endpoint) {
        String id = endpoint.clientIdentifier();
        if (id == null || id.isEmpty()) {
            return;
        }
        MqttEndpoint previous = byClientId.put(id, endpoint);
        if (previous != null && previous != endpoint && previous.isConnected()) {
            LOG.info("MQTT client {} connected again: closing its earlier connection", id);
            try {
                if (previous.protocolVersion() == MQTT_5) {
                    // the DISCONNECT says why, and closes the connection after it
                    previous.disconnect(MqttDisconnectReasonCode.SESSION_TAKEN_OVER, MqttProperties.NO_PROPERTIES);
                } else {
                    previous.close();
                }
            } catch (IllegalStateException | IllegalArgumentException closing) {
                LOG.debug("the earlier connection of {} was closing already: {}", id, closing.toString());
            }
        }
    }

    /**
     * The session a client asked for: kept (clean session or clean start off) for as long as it says, in which
     * case the CONNACK says whether there was one, so an MQTT 5 client keeps, and resends, what it had not had
     * acknowledged; or ended with the connection.
     */
    private record Session(String clientId, boolean kept, long expirySeconds) {

        static Session of(MqttEndpoint endpoint) {
            boolean v5 = endpoint.protocolVersion() == MQTT_5;
            long expiry = MqttSessionStore.NEVER;
            if (v5) {
                MqttProperties.MqttProperty<?> property = endpoint.connectProperties() == null ? null
                        : endpoint.connectProperties().getProperty(MqttProperties.MqttPropertyType.SESSION_EXPIRY_INTERVAL.value());
                // absent means 0: the session ends with the connection (MQTT 5, 3.1.2.11.2); the value is unsigned
                expiry = property == null ? 0 : Integer.toUnsignedLong((Integer) property.value());
                if (expiry == 0xFFFF_FFFFL) {
                    expiry = MqttSessionStore.NEVER;
                }
            }
            String id = endpoint.clientIdentifier();
            boolean kept = !endpoint.isCleanSession() && id != null && !id.isEmpty();
            return new Session(id, kept, expiry);
        }

        Future<Boolean> open(MqttSessionStore store) {
            if (!kept) {
                return clientId == null || clientId.isEmpty() ? Future.succeededFuture(false)
                        : store.end(clientId).map(false);
            }
            return store.resume(clientId, expirySeconds);
        }

        void closed(MqttSessionStore store) {
            if (clientId == null || clientId.isEmpty()) {
                return;
            }
            Future<Void> done = kept && expirySeconds != 0 ? store.disconnected(clientId) : store.end(clientId);
            done.onFailure(e -> LOG.debug("MQTT session of {} not updated: {}", clientId, e.toString()));
        }
    }

    private void revoked(String username) {
        signIn.forget(username);
        Set<MqttEndpoint> open = signedIn.remove(username);
        if (open != null) {
            LOG.info("device {} revoked: closing its {} connection(s)", username, open.size());
            open.forEach(MqttEndpoint::close);
        }
    }

    private void received(MqttEndpoint endpoint, MqttPublishMessage message, String allowedPrefix, int[] inFlight) {
        ingestor.accept(message.topicName(), message.payload().getBytes(), allowedPrefix)
                .onComplete(ignored -> {
                    if (message.qosLevel() != MqttQoS.AT_MOST_ONCE) {
                        inFlight[0]--;
                    }
                })
                .onSuccess(outcome -> acknowledge(endpoint, message, outcome))
                .onFailure(failure -> overloaded(endpoint, failure));
    }

    private void acknowledge(MqttEndpoint endpoint, MqttPublishMessage message, IngestOutcome outcome) {
        if (!endpoint.isConnected()) {
            return;
        }
        boolean v5 = endpoint.protocolVersion() == MQTT_5;
        // MQTT 3.1.1 has no way to say "not yours" but closing the connection
        if (!v5 && outcome.reason().filter(r -> r == RejectReason.NOT_AUTHORIZED).isPresent()) {
            LOG.info("closing MQTT client {}: it published outside its workshop", endpoint.clientIdentifier());
            endpoint.close();
            return;
        }
        if (message.qosLevel() == MqttQoS.AT_MOST_ONCE) {
            return;
        }
        if (message.qosLevel() == MqttQoS.AT_LEAST_ONCE) {
            if (v5 && outcome.kind() == IngestOutcome.Kind.REJECTED) {
                endpoint.publishAcknowledge(message.messageId(), pubAckCode(outcome), MqttProperties.NO_PROPERTIES);
            } else {
                endpoint.publishAcknowledge(message.messageId());
            }
        } else if (v5 && outcome.kind() == IngestOutcome.Kind.REJECTED) {
            endpoint.publishReceived(message.messageId(), MqttPubRecReasonCode.PAYLOAD_FORMAT_INVALID,
                    MqttProperties.NO_PROPERTIES);
        } else {
            endpoint.publishReceived(message.messageId());
        }
    }

    /** MQTT 5 lets the device see why its message was refused; it is still done with, not redelivered. */
    private static MqttPubAckReasonCode pubAckCode(IngestOutcome outcome) {
        RejectReason reason = outcome.reason().orElseThrow();
        return switch (reason) {
            case TOPIC_INVALID -> MqttPubAckReasonCode.TOPIC_NAME_INVALID;
            case NOT_AUTHORIZED, UNKNOWN_WORKSHOP, UNKNOWN_STATION -> MqttPubAckReasonCode.NOT_AUTHORIZED;
            default -> MqttPubAckReasonCode.PAYLOAD_FORMAT_INVALID;
        };
    }

    /** The device keeps its unacknowledged QoS 1 messages and sends them again when it reconnects. */
    private void overloaded(MqttEndpoint endpoint, Throwable failure) {
        if (endpoint.isConnected()) {
            LOG.warn("disconnecting MQTT client {}: {}", endpoint.clientIdentifier(), failure.getMessage());
            endpoint.close();
        }
    }
}
