package io.workshopmonitor.live;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.workshopmonitor.support.Devices;
import io.workshopmonitor.support.FeedClient;
import io.workshopmonitor.support.Http;
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

/** MQTT in; the same figures out of kpis, the live feed and history; the same again after a restart. */
class LiveFiguresIntegrationIT {

    private static final String BASE = "industries/MDI/print-2/";

    @TempDir
    Path dir;

    @Test
    void figuresAgreeAcrossKpisLiveFeedHistoryAndARestart() throws Exception {
        Instant now = Instant.now();
        Instant sessionStart = now.truncatedTo(ChronoUnit.MINUTES).minus(1, ChronoUnit.HOURS);
        // embedded PostgreSQL under the data directory, as the README runs it: the restart is on that directory
        Map<String, String> env = RunningService.env(dir, Map.of());
        JsonObject before;
        try (RunningService service = RunningService.start(env)) {
            assertThat(service.http.put("/api/v1/workshops/MDI/print-2", LiveFiguresIntegrationTestSupport.workshop(sessionStart)).status()).isEqualTo(201);
            try (FeedClient feed = new FeedClient(Integer.parseInt(env.get("WM_HTTP_PORT")), RunningService.adminToken(env))) {
                feed.send("{\"subscribe\": [\"MDI/*\"]}");
                JsonObject snapshot = feed.next(m -> m.getString("type").equals("snapshot"), Duration.ofSeconds(10));
                assertThat(snapshot.getString("workshop")).isEqualTo("MDI/print-2");
                assertThat(snapshot.getJsonObject("session").getLong("good")).isZero();
                assertThat(snapshot.getJsonObject("session").getValue("quality")).isNull();

                MqttClient device = Devices.connect(service.mqttUri(), "print-2-gw");
                try {
                    Devices.publish(device, BASE + "press-1/state", state(sessionStart, "RUNNING"), 1);
                    Devices.publish(device, BASE + "press-1/counter", Devices.counter(ts(now, 30), 1L, 500, 10), 1);
                    Devices.publish(device, BASE + "press-1/counter", Devices.counter(ts(now, 10), 2L, 600, 12), 1);
                    Devices.publish(device, BASE + "press-2/counter", Devices.counter(ts(now, 9), 1L, 40, 0), 1);
                    Devices.publish(device, BASE + "press-2/counter", Devices.counter(ts(now, 8), 2L, 90, 1), 1);
                    // buffered by a gateway during a network cut, sent late but in order: lands in its own minute
                    Devices.publish(device, BASE + "press-1/counter", Devices.counter(ts(now, 5), 3L, 650, 12), 1);
                    Devices.publish(device, BASE + "attendance", "{\"ts\":\"" + ts(now, 4) + "\",\"present\":14}", 1);
                } finally {
                    Devices.closeQuietly(device);
                }

                JsonObject kpis = service.http.get("/api/v1/workshops/MDI/print-2/kpis").json();
                JsonObject session = kpis.getJsonObject("session");
                assertThat(session.getLong("good")).isEqualTo(200);       // 100 + 50 on press-1, 50 on press-2
                assertThat(session.getLong("reject")).isEqualTo(3);
                assertThat(session.getDouble("quality")).isCloseTo(200.0 / 203, within(1e-4));
                assertThat(session.getLong("target")).isEqualTo(3000);
                assertThat(session.getString("start")).isEqualTo(sessionStart.toString());
                assertThat(kpis.getJsonObject("window").getLong("good")).isEqualTo(200);
                assertThat(kpis.getJsonObject("window").getDouble("throughputPerHour")).isEqualTo(800.0);
                assertThat(kpis.getInteger("attendance")).isEqualTo(14);
                JsonObject press1 = station(kpis, "press-1");
                assertThat(press1.getString("state")).isEqualTo("RUNNING");
                assertThat(press1.getJsonObject("session").getDouble("availability")).isEqualTo(1.0);
                assertThat(press1.getJsonObject("session").containsKey("target")).isFalse();
                assertThat(station(kpis, "press-2").getJsonObject("session").getValue("availability")).isNull();

                // the live feed sends the same figures, coalesced into one message or a few
                JsonObject kpi = feed.next(m -> m.getString("type").equals("kpi")
                        && m.getJsonObject("session").getLong("good") == 200, Duration.ofSeconds(10));
                assertThat(kpi.getJsonObject("session").getLong("reject")).isEqualTo(3);
                assertThat(kpi.getInteger("attendance")).isEqualTo(14);
            }

            // history from stored readings, by minute
            Instant from = now.truncatedTo(ChronoUnit.MINUTES).minus(40, ChronoUnit.MINUTES);
            JsonObject history = service.http.get("/api/v1/workshops/MDI/print-2/history?from=" + from
                    + "&to=" + from.plus(40, ChronoUnit.MINUTES) + "&step=1m").json();
            JsonArray points = history.getJsonArray("points");
            assertThat(points).hasSize(40);
            assertThat(points.stream().mapToLong(p -> ((JsonObject) p).getLong("good")).sum()).isEqualTo(200);
            JsonObject late = points.stream().map(p -> (JsonObject) p)
                    .filter(p -> p.getString("start").equals(minuteOf(now, 5))).findFirst().orElseThrow();
            assertThat(late.getLong("good")).isEqualTo(50);
            assertThat(late.getDouble("throughputPerHour")).isEqualTo(3000.0);
            // the default range (the last 24 hours, to now) finds them too
            JsonArray defaults = service.http.get("/api/v1/workshops/MDI/print-2/history?step=1h").json().getJsonArray("points");
            assertThat(defaults.stream().mapToLong(p -> ((JsonObject) p).getLong("good")).sum()).isEqualTo(200);
            before = service.http.get("/api/v1/workshops/MDI/print-2/kpis").json();
        }

        try (RunningService service = RunningService.start(env)) {
            JsonObject after = service.http.get("/api/v1/workshops/MDI/print-2/kpis").json();
            assertThat(stable(after)).isEqualTo(stable(before));
        }
    }

    @Test
    void scheduleChangesWhileReadingsFlowLoseAndDoubleNothing() throws Exception {
        Instant now = Instant.now();
        Instant sessionStart = now.truncatedTo(ChronoUnit.MINUTES).minus(1, ChronoUnit.HOURS);
        TestDatabase db = TestDatabase.create();
        try (RunningService service = RunningService.start(RunningService.env(dir, Map.of("WM_DATABASE_URL", db.url())))) {
            String body = LiveFiguresIntegrationTestSupport.workshop(sessionStart);
            service.http.put("/api/v1/workshops/MDI/print-2", body);
            java.util.concurrent.atomic.AtomicBoolean publishing = new java.util.concurrent.atomic.AtomicBoolean(true);
            Thread publisher = new Thread(() -> {
                MqttClient device = Devices.connect(service.mqttUri(), "steady-gw");
                try {
                    for (long n = 1; publishing.get(); n++) {
                        Devices.publish(device, BASE + "press-1/counter",
                                Devices.counter(now.minusSeconds(120).plusMillis(n * 10).toString(), n, n, 0), 1);
                    }
                } finally {
                    Devices.closeQuietly(device);
                }
            });
            publisher.start();
            // each PUT adds or drops an evening session: a new schedule, so the live state is rebuilt
            for (int i = 0; i < 6; i++) {
                JsonObject changed = new JsonObject(body);
                if (i % 2 == 0) {
                    changed.getJsonObject("schedule").getJsonArray("sessions").add(new JsonObject()
                            .put("days", new JsonArray().add("SUN")).put("start", "03:00").put("end", "03:30"));
                }
                assertThat(service.http.put("/api/v1/workshops/MDI/print-2", changed.encode()).status()).isEqualTo(200);
                Thread.sleep(150);
            }
            publishing.set(false);
            publisher.join();
            long stored = db.count("SELECT coalesce(sum(good_delta), 0) FROM counter_readings WHERE station = 'press-1'");
            assertThat(stored).isPositive();
            JsonObject press1 = station(service.http.get("/api/v1/workshops/MDI/print-2/kpis").json(), "press-1");
            assertThat(press1.getJsonObject("session").getLong("good")).isEqualTo(stored);
        }
    }

    @Test
    void closureCurtailsTheSessionTargetAndCanBeWithdrawn() {
        Instant now = Instant.now();
        Instant sessionStart = now.truncatedTo(ChronoUnit.MINUTES).minus(1, ChronoUnit.HOURS);
        try (RunningService service = RunningService.start(RunningService.env(dir,
                Map.of("WM_DATABASE_URL", TestDatabase.create().url())))) {
            service.http.put("/api/v1/workshops/MDI/print-2", LiveFiguresIntegrationTestSupport.workshop(sessionStart));
            Instant closeFrom = sessionStart.plus(90, ChronoUnit.MINUTES);
            Http.Response added = service.http.post("/api/v1/workshops/MDI/print-2/closures", new JsonObject()
                    .put("from", closeFrom.toString()).put("to", closeFrom.plus(3, ChronoUnit.HOURS).toString())
                    .put("reason", "REGIME_CURTAILMENT").encode());
            assertThat(added.status()).isEqualTo(201);
            // 90 of 180 planned minutes are left
            assertThat(service.http.get("/api/v1/workshops/MDI/print-2/kpis").json()
                    .getJsonObject("session").getLong("target")).isEqualTo(1500);
            JsonArray listed = service.http.get("/api/v1/workshops/MDI/print-2/closures").json().getJsonArray("closures");
            assertThat(listed).hasSize(1);
            long id = listed.getJsonObject(0).getLong("id");
            assertThat(service.http.delete("/api/v1/workshops/MDI/print-2/closures/" + id).status()).isEqualTo(204);
            assertThat(service.http.delete("/api/v1/workshops/MDI/print-2/closures/" + id).status()).isEqualTo(404);
            assertThat(service.http.get("/api/v1/workshops/MDI/print-2/kpis").json()
                    .getJsonObject("session").getLong("target")).isEqualTo(3000);

            Http.Response bad = service.http.post("/api/v1/workshops/MDI/print-2/closures",
                    "{\"from\": \"2026-11-23T10:00:00Z\", \"to\": \"2026-11-23T09:00:00Z\", \"reason\": \"LOCKDOWN\"}");
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.json().getString("detail")).contains("'to'");
            Http.Response badReason = service.http.post("/api/v1/workshops/MDI/print-2/closures",
                    "{\"from\": \"2026-11-23T10:00:00Z\", \"to\": \"2026-11-23T11:00:00Z\", \"reason\": \"because\"}");
            assertThat(badReason.json().getString("detail")).contains("'reason'");
            assertThat(service.http.post("/api/v1/workshops/ZZZ/none/closures",
                    "{\"from\": \"2026-11-23T10:00:00Z\", \"to\": \"2026-11-23T11:00:00Z\", \"reason\": \"LOCKDOWN\"}").status())
                    .isEqualTo(404);
        }
    }

    @Test
    void historyRefusesBadStepsAndTooManyPointsSayingWhy() {
        try (RunningService service = RunningService.start(RunningService.env(dir,
                Map.of("WM_DATABASE_URL", TestDatabase.create().url())))) {
            service.http.put("/api/v1/workshops/MDI/print-2", LiveFiguresIntegrationTestSupport.workshop(Instant.now().truncatedTo(ChronoUnit.MINUTES)));
            Http.Response tooMany = service.http.get("/api/v1/workshops/MDI/print-2/history"
                    + "?from=2026-01-01T00:00:00Z&to=2026-03-01T00:00:00Z&step=1m");
            assertThat(tooMany.status()).isEqualTo(400);
            assertThat(tooMany.json().getString("detail")).contains("2000").contains("larger step");
            assertThat(service.http.get("/api/v1/workshops/MDI/print-2/history?step=30s").status()).isEqualTo(400);
            assertThat(service.http.get("/api/v1/workshops/MDI/print-2/history?step=2d").status()).isEqualTo(400);
            assertThat(service.http.get("/api/v1/workshops/MDI/print-2/history?from=yesterday").json()
                    .getString("detail")).contains("'from'");
            assertThat(service.http.get("/api/v1/workshops/MDI/print-2/history?step=PT1H").json()
                    .getJsonArray("points")).hasSize(24);
            assertThat(service.http.get("/api/v1/workshops/MDI/none/history").status()).isEqualTo(404);
            assertThat(service.http.get("/api/v1/workshops/MDI/none/kpis").status()).isEqualTo(404);
        }
    }

    private static String ts(Instant now, int minutesAgo) {
        return now.truncatedTo(ChronoUnit.MINUTES).minus(minutesAgo, ChronoUnit.MINUTES).plusSeconds(20).toString();
    }

    private static String minuteOf(Instant now, int minutesAgo) {
        return now.truncatedTo(ChronoUnit.MINUTES).minus(minutesAgo, ChronoUnit.MINUTES).toString();
    }

    private static String state(Instant ts, String state) {
        return "{\"ts\":\"" + ts + "\",\"state\":\"" + state + "\"}";
    }

    private static JsonObject station(JsonObject kpis, String id) {
        return kpis.getJsonArray("stations").stream().map(o -> (JsonObject) o)
                .filter(o -> o.getString("id").equals(id)).findFirst().orElseThrow();
    }

    /** The figures that do not move with the clock alone (performance does, as running time grows). */
    private static JsonObject stable(JsonObject kpis) {
        JsonObject copy = kpis.copy();
        copy.remove("at");
        copy.getJsonObject("session").remove("performance");
        copy.getJsonObject("session").remove("oee");
        copy.getJsonObject("session").remove("onPace");
        copy.getJsonArray("stations").forEach(s -> {
            ((JsonObject) s).getJsonObject("session").remove("performance");
            ((JsonObject) s).getJsonObject("session").remove("oee");
        });
        return copy;
    }
}
