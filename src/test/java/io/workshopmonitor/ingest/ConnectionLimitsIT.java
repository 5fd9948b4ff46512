package io.workshopmonitor.ingest;

import io.vertx.core.json.JsonObject;
import io.workshopmonitor.support.Devices;
import io.workshopmonitor.support.LogCapture;
import io.workshopmonitor.support.RunningService;
import io.workshopmonitor.support.TestDatabase;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/** A device holds a few connections at most, and a connection a bounded number of unacknowledged messages. */
class ConnectionLimitsIT {

    @TempDir
    Path dir;

    @Test
    void deviceIsRefusedAFifthConnectionAndAFloodingConnectionIsClosed() throws Exception {
        try (RunningService service = RunningService.start(RunningService.env(dir, Map.of(
                "WM_DATABASE_URL", TestDatabase.create().url(), "WM_MQTT_ALLOW_ANONYMOUS", "false",
                "WM_MQTT_MAX_IN_FLIGHT", "3")))) {
            service.configureWorkshop("MDI", "textiles-1", "sew-01");
            JsonObject device = service.http.post("/api/v1/workshops/MDI/textiles-1/devices", "{\"id\": \"tablet-1\"}").json();
            List<MqttClient> open = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    open.add(connect(service, "tablet-1-" + i, device));
                }
                MqttException fifth = catchThrowableOfType(MqttException.class, () -> connect(service, "tablet-1-4", device));
                assertThat(fifth.getReasonCode()).isEqualTo(MqttException.REASON_CODE_BROKER_UNAVAILABLE);
            } finally {
                open.forEach(Devices::closeQuietly);
            }

            // MQTT 5 is told the limit (the Receive Maximum in the CONNACK) and keeps within it
            MqttAsyncClient polite = new MqttAsyncClient(service.mqttUri(), "polite", new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
            MqttConnectionOptions options = new MqttConnectionOptions();
            options.setUserName(device.getString("username"));
            options.setPassword(device.getString("password").getBytes(StandardCharsets.UTF_8));
            var connected = polite.connect(options);
            connected.waitForCompletion(10_000);
            try {
                assertThat(connected.getResponseProperties().getReceiveMaximum()).isEqualTo(3);
            } finally {
                polite.disconnect().waitForCompletion(10_000);
                polite.close();
            }

            // MQTT 3.1.1 has no such word: a client sending without waiting for acknowledgements is closed
            org.eclipse.paho.client.mqttv3.MqttAsyncClient flood = new org.eclipse.paho.client.mqttv3.MqttAsyncClient(
                    service.mqttUri(), "flood", new MemoryPersistence());
            MqttConnectOptions floodOptions = new MqttConnectOptions();
            floodOptions.setUserName(device.getString("username"));
            floodOptions.setPassword(device.getString("password").toCharArray());
            floodOptions.setMaxInflight(1000);
            flood.connect(floodOptions).waitForCompletion(10_000);
            try (LogCapture log = new LogCapture()) {
                for (int i = 0; i < 200 && flood.isConnected(); i++) {
                    try {
                        flood.publish("industries/MDI/textiles-1/sew-01/counter", Devices.counter(
                                Instant.now().minusSeconds(30).toString(), (long) i, i, 0).getBytes(StandardCharsets.UTF_8), 1, false);
                    } catch (MqttException closed) {
                        break;
                    }
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> !flood.isConnected());
                Thread.sleep(200);
                // the packets read with the one over the limit reach a closed connection: no stack trace for them
                assertThat(log.withStackTraces()).as("stack traces logged while closing the flood").isEmpty();
                assertThat(log.errors()).as("errors logged while closing the flood").isEmpty();
            } finally {
                flood.close(true);
            }
            assertThat(service.management.get("/health/ready").status()).isEqualTo(200);
        }
    }

    private static MqttClient connect(RunningService service, String clientId, JsonObject device) throws MqttException {
        return Devices.connectAs(service.mqttUri(), clientId, device.getString("username"), device.getString("password"));
    }
}
