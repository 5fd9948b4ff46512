package io.workshopmonitor.ingest;

import io.workshopmonitor.support.Devices;
import io.workshopmonitor.support.RunningService;
import io.workshopmonitor.support.TestDatabase;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class DeadLetterLimitIT {

    @TempDir
    Path dir;

    @Test
    void deadLetterStoreKeepsOnlyTheNewestUpToItsLimit() {
        TestDatabase db = TestDatabase.create();
        try (RunningService service = RunningService.start(RunningService.env(dir, Map.of(
                "WM_DATABASE_URL", db.url(), "WM_INGEST_DEAD_LETTER_LIMIT", "5")))) {
            MqttClient device = Devices.connect(service.mqttUri(), "noisy-1");
            try {
                for (int i = 0; i < 30; i++) {
                    Devices.publish(device, "industries/MDI/nowhere/st-1/counter", "{\"n\":" + i + "}", 1);
                }
            } finally {
                Devices.closeQuietly(device);
            }
            assertThat(db.count("SELECT count(*) FROM dead_letters")).isEqualTo(30);
            await().atMost(Duration.ofSeconds(30)).until(() -> db.count("SELECT count(*) FROM dead_letters") == 5);
            // the newest are the ones kept, and the API lists them newest first
            var items = service.http.get("/api/v1/ingest/rejected").json().getJsonArray("items");
            assertThat(items).hasSize(5);
            assertThat(items.getJsonObject(0).getString("payload")).isEqualTo("{\"n\":29}");
            assertThat(items.getJsonObject(4).getString("payload")).isEqualTo("{\"n\":25}");
        }
    }
}
