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
            // the gauges refresh every 5 s; a timeout names what the scrape held instead
            java.util.concurrent.atomic.AtomicReference<String> last = new java.util.concurrent.atomic.AtomicReference<>("");
            try {
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
                    last.set(service.management.get("/metrics").body());
                    return Devices.metric(last.get(), "workshop_attendance" + LABELS) == 11;
                });
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError("workshop_attendance" + LABELS + " never reached 11; the workshop series scraped last: "
                        + last.get().lines().filter(l -> l.startsWith("workshop_")).toList()
                        + "; kpis: " + service.http.get("/api/v1/workshops/MDI/print-2/kpis").body(), e);
            }
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

    /**
     * Minutes lost by category for today, from the same analysis as the API's losses. The workshop's time zone
     * puts its local time near noon whatever the hour of the run, so "today" holds the whole scenario.
     */
    @Test
    void minutesLostTodayByCategoryReachPrometheus() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        int offset = Math.floorMod(12 - now.atZone(java.time.ZoneOffset.UTC).getHour() + 12, 24) - 12;
        java.time.ZoneId zone = java.time.ZoneOffset.ofHours(offset);
        java.time.format.DateTimeFormatter clock = java.time.format.DateTimeFormatter.ofPattern("HH:mm").withZone(zone);
        Instant start = now.truncatedTo(ChronoUnit.MINUTES).minus(2, ChronoUnit.HOURS);
        String workshop = new io.vertx.core.json.JsonObject().put("name", "Print 3").put("kind", "print")
                .put("stations", new io.vertx.core.json.JsonArray().add(new io.vertx.core.json.JsonObject()
                        .put("id", "press-1").put("idealCycleSeconds", 6)))
                .put("schedule", new io.vertx.core.json.JsonObject().put("timezone", zone.getId()).put("sessions",
                        new io.vertx.core.json.JsonArray().add(new io.vertx.core.json.JsonObject()
                                .put("days", new io.vertx.core.json.JsonArray().add("MON").add("TUE").add("WED").add("THU")
                                        .add("FRI").add("SAT").add("SUN"))
                                .put("start", clock.format(start)).put("end", clock.format(start.plus(3, ChronoUnit.HOURS))))))
                .encode();
        try (RunningService service = RunningService.start(RunningService.env(dir, Map.of()))) {
            assertThat(service.http.put("/api/v1/workshops/MDI/print-3", workshop).status()).isEqualTo(201);
            MqttClient device = Devices.connect(service.mqttUri(), "losses-gw");
            try {
                String topic = "industries/MDI/print-3/press-1/state";
                Devices.publish(device, topic, "{\"ts\":\"" + start + "\",\"state\":\"RUNNING\"}", 1);
                Devices.publish(device, topic, "{\"ts\":\"" + now.minus(40, ChronoUnit.MINUTES)
                        + "\",\"state\":\"DOWN\",\"reason\":\"EQUIPMENT_FAULT\"}", 1);
                Devices.publish(device, topic, "{\"ts\":\"" + now.minus(30, ChronoUnit.MINUTES) + "\",\"state\":\"RUNNING\"}", 1);
                Devices.publish(device, topic, "{\"ts\":\"" + now.minus(20, ChronoUnit.MINUTES) + "\",\"state\":\"IDLE\"}", 1);
                Devices.publish(device, topic, "{\"ts\":\"" + now.minus(15, ChronoUnit.MINUTES) + "\",\"state\":\"RUNNING\"}", 1);
                String counter = "industries/MDI/print-3/press-1/counter";
                Devices.publish(device, counter, Devices.counter(start.plusSeconds(60).toString(), 1L, 1000, 20), 1);
                Devices.publish(device, counter, Devices.counter(now.minusSeconds(60).toString(), 2L, 1500, 35), 1);
            } finally {
                Devices.closeQuietly(device);
            }
            String labels = "{category=\"equipment\",prison=\"MDI\",workshop=\"print-3\"}";
            await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(500)).until(() ->
                    Devices.metric(service.management.get("/metrics").body(), "workshop_lost_minutes" + labels) == 10.0);
            String scrape = service.management.get("/metrics").body();
            assertThat(Devices.metric(scrape, "workshop_lost_minutes{category=\"unexplained\",prison=\"MDI\",workshop=\"print-3\"}"))
                    .isEqualTo(5.0);
            assertThat(Devices.metric(scrape, "workshop_lost_minutes{category=\"regime\",prison=\"MDI\",workshop=\"print-3\"}")).isZero();
            assertThat(Devices.metric(scrape, "workshop_scheduled_minutes{prison=\"MDI\",workshop=\"print-3\"}"))
                    .isCloseTo(Duration.between(start, Instant.now()).toSeconds() / 60.0, within(1.0));

            // the session's sums behind its ratios, from which a prison's or the estate's OEE is divided: for one
            // workshop they give its own OEE
            String labels3 = "{prison=\"MDI\",workshop=\"print-3\"}";
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(500)).until(() -> Devices.metric(
                    service.management.get("/metrics").body(), "workshop_session_good_units" + labels3) == 500);
            String sums = service.management.get("/metrics").body();
            double availability = Devices.metric(sums, "workshop_session_running_seconds" + labels3)
                    / Devices.metric(sums, "workshop_session_planned_seconds" + labels3);
            double performance = Math.min(1, Devices.metric(sums, "workshop_session_ideal_seconds" + labels3)
                    / Devices.metric(sums, "workshop_session_performance_running_seconds" + labels3));
            double quality = 500.0 / (500 + Devices.metric(sums, "workshop_session_rejected_units" + labels3));
            assertThat(Devices.metric(sums, "workshop_session_ideal_seconds" + labels3)).isEqualTo(6.0 * (500 + 15));
            assertThat(availability * performance * quality)
                    .isCloseTo(Devices.metric(sums, "workshop_oee_ratio" + labels3), within(1e-3));

            // a later reading is added to the day's sums (the refreshes after the first read only what is new):
            // 300 more rejects are half an hour of the press's ideal time (6 s each) lost to quality
            String qualityLost = "workshop_lost_minutes{category=\"quality\",prison=\"MDI\",workshop=\"print-3\"}";
            double before = Devices.metric(service.management.get("/metrics").body(), qualityLost);
            MqttClient later = Devices.connect(service.mqttUri(), "losses-gw");
            try {
                Devices.publish(later, "industries/MDI/print-3/press-1/counter",
                        Devices.counter(Instant.now().toString(), 3L, 1500, 335), 1);
            } finally {
                Devices.closeQuietly(later);
            }
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() ->
                    Devices.metric(service.management.get("/metrics").body(), qualityLost) >= before + 29.9);
        }
    }
}
