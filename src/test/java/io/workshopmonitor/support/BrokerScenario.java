package io.workshopmonitor.support;

import org.eclipse.paho.client.mqttv3.MqttClient;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Broker mode against any real broker: readings arrive, the service goes away, more readings are published,
 * and the persistent session hands them over when it is back; each counted exactly once.
 */
public final class BrokerScenario {

    private static final String TOPIC = "industries/MDI/laundry/washer-1/counter";
    private final String brokerUri;
    private final TestDatabase db = TestDatabase.create();
    private final Map<String, String> env;
    private final Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(1, ChronoUnit.HOURS);
    private int seq;

    public BrokerScenario(String brokerUri, Path dataDir, String clientId, Map<String, String> extra) {
        this.brokerUri = brokerUri;
        Map<String, String> overrides = new java.util.HashMap<>(extra);
        overrides.put("WM_DATABASE_URL", db.url());
        overrides.put("WM_MQTT_BROKER_URL", brokerUri);
        overrides.put("WM_MQTT_CLIENT_ID", clientId);
        overrides.put("WM_MQTT_RECONNECT_MAX_SECONDS", "2");
        this.env = RunningService.env(dataDir, overrides);
    }

    public Map<String, String> env() {
        return env;
    }

    public TestDatabase db() {
        return db;
    }

    public RunningService startService() {
        RunningService service = RunningService.start(env);
        service.configureWorkshop("MDI", "laundry", "washer-1");
        awaitReady(service, 200);
        return service;
    }

    public void publish(int count) {
        publish(brokerUri, count);
    }

    public void publish(String uri, int count) {
        MqttClient device = Devices.connect(uri, "washer-1-device");
        try {
            for (int i = 0; i < count; i++) {
                seq++;
                Devices.publish(device, TOPIC, Devices.counter(start.plusSeconds(seq).toString(), (long) seq, seq * 2L, 0), 1);
            }
        } finally {
            Devices.closeQuietly(device);
        }
    }

    public void awaitRows(long rows) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> db.count("SELECT count(*) FROM counter_readings WHERE station = 'washer-1'") == rows);
    }

    public static void awaitReady(RunningService service, int status) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> service.management.get("/health/ready").status() == status);
    }

    /** 100 readings live, 50 while the service is away, all ingested once the persistent session resumes. */
    public void serviceRestartKeepsEverything() {
        RunningService service = startService();
        try {
            publish(100);
            awaitRows(100);
        } finally {
            service.close();
        }
        publish(50);
        service = startService();
        try {
            awaitRows(150);
        } finally {
            service.close();
        }
        assertCountedOnce();
    }

    /** Every reading after the baseline added exactly its difference of 2. */
    public void assertCountedOnce() {
        assertThat(db.count("SELECT sum(good_delta) FROM counter_readings WHERE station = 'washer-1'"))
                .isEqualTo(2L * (seq - 1));
        assertThat(db.count("SELECT count(DISTINCT seq) FROM counter_readings WHERE station = 'washer-1'"))
                .isEqualTo(seq);
    }
}
