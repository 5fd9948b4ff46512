package io.workshopmonitor.ingest;

import io.workshopmonitor.support.RunningService;
import io.workshopmonitor.support.ServiceProcess;
import io.workshopmonitor.support.TestDatabase;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * MQTT sessions at the endpoint as the standards say: a client that keeps its session (clean session / clean
 * start off) is told after a reconnect, and after a restart of the service, that its session is present, so it
 * resends what was not acknowledged; a clean start, or an MQTT 5 session expiry of 0, ends it.
 */
class MqttSessionIT {

    private static final String TOPIC = "industries/MDI/print-2/press-1/counter";

    @TempDir
    Path dir;

    @Test
    void theConnackSaysWhetherAKeptSessionIsPresentAcrossReconnectsAndARestart() throws Exception {
        Map<String, String> env = RunningService.env(dir, Map.of("WM_DATABASE_URL", TestDatabase.create().url()));
        try (RunningService service = RunningService.start(env)) {
            String uri = service.mqttUri();
            assertThat(v5(uri, "keeper", false, 3600L)).as("first connection: nothing to resume").isFalse();
            assertThat(v5(uri, "keeper", false, 3600L)).as("reconnect within the expiry").isTrue();

            assertThat(v5(uri, "cleaner", false, 3600L)).isFalse();
            assertThat(v5(uri, "cleaner", true, 3600L)).as("a clean start is told there was none").isFalse();
            assertThat(v5(uri, "cleaner", false, 3600L)).as("the clean start ended it").isFalse();

            assertThat(v5(uri, "brief", false, null)).isFalse();
            assertThat(v5(uri, "brief", false, null)).as("no expiry given: the session ended with the connection").isFalse();

            assertThat(v3(uri, "old-gateway", false)).isFalse();
            assertThat(v3(uri, "old-gateway", false)).as("MQTT 3.1.1, clean session off").isTrue();
            assertThat(v3(uri, "old-gateway", true)).isFalse();
        }
        try (RunningService restarted = RunningService.start(env)) {
            assertThat(v5(restarted.mqttUri(), "keeper", false, 3600L)).as("kept across a restart").isTrue();
            assertThat(v3(restarted.mqttUri(), "old-gateway", false)).as("ended by its clean session").isFalse();
        }
    }

    @Test
    void anMqtt5DeviceResendsWhatWasNotAcknowledgedWhenTheServiceIsKilledAndEveryReadingArrives() throws Exception {
        TestDatabase db = TestDatabase.create();
        Map<String, String> env = new HashMap<>(RunningService.env(dir, Map.of("WM_DATABASE_URL", db.url())));
        Path log = dir.resolve("service.log");
        ServiceProcess service = ServiceProcess.start(env, log);
        MqttAsyncClient device = new MqttAsyncClient("tcp://localhost:" + env.get("WM_MQTT_PORT"), "press-gw",
                new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(false);
        options.setSessionExpiryInterval(3600L);
        try {
            assertThat(service.http.put("/api/v1/workshops/MDI/print-2", """
                    {"name": "Print 2", "kind": "print", "stations": [{"id": "press-1", "name": "Press 1", "idealCycleSeconds": 6}],
                     "schedule": {"timezone": "Europe/London", "sessions": []}}""").status()).isEqualTo(201);
            device.connect(options).waitForCompletion(10_000);
            int readings = 800;
            Instant start = Instant.now().minusSeconds(readings + 60);
            List<IMqttToken> sent = new ArrayList<>();
            for (int seq = 1; seq <= readings; seq++) {
                String payload = "{\"ts\":\"" + start.plusSeconds(seq) + "\",\"seq\":" + seq + ",\"good\":" + seq + ",\"reject\":0}";
                sent.add(device.publish(TOPIC, payload.getBytes(StandardCharsets.UTF_8), 1, false));
            }
            service.kill();
            long unacknowledged = sent.stream().filter(token -> !token.isComplete()).count();
            System.out.println("kill -9 with " + unacknowledged + " of " + readings + " readings unacknowledged");
            assertThat(unacknowledged).as("readings in flight when the service died (else this proves nothing)").isPositive();

            service = ServiceProcess.start(env, log);
            IMqttToken reconnected = device.connect(options);
            reconnected.waitForCompletion(10_000);
            assertThat(reconnected.getSessionPresent()).as("the session the device kept").isTrue();
            // the tokens of before the kill ended with the connection; the messages live on in the device's session
            Instant deadline = Instant.now().plusSeconds(60);
            long stored = 0;
            while (Instant.now().isBefore(deadline)
                    && (stored = db.count("SELECT count(*) FROM counter_readings WHERE station = 'press-1'")) < readings) {
                Thread.sleep(200);
            }
            assertThat(stored).as("every reading the device sent, the unacknowledged ones resent after the restart")
                    .isEqualTo(readings);
            assertThat(db.count("SELECT count(DISTINCT seq) FROM counter_readings WHERE station = 'press-1'"))
                    .as("each once").isEqualTo(readings);
        } finally {
            if (device.isConnected()) {
                device.disconnect().waitForCompletion(10_000);
            }
            device.close();
            service.close();
        }
    }

    /** Connects with MQTT 5 and says what the CONNACK said about the session, then disconnects. */
    private static boolean v5(String uri, String clientId, boolean cleanStart, Long expirySeconds) throws Exception {
        MqttAsyncClient client = new MqttAsyncClient(uri, clientId, new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(cleanStart);
        options.setSessionExpiryInterval(expirySeconds);
        try {
            IMqttToken connected = client.connect(options);
            connected.waitForCompletion(10_000);
            return connected.getSessionPresent();
        } finally {
            client.disconnect().waitForCompletion(10_000);
            client.close();
            Thread.sleep(100); // the endpoint notes the disconnection
        }
    }

    private static boolean v3(String uri, String clientId, boolean cleanSession) throws Exception {
        MqttClient client = new MqttClient(uri, clientId, new org.eclipse.paho.client.mqttv3.persist.MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(cleanSession);
        try {
            return client.connectWithResult(options).getSessionPresent();
        } finally {
            client.disconnect();
            client.close();
            Thread.sleep(100);
        }
    }
}
