package io.workshopmonitor.ingest;

import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.mqtt.MqttEndpoint;
import io.vertx.mqtt.MqttServer;
import io.vertx.mqtt.MqttServerOptions;
import io.vertx.mqtt.messages.MqttPublishMessage;
import io.vertx.mqtt.messages.codes.MqttPubAckReasonCode;
import io.vertx.mqtt.messages.codes.MqttPubRecReasonCode;
import io.workshopmonitor.config.AppConfig;
import io.workshopmonitor.domain.RejectReason;
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

    private final Vertx vertx;
    private final AppConfig.MqttConfig config;
    private final Ingestor ingestor;
    private MqttServer server;

    MqttEndpointServer(Vertx vertx, AppConfig.MqttConfig config, Ingestor ingestor) {
        this.vertx = vertx;
        this.config = config;
        this.ingestor = ingestor;
    }

    Future<MqttServer> start() {
        // The frame limit sits well above the payload limit so that an oversized payload is answered as a
        // dead letter on a live connection; only absurd frames cost the sender its connection.
        MqttServerOptions options = new MqttServerOptions()
                .setHost(config.host())
                .setPort(config.port())
                .setMaxMessageSize(Math.max(64 * 1024, config.maxPayloadBytes() * 4));
        server = MqttServer.create(vertx, options).endpointHandler(this::connected)
                .exceptionHandler(e -> LOG.debug("MQTT connection error: {}", e.toString()));
        return server.listen().onSuccess(s -> LOG.info("MQTT endpoint listening on {}:{}", config.host(), s.actualPort()));
    }

    int actualPort() {
        return server.actualPort();
    }

    Future<Void> stop() {
        return server == null ? Future.succeededFuture() : server.close();
    }

    private void connected(MqttEndpoint endpoint) {
        endpoint.publishAutoAck(false);
        endpoint.publishHandler(message -> received(endpoint, message));
        endpoint.publishReleaseHandler(endpoint::publishComplete);
        endpoint.exceptionHandler(e -> LOG.debug("MQTT client {}: {}", endpoint.clientIdentifier(), e.toString()));
        endpoint.accept(false);
    }

    private void received(MqttEndpoint endpoint, MqttPublishMessage message) {
        ingestor.accept(message.topicName(), message.payload().getBytes())
                .onSuccess(outcome -> acknowledge(endpoint, message, outcome))
                .onFailure(failure -> overloaded(endpoint, failure));
    }

    private void acknowledge(MqttEndpoint endpoint, MqttPublishMessage message, IngestOutcome outcome) {
        if (!endpoint.isConnected() || message.qosLevel() == MqttQoS.AT_MOST_ONCE) {
            return;
        }
        boolean v5 = endpoint.protocolVersion() == MQTT_5;
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
