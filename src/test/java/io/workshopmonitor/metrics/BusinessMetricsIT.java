package io.workshopmonitor.metrics;

import io.workshopmonitor.live.LiveFiguresIntegrationTestSupport;
import io.workshopmonitor.support.Devices;
import io.workshopmonitor.support.RunningService;
import io.workshopmonitor.support.TestDatabase;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/** The business metrics on the management port follow what devices send, under the contract's names. */
class BusinessMetricsIT {

    private static final String LABELS = "{prison=\"MDI\",workshop=\"print-2\"}";

    @TempDir
    Path dir;

    @Test
    void unitsAndFiguresReachPrometheusUnderTheContractsNames() {
        Instant now = Instant.now();
        try (RunningService service = RunningService.start(RunningService.env(dir,
                Map.of("WM_DATABASE_URL", TestDatabase.create().url())))) {
            service.http.put("/api/v1/workshops/MDI/print-2",
                    LiveFiguresIntegrationTestSupport.workshop(now.truncatedTo(ChronoUnit.MINUTES).minus(1, ChronoUnit.HOURS)));
            MqttClient device = Devices.connect(service.mqttUri(), "metrics-gw");
            try {
                String topic = "industries/MDI/print-2/press-1/counter";
                Devices.publish(device, topic, Devices.counter(now.minusSeconds(300).toString(), 1L, 100, 0), 1);
                Devices.publish(device, topic, Devices.counter(now.minusSeconds(200).toString(), 2L, 290, 2), 1);
                Devices.publish(device, topic, Devices.counter(now.minusSeconds(100).toString(), 3L, 300, 3), 1);
                Devices.publish(device, "industries/MDI/print-2/attendance",
                        "{\"ts\":\"" + now.minusSeconds(60) + "\",\"present\":11}", 1);
            } finally {
                Devices.closeQuietly(device);
            }
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(500)).until(() ->
                    Devices.metric(service.management.get("/metrics").body(), "workshop_attendance" + LABELS) == 11);
            String scrape = service.management.get("/metrics").body();
            String station = "{prison=\"MDI\",station=\"press-1\",workshop=\"print-2\"}";
            assertThat(Devices.metric(scrape, "workshop_units_good_total" + station)).isEqualTo(200);
            assertThat(Devices.metric(scrape, "workshop_units_rejected_total" + station)).isEqualTo(3);
            assertThat(Devices.metric(scrape, "workshop_quality_ratio" + LABELS)).isCloseTo(200.0 / 203, within(1e-9));
            assertThat(Devices.metric(scrape, "workshop_throughput_units_per_hour" + LABELS)).isEqualTo(800.0);
            // no state reports: availability is not defined, and says so rather than 0
            assertThat(scrape).contains("workshop_availability_ratio" + LABELS + " NaN");
            assertThat(scrape).contains("workshop_oee_ratio" + LABELS + " NaN");
        }
    }
}
