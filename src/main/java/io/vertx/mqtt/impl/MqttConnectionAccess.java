package io.vertx.mqtt.impl;

import io.vertx.core.Handler;

/**
 * The one thing Workshop Monitor needs from inside vertx-mqtt that it does not make public: a connection's
 * message handler, so that the service can assemble each connection itself (see
 * {@code io.workshopmonitor.ingest.MqttListener}) and look at what arrives before CONNECT. Kept to this one
 * line so that an upgrade of vertx-mqtt that changes it fails to compile here, not at run time.
 */
public final class MqttConnectionAccess {

    private MqttConnectionAccess() {
    }

    public static Handler<Object> messages(MqttServerConnection connection) {
        return connection::handleMessage;
    }
}
