package io.workshopmonitor.ingest;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.workshopmonitor.support.Devices;
import io.workshopmonitor.support.RunningService;
import io.workshopmonitor.support.TestDatabase;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.stream.Collectors;

import static io.workshopmonitor.support.Devices.counter;
import static io.workshopmonitor.support.Devices.publish;
import static org.assertj.core.api.Assertions.assertThat;

/** Devices publish to the service's own MQTT endpoint over a socket; PostgreSQL is real. */
class EndpointIngestIT {

    private static final String BASE = "industries/MDI/textiles-1/";
    @TempDir
    static Path dataDir;
    private static TestDatabase db;
    private static RunningService service;

    @BeforeAll
    static void start() {
        db = TestDatabase.create();
        service = RunningService.start(RunningService.env(dataDir, Map.of("WM_DATABASE_URL", db.url())));
        service.configureWorkshop("MDI", "textiles-1", "sew-01", "sew-02", "sew-03", "sew-04", "sew-05");
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    private static String ts(int secondsAgo) {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(secondsAgo).toString();
    }

    @Test
    void pubackWaitsForCommit() {
        MqttClient device = Devices.connect(service.mqttUri(), "puback-1");
        try {
            for (int i = 0; i < 50; i++) {
                publish(device, BASE + "sew-01/counter", counter(ts(100 - i), (long) i, i * 3L, 0), 1);
                // the PUBACK is in: the reading must already be committed, without any waiting
                assertThat(db.count("SELECT count(*) FROM counter_readings WHERE station = 'sew-01'")).isEqualTo(i + 1);
            }
            assertThat(db.count("SELECT sum(good_delta) FROM counter_readings WHERE station = 'sew-01'")).isEqualTo(49 * 3);
        } finally {
            Devices.closeQuietly(device);
        }
    }

    @Test
    void redeliveredSeqIsStoredOnceAndCountedAsDuplicate() {
        MqttClient device = Devices.connect(service.mqttUri(), "dup-1");
        double before = Devices.metric(service.management.get("/metrics").body(),
                "ingest_messages_total{outcome=\"duplicate\",reason=\"none\"}");
        try {
            // the redelivery is the same message: the same ts too, even when a second ticks over between them
            String redelivered = counter(ts(20), 2L, 110, 1);
            publish(device, BASE + "sew-02/counter", counter(ts(30), 1L, 100, 1), 1);
            publish(device, BASE + "sew-02/counter", redelivered, 1);
            publish(device, BASE + "sew-02/counter", redelivered, 1);
            publish(device, BASE + "sew-02/counter", counter(ts(10), 3L, 115, 2), 1);
            assertThat(db.count("SELECT count(*) FROM counter_readings WHERE station = 'sew-02'")).isEqualTo(3);
            assertThat(db.count("SELECT sum(good_delta) FROM counter_readings WHERE station = 'sew-02'")).isEqualTo(15);
            assertThat(db.count("SELECT sum(reject_delta) FROM counter_readings WHERE station = 'sew-02'")).isEqualTo(1);
            double after = Devices.metric(service.management.get("/metrics").body(),
                    "ingest_messages_total{outcome=\"duplicate\",reason=\"none\"}");
            assertThat(after - before).isEqualTo(1);
        } finally {
            Devices.closeQuietly(device);
        }
    }

    @Test
    void resetAndLateReadingsAreStoredWithWhatTheyAdded() {
        MqttClient device = Devices.connect(service.mqttUri(), "reset-1");
        try {
            publish(device, BASE + "sew-03/counter", counter(ts(50), 1L, 1000, 5), 1);
            publish(device, BASE + "sew-03/counter", counter(ts(40), 2L, 1010, 5), 1);
            publish(device, BASE + "sew-03/counter", counter(ts(30), 4L, 4, 0), 1);   // power cycle
            publish(device, BASE + "sew-03/counter", counter(ts(35), 3L, 1012, 5), 1); // buffered, arrives late
            publish(device, BASE + "sew-03/counter", counter(ts(20), 5L, 9, 1), 1);
            Map<String, Long> byOutcome = Map.of(
                    "BASELINE", db.count("SELECT count(*) FROM counter_readings WHERE station='sew-03' AND outcome='BASELINE'"),
                    "COUNTED", db.count("SELECT count(*) FROM counter_readings WHERE station='sew-03' AND outcome='COUNTED'"),
                    "RESET", db.count("SELECT count(*) FROM counter_readings WHERE station='sew-03' AND outcome='RESET'"),
                    "LATE", db.count("SELECT count(*) FROM counter_readings WHERE station='sew-03' AND outcome='LATE'"));
            assertThat(byOutcome).containsAllEntriesOf(Map.of("BASELINE", 1L, "COUNTED", 2L, "RESET", 1L, "LATE", 1L));
            // 10 before the reset, 4 at it, 5 after; the late reading adds nothing
            assertThat(db.count("SELECT sum(good_delta) FROM counter_readings WHERE station='sew-03'")).isEqualTo(19);
            assertThat(db.count("SELECT sum(reject_delta) FROM counter_readings WHERE station='sew-03'")).isEqualTo(1);
        } finally {
            Devices.closeQuietly(device);
        }
    }

    @Test
    void badMessagesAreRejectedByReasonWithoutDroppingTheConnection() {
        MqttClient device = Devices.connect(service.mqttUri(), "bad-1");
        try {
            String future = Instant.now().plus(10, ChronoUnit.MINUTES).toString();
            Map<String, String[]> cases = Map.of(
                    "topic_invalid", new String[]{"industries/MDI/textiles-1/sew-04/speed", counter(ts(1), null, 1, 0)},
                    "unknown_workshop", new String[]{"industries/MDI/woodwork-9/saw-1/counter", counter(ts(1), null, 1, 0)},
                    "malformed_json", new String[]{BASE + "sew-04/counter", "{\"ts\": "},
                    "missing_field", new String[]{BASE + "sew-04/counter", "{\"ts\":\"" + ts(1) + "\",\"good\":1}"},
                    "invalid_field", new String[]{BASE + "sew-04/state", "{\"ts\":\"" + ts(1) + "\",\"state\":\"ASLEEP\"}"},
                    "negative_count", new String[]{BASE + "sew-04/counter", counter(ts(1), null, -4, 0)},
                    "future_timestamp", new String[]{BASE + "sew-04/counter", counter(future, null, 1, 0)},
                    "payload_too_large", new String[]{BASE + "sew-04/counter",
                            "{\"ts\":\"" + ts(1) + "\",\"good\":1,\"reject\":0,\"pad\":\"" + "x".repeat(5000) + "\"}"});
            String scrapeBefore = service.management.get("/metrics").body();
            for (String[] c : cases.values()) {
                publish(device, c[0], c[1], 1);
            }
            // the connection is still there and still takes good messages
            assertThat(device.isConnected()).isTrue();
            publish(device, BASE + "sew-04/counter", counter(ts(5), 1L, 10, 0), 1);
            publish(device, BASE + "sew-04/counter", counter(ts(4), 2L, 12, 0), 1);
            assertThat(db.count("SELECT sum(good_delta) FROM counter_readings WHERE station='sew-04'")).isEqualTo(2);

            String scrapeAfter = service.management.get("/metrics").body();
            for (String reason : cases.keySet()) {
                String sample = "ingest_messages_total{outcome=\"rejected\",reason=\"" + reason + "\"}";
                assertThat(Devices.metric(scrapeAfter, sample) - Devices.metric(scrapeBefore, sample))
                        .as(reason).isEqualTo(1);
            }
            JsonArray rejected = service.http.get("/api/v1/ingest/rejected?limit=100").json().getJsonArray("items");
            assertThat(rejected.stream().map(o -> ((JsonObject) o).getString("reason")).collect(Collectors.toSet()))
                    .containsAll(cases.keySet());
            JsonObject tooLarge = rejected.stream().map(o -> (JsonObject) o)
                    .filter(o -> o.getString("reason").equals("payload_too_large")).findFirst().orElseThrow();
            assertThat(tooLarge.getString("detail")).contains("4096");
            assertThat(tooLarge.getString("payload").getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(4096 + 3);
            // no bad message touched the unknown workshop's or any station's counts
            assertThat(db.count("SELECT count(*) FROM counter_readings WHERE workshop='woodwork-9'")).isZero();
        } finally {
            Devices.closeQuietly(device);
        }
    }

    @Test
    void newStationIsRegisteredOnItsFirstValidMessage() {
        MqttClient device = Devices.connect(service.mqttUri(), "auto-1");
        try {
            publish(device, BASE + "press-7/state", "{\"ts\":\"" + ts(3) + "\",\"state\":\"DOWN\",\"reason\":\"CHANGEOVER\"}", 1);
            publish(device, BASE + "attendance", "{\"ts\":\"" + ts(2) + "\",\"present\":14}", 1);
            JsonObject workshop = service.http.get("/api/v1/workshops/MDI/textiles-1").json();
            JsonObject station = workshop.getJsonArray("stations").stream().map(o -> (JsonObject) o)
                    .filter(o -> o.getString("id").equals("press-7")).findFirst().orElseThrow();
            assertThat(station.getBoolean("autoRegistered")).isTrue();
            assertThat(db.count("SELECT count(*) FROM state_readings WHERE station='press-7' AND state='DOWN' AND reason='CHANGEOVER'"))
                    .isEqualTo(1);
            assertThat(db.count("SELECT max(present) FROM attendance_readings WHERE workshop='textiles-1'")).isEqualTo(14);
        } finally {
            Devices.closeQuietly(device);
        }
    }

    @Test
    void qosZeroReadingsAreStoredToo() {
        MqttClient device = Devices.connect(service.mqttUri(), "qos0-1");
        try {
            publish(device, BASE + "sew-05/counter", counter(ts(9), 1L, 1, 0), 0);
            publish(device, BASE + "sew-05/counter", counter(ts(8), 2L, 3, 0), 0);
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() ->
                    db.count("SELECT count(*) FROM counter_readings WHERE station='sew-05'") == 2);
        } finally {
            Devices.closeQuietly(device);
        }
    }

    @Test
    void mqttFiveDeviceIsToldWhyItsMessageWasRefused() throws Exception {
        var device = new org.eclipse.paho.mqttv5.client.MqttAsyncClient(service.mqttUri(), "v5-1", new MemoryPersistence());
        device.connect(new MqttConnectionOptions()).waitForCompletion(10_000);
        try {
            IMqttToken good = device.publish(BASE + "sew-05/state",
                    ("{\"ts\":\"" + ts(2) + "\",\"state\":\"RUNNING\"}").getBytes(StandardCharsets.UTF_8), 1, false);
            good.waitForCompletion(10_000);
            assertThat(good.getReasonCodes()).containsExactly(0);
            IMqttToken bad = device.publish(BASE + "sew-05/state",
                    "{\"state\":\"RUNNING\"}".getBytes(StandardCharsets.UTF_8), 1, false);
            bad.waitForCompletion(10_000);
            assertThat(bad.getReasonCodes()).containsExactly(0x99); // payload format invalid
            assertThat(device.isConnected()).isTrue();
        } finally {
            device.disconnect().waitForCompletion(10_000);
            device.close();
        }
    }
}
