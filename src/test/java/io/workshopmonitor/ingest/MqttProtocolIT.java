package io.workshopmonitor.ingest;

import io.workshopmonitor.support.Devices;
import io.workshopmonitor.support.LogCapture;
import io.workshopmonitor.support.RawMqtt;
import io.workshopmonitor.support.RunningService;
import io.workshopmonitor.support.TestDatabase;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/** The endpoint as the MQTT standards say, with real MQTT 3.1.1 and 5 client libraries. */
class MqttProtocolIT {

    @TempDir
    static Path dir;
    private static RunningService service;

    @BeforeAll
    static void start() {
        service = RunningService.start(RunningService.env(dir, Map.of("WM_DATABASE_URL", TestDatabase.create().url())));
        service.configureWorkshop("MDI", "textiles-1", "sew-01");
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void aSecondConnectionWithTheSameClientIdTakesOverAndTheFirstIsClosed() throws Exception {
        MqttClient first = Devices.connect(service.mqttUri(), "gw-1");
        MqttClient second = Devices.connect(service.mqttUri(), "gw-1");
        try {
            await().atMost(Duration.ofSeconds(5)).until(() -> !first.isConnected());
            assertThat(second.isConnected()).isTrue();
            Devices.publish(second, "industries/MDI/textiles-1/sew-01/counter",
                    Devices.counter(Instant.now().minusSeconds(5).toString(), 1L, 10, 0), 1);
        } finally {
            Devices.closeQuietly(first);
            Devices.closeQuietly(second);
        }
    }

    @Test
    void anMqtt5ConnectionTakenOverIsToldWhy() throws Exception {
        CompletableFuture<Integer> reason = new CompletableFuture<>();
        MqttAsyncClient first = new MqttAsyncClient(service.mqttUri(), "gw-5", new MemoryPersistence());
        first.setCallback(new MqttCallback() {
            @Override
            public void disconnected(MqttDisconnectResponse response) {
                reason.complete(response.getReturnCode());
            }

            @Override
            public void mqttErrorOccurred(org.eclipse.paho.mqttv5.common.MqttException exception) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
            }

            @Override
            public void deliveryComplete(IMqttToken token) {
            }

            @Override
            public void connectComplete(boolean reconnect, String serverURI) {
            }

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties properties) {
            }
        });
        first.connect(new MqttConnectionOptions()).waitForCompletion(10_000);
        MqttAsyncClient second = new MqttAsyncClient(service.mqttUri(), "gw-5", new MemoryPersistence());
        second.connect(new MqttConnectionOptions()).waitForCompletion(10_000);
        try {
            assertThat(reason.get(5, TimeUnit.SECONDS)).as("DISCONNECT reason: session taken over").isEqualTo(0x8E);
            assertThat(second.isConnected()).isTrue();
        } finally {
            second.disconnect().waitForCompletion(10_000);
            second.close();
            first.close(true);
        }
    }

    @Test
    void aSubscribeIsAnsweredWithAFailureAndAnUnsubscribeWithItsAcknowledgement() throws Exception {
        MqttClient v3 = Devices.connect(service.mqttUri(), "curious-3");
        try {
            MqttException refused = catchThrowableOfType(MqttException.class, () -> v3.subscribe("industries/#", 1));
            assertThat(refused).as("a SUBACK with the failure code, not a timeout").isNotNull();
            assertThat(refused.getReasonCode()).isEqualTo(MqttException.REASON_CODE_SUBSCRIBE_FAILED);
            v3.unsubscribe("industries/#");
            assertThat(v3.isConnected()).isTrue();
        } finally {
            Devices.closeQuietly(v3);
        }
        MqttAsyncClient v5 = new MqttAsyncClient(service.mqttUri(), "curious-5", new MemoryPersistence());
        v5.connect(new MqttConnectionOptions()).waitForCompletion(10_000);
        try {
            IMqttToken subscribed = v5.subscribe("industries/#", 1);
            subscribed.waitForCompletion(10_000);
            assertThat(subscribed.getReasonCodes()).containsExactly(0x87); // not authorised
            IMqttToken unsubscribed = v5.unsubscribe("industries/#");
            unsubscribed.waitForCompletion(10_000);
            assertThat(unsubscribed.getReasonCodes()).containsExactly(0x11); // no subscription existed
        } finally {
            v5.disconnect().waitForCompletion(10_000);
            v5.close();
        }
    }

    @Test
    void aPublishSentRightAfterConnectBeforeTheConnackArrivesIsProcessed() throws Exception {
        try (RawMqtt raw = RawMqtt.open(service.mqttPort(), "127.0.0.1")) {
            raw.send(RawMqtt.connect("eager-1", null, null), RawMqtt.publish("industries/MDI/textiles-1/sew-01/counter",
                    Devices.counter(Instant.now().minusSeconds(5).toString(), 1L, 7, 0), 1, 42));
            RawMqtt.Packet connack = raw.read();
            assertThat(connack.type()).as("CONNACK").isEqualTo(2);
            assertThat(connack.body()[1]).as("accepted").isEqualTo((byte) 0);
            RawMqtt.Packet puback = raw.read();
            assertThat(puback.type()).as("PUBACK for the PUBLISH sent before the CONNACK").isEqualTo(4);
            assertThat(((puback.body()[0] & 0xFF) << 8) | (puback.body()[1] & 0xFF)).isEqualTo(42);
        }
    }

    @Test
    void aFixedHeaderAnnouncingAnOversizedPacketClosesTheConnectionAtOnce() throws Exception {
        byte[] announcement = {0x32, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F}; // PUBLISH QoS 1 of 268,435,455 bytes
        try (LogCapture log = new LogCapture(); RawMqtt raw = RawMqtt.open(service.mqttPort(), "127.0.0.1")) {
            assertThat(raw.signIn("huge-1", null, null)).isZero();
            raw.send(announcement);
            assertThat(raw.closedWithin(2_000)).as("closed without waiting for the packet").isTrue();
            assertThat(log.lines()).anyMatch(line -> line.contains("announced a packet of 268435455 bytes"));
        }
        try (RawMqtt raw = RawMqtt.open(service.mqttPort(), "127.0.0.1")) {
            raw.send(new byte[]{0x10, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F}); // a CONNECT as large
            assertThat(raw.closedWithin(2_000)).as("a CONNECT too: closed at once").isTrue();
        }
        MqttClient after = Devices.connect(service.mqttUri(), "after-huge");
        Devices.closeQuietly(after);
    }

    @Test
    void junkBeforeConnectClosesTheSocketWithOneLineInTheLog() throws Exception {
        Map<String, byte[]> junk = new java.util.LinkedHashMap<>();
        junk.put("an HTTP request", "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        junk.put("a PINGREQ before CONNECT", new byte[]{(byte) 0xC0, 0x00});
        junk.put("a PUBLISH before CONNECT", RawMqtt.publish("industries/MDI/textiles-1/sew-01/counter", "{}", 1, 1));
        junk.put("a TLS hello on the plain port", new byte[]{0x16, 0x03, 0x01, 0x00, (byte) 0xA5, 0x01, 0x00, 0x00, (byte) 0xA1});
        junk.put("a reserved packet type", new byte[]{0x00, 0x00});
        for (Map.Entry<String, byte[]> sample : junk.entrySet()) {
            try (LogCapture log = new LogCapture(); RawMqtt raw = RawMqtt.open(service.mqttPort(), "127.0.0.1")) {
                raw.send(sample.getValue());
                assertThat(raw.closedWithin(3_000)).as("%s: the socket is closed", sample.getKey()).isTrue();
                Thread.sleep(100);
                assertThat(log.withStackTraces()).as("%s: no stack trace", sample.getKey()).isEmpty();
                assertThat(log.errors()).as("%s: a stranger's junk is not the service's error", sample.getKey()).isEmpty();
                assertThat(log.lines()).as("%s: one line", sample.getKey()).hasSize(1);
            }
        }
        MqttClient after = Devices.connect(service.mqttUri(), "after-junk");
        Devices.closeQuietly(after);
    }

    @Test
    void aClientIdLongerThanTwentyThreeCharactersIsAccepted() throws Exception {
        String uuid = java.util.UUID.randomUUID().toString();
        MqttClient client = Devices.connect(service.mqttUri(), "gateway-" + uuid);
        assertThat(client.isConnected()).isTrue();
        Devices.closeQuietly(client);
    }
}
