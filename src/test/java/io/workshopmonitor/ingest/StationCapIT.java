package io.workshopmonitor.ingest;

import io.vertx.core.json.JsonObject;
import io.workshopmonitor.support.Devices;
import io.workshopmonitor.support.RunningService;
import io.workshopmonitor.support.TestDatabase;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A device inventing station names cannot add stations, or metric series, past the cap. */
class StationCapIT {

    @TempDir
    Path dir;

    @Test
    void autoRegistrationStopsAtTheCapAndLaterNamesAreRejectedAsUnknownStations() {
        try (RunningService service = RunningService.start(RunningService.env(dir, Map.of(
                "WM_DATABASE_URL", TestDatabase.create().url(), "WM_INGEST_MAX_STATIONS_PER_WORKSHOP", "3")))) {
            service.configureWorkshop("MDI", "textiles-1", "sew-01");
            MqttClient device = Devices.connect(service.mqttUri(), "inventive-device");
            try {
                for (int i = 1; i <= 10; i++) {
                    Devices.publish(device, "industries/MDI/textiles-1/made-up-" + i + "/counter",
                            Devices.counter(Instant.now().minusSeconds(60).toString(), 1L, 5, 0), 1);
                }
            } finally {
                Devices.closeQuietly(device);
            }
            JsonObject workshop = service.http.get("/api/v1/workshops/MDI/textiles-1").json();
            assertThat(workshop.getJsonArray("stations")).hasSize(3);
            String scrape = service.management.get("/metrics").body();
            assertThat(Devices.metric(scrape, "ingest_messages_total{outcome=\"rejected\",reason=\"unknown_station\"}"))
                    .isEqualTo(8);
            assertThat(service.http.get("/api/v1/ingest/rejected").json().getJsonArray("items").getJsonObject(0)
                    .getString("detail")).contains("ingest.maxStationsPerWorkshop (3)");
            // the configured station can always report; only inventing is capped
            MqttClient sewing = Devices.connect(service.mqttUri(), "sew-01-device");
            try {
                Devices.publish(sewing, "industries/MDI/textiles-1/sew-01/counter",
                        Devices.counter(Instant.now().minusSeconds(30).toString(), 1L, 5, 0), 1);
            } finally {
                Devices.closeQuietly(sewing);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> Devices.metric(service.management.get("/metrics").body(),
                    "ingest_messages_total{outcome=\"accepted\",reason=\"none\"}") == 3);
            assertThat(service.management.get("/metrics").body().lines()
                    .filter(l -> l.startsWith("workshop_units_good_total{")).count()).isLessThanOrEqualTo(3);
        }
    }
}
