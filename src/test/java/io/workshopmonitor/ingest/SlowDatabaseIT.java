package io.workshopmonitor.ingest;

import io.vertx.core.json.JsonObject;
import io.workshopmonitor.support.DelayingProxy;
import io.workshopmonitor.support.Devices;
import io.workshopmonitor.support.RunningService;
import io.workshopmonitor.support.TestDatabase;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * PostgreSQL that takes seconds to answer (a real one behind a proxy that holds back its answers): a reading is
 * acknowledged only once it is committed, however long that takes; readiness says the database is the trouble;
 * when the database is quick again, so is the service, without a restart.
 */
class SlowDatabaseIT {

    private static final String TOPIC = "industries/MDI/textiles-1/sew-01/counter";

    @TempDir
    Path dir;

    @Test
    void aSlowDatabaseSlowsAcknowledgementsButNeverAcknowledgesBeforeTheCommit() throws Exception {
        TestDatabase db = TestDatabase.create();
        URI direct = URI.create(db.url());
        try (DelayingProxy proxy = new DelayingProxy(direct.getHost(), direct.getPort());
             RunningService service = RunningService.start(RunningService.env(dir, Map.of("WM_DATABASE_URL",
                     direct.getScheme() + "://" + direct.getRawUserInfo() + "@127.0.0.1:" + proxy.port() + direct.getRawPath())))) {
            service.configureWorkshop("MDI", "textiles-1", "sew-01");
            MqttAsyncClient device = new MqttAsyncClient(service.mqttUri(), "slow-db", new MemoryPersistence());
            MqttConnectOptions options = new MqttConnectOptions();
            options.setMaxInflight(100);
            device.connect(options).waitForCompletion(10_000);
            try {
                Instant base = Instant.now().minusSeconds(120);
                device.publish(TOPIC, Devices.counter(base.toString(), 1L, 10, 0).getBytes(StandardCharsets.UTF_8), 1, false)
                        .waitForCompletion(10_000);

                proxy.delay(3_000);
                long sent = System.nanoTime();
                IMqttDeliveryToken slow = device.publish(TOPIC,
                        Devices.counter(base.plusSeconds(1).toString(), 2L, 20, 0).getBytes(StandardCharsets.UTF_8), 1, false);
                // while the commit is held back: no PUBACK, and the reading is not in the database yet
                Thread.sleep(1_000);
                assertThat(slow.isComplete()).as("acknowledged before its commit").isFalse();
                assertThat(db.count("SELECT count(*) FROM counter_readings WHERE seq = 2")).isZero();
                JsonObject ready = service.management.get("/health/ready").json();
                await().atMost(Duration.ofSeconds(15)).until(() -> {
                    var r = service.management.get("/health/ready");
                    return r.status() == 503 && "DOWN".equals(r.json().getJsonObject("checks").getString("database"));
                });
                slow.waitForCompletion(60_000);
                long millis = (System.nanoTime() - sent) / 1_000_000;
                assertThat(db.count("SELECT count(*) FROM counter_readings WHERE seq = 2"))
                        .as("stored when acknowledged").isEqualTo(1);
                System.out.printf("PUBACK with the database answering 3 s late: %d ms (readiness before: %s)%n", millis, ready);
                assertThat(millis).as("the PUBACK waited for the commit").isGreaterThanOrEqualTo(3_000);

                proxy.delay(0);
                await().atMost(Duration.ofSeconds(30)).until(() -> service.management.get("/health/ready").status() == 200);
                long again = System.nanoTime();
                device.publish(TOPIC, Devices.counter(base.plusSeconds(2).toString(), 3L, 30, 0).getBytes(StandardCharsets.UTF_8), 1, false)
                        .waitForCompletion(10_000);
                System.out.printf("PUBACK once the database is quick again: %d ms%n", (System.nanoTime() - again) / 1_000_000);
                assertThat(db.count("SELECT count(*) FROM counter_readings WHERE seq IN (1, 2, 3)")).isEqualTo(3);
            } finally {
                // forcibly: a failed assertion above must not be hidden behind a slow goodbye
                device.disconnectForcibly(1_000, 1_000);
                device.close();
            }
        }
    }
}
