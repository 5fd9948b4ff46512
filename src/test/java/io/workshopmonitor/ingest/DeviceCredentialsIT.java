package io.workshopmonitor.ingest;

import io.vertx.core.json.JsonObject;
import io.workshopmonitor.domain.Caller;
import io.workshopmonitor.support.Devices;
import io.workshopmonitor.support.Http;
import io.workshopmonitor.support.RunningService;
import io.workshopmonitor.support.TestDatabase;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/**
 * Secure by default on the MQTT endpoint: anonymous devices are refused, a device signs in with the
 * credentials issued for it, may publish only under its own workshop, and is dropped when revoked.
 */
class DeviceCredentialsIT {

    @TempDir
    static Path dir;
    private static RunningService service;

    @BeforeAll
    static void start() {
        service = RunningService.start(RunningService.env(dir, Map.of("WM_DATABASE_URL", TestDatabase.create().url(),
                "WM_MQTT_ALLOW_ANONYMOUS", "false")));
        service.configureWorkshop("MDI", "textiles-1", "sew-01");
        service.configureWorkshop("MDI", "print-2", "press-1");
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    private static JsonObject issue(String workshop, String id) {
        Http.Response response = service.http.post("/api/v1/workshops/MDI/" + workshop + "/devices", "{\"id\": \"" + id + "\"}");
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json();
    }

    private static MqttClient connect(String clientId, String username, String password) throws MqttException {
        return Devices.connectAs(service.mqttUri(), clientId, username, password);
    }

    private static String counter(long seq, long good) {
        return Devices.counter(Instant.now().minusSeconds(60).toString(), seq, good, 0);
    }

    private static double rejected(String reason) {
        return Devices.metric(service.management.get("/metrics").body(),
                "ingest_messages_total{outcome=\"rejected\",reason=\"" + reason + "\"}");
    }

    @Test
    void anonymousDevicesAndWrongPasswordsAreRefused() throws Exception {
        MqttException anonymous = catchThrowableOfType(MqttException.class, () -> connect("anon-1", null, null));
        assertThat(anonymous.getReasonCode()).isEqualTo(MqttException.REASON_CODE_NOT_AUTHORIZED);
        JsonObject device = issue("textiles-1", "tablet-wrong");
        MqttException wrong = catchThrowableOfType(MqttException.class,
                () -> connect("wrong-1", device.getString("username"), "not-the-password"));
        assertThat(wrong.getReasonCode()).isEqualTo(MqttException.REASON_CODE_FAILED_AUTHENTICATION);
        MqttException unknown = catchThrowableOfType(MqttException.class,
                () -> connect("unknown-1", "MDI/textiles-1/nobody", "whatever"));
        assertThat(unknown.getReasonCode()).isEqualTo(MqttException.REASON_CODE_FAILED_AUTHENTICATION);
    }

    @Test
    void credentialsAreShownOnceAndIssuedOnlyByAnAdministrator() {
        JsonObject device = issue("textiles-1", "tablet-1");
        assertThat(device.getString("username")).isEqualTo("MDI/textiles-1/tablet-1");
        assertThat(device.getString("password")).hasSize(24);
        String listed = service.http.get("/api/v1/workshops/MDI/textiles-1/devices").body();
        assertThat(listed).contains("tablet-1").doesNotContain(device.getString("password"));
        assertThat(service.http.post("/api/v1/workshops/MDI/textiles-1/devices", "{\"id\": \"tablet-1\"}").status())
                .isEqualTo(409);
        // a manager enrols their own prison's devices, an instructor none, another prison's manager finds nothing there
        Http manager = service.http.as(service.token("m.one", Caller.Role.MANAGER, "MDI"));
        assertThat(manager.post("/api/v1/workshops/MDI/textiles-1/devices", "{\"id\": \"tablet-9\"}").status()).isEqualTo(201);
        assertThat(service.http.as(service.token("i.one", Caller.Role.INSTRUCTOR, "MDI"))
                .post("/api/v1/workshops/MDI/textiles-1/devices", "{\"id\": \"tablet-8\"}").status()).isEqualTo(403);
        assertThat(service.http.as(service.token("m.lpi", Caller.Role.MANAGER, "LPI"))
                .post("/api/v1/workshops/MDI/textiles-1/devices", "{\"id\": \"tablet-8\"}").status()).isEqualTo(404);
        assertThat(service.http.post("/api/v1/workshops/MDI/textiles-1/devices", "{\"id\": \"Bad Id\"}").status()).isEqualTo(400);
    }

    @Test
    void deviceMayPublishOnlyUnderItsOwnWorkshop() throws Exception {
        JsonObject device = issue("textiles-1", "tablet-2");
        MqttClient client = connect("tablet-2", device.getString("username"), device.getString("password"));
        Devices.publish(client, "industries/MDI/textiles-1/sew-01/counter", counter(1, 10), 1);
        assertThat(client.isConnected()).isTrue();
        double before = rejected("not_authorized");
        // MQTT 3.1.1 cannot say "not yours" in a PUBACK: the connection is closed, and the message counted
        try {
            client.publish("industries/MDI/print-2/press-1/counter", counter(2, 20).getBytes(StandardCharsets.UTF_8), 1, false);
        } catch (MqttException closed) {
            // the close may beat the PUBACK wait
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> !client.isConnected());
        assertThat(rejected("not_authorized")).isEqualTo(before + 1);
        client.close();

        // MQTT 5 is told why, and stays connected
        MqttAsyncClient v5 = new MqttAsyncClient(service.mqttUri(), "tablet-2-v5", new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setUserName(device.getString("username"));
        options.setPassword(device.getString("password").getBytes(StandardCharsets.UTF_8));
        v5.connect(options).waitForCompletion(10_000);
        try {
            IMqttToken refused = v5.publish("industries/MDI/print-2/press-1/counter",
                    counter(3, 30).getBytes(StandardCharsets.UTF_8), 1, false);
            refused.waitForCompletion(10_000);
            assertThat(refused.getReasonCodes()).containsExactly(0x87); // not authorized
            IMqttToken own = v5.publish("industries/MDI/textiles-1/sew-01/counter",
                    counter(4, 40).getBytes(StandardCharsets.UTF_8), 1, false);
            own.waitForCompletion(10_000);
            assertThat(own.getReasonCodes()).containsExactly(0);
            assertThat(v5.isConnected()).isTrue();
        } finally {
            v5.disconnect().waitForCompletion(10_000);
            v5.close();
        }
        assertThat(rejected("not_authorized")).isEqualTo(before + 2);
        assertThat(service.http.get("/api/v1/workshops/MDI/print-2/kpis").json().getJsonObject("session") == null
                || service.http.get("/api/v1/workshops/MDI/print-2/kpis").json().getJsonObject("window").getLong("good") == 0)
                .as("nothing reached the other workshop").isTrue();
    }

    @Test
    void revokingADeviceDropsItsConnectionAndItsCredentials() throws Exception {
        JsonObject device = issue("textiles-1", "tablet-3");
        MqttClient client = connect("tablet-3", device.getString("username"), device.getString("password"));
        assertThat(client.isConnected()).isTrue();
        assertThat(service.http.delete("/api/v1/workshops/MDI/textiles-1/devices/tablet-3").status()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(10)).until(() -> !client.isConnected());
        client.close();
        MqttException again = catchThrowableOfType(MqttException.class,
                () -> connect("tablet-3b", device.getString("username"), device.getString("password")));
        assertThat(again.getReasonCode()).isEqualTo(MqttException.REASON_CODE_FAILED_AUTHENTICATION);
        assertThat(service.http.delete("/api/v1/workshops/MDI/textiles-1/devices/tablet-3").status()).isEqualTo(404);
    }
}
