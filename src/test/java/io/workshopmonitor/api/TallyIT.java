package io.workshopmonitor.api;

import io.vertx.core.json.JsonObject;
import io.workshopmonitor.domain.Caller;
import io.workshopmonitor.live.LiveFiguresIntegrationTestSupport;
import io.workshopmonitor.support.FeedClient;
import io.workshopmonitor.support.Http;
import io.workshopmonitor.support.RunningService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A bench without a counter: tallies entered on the tablet count in the live figures, the live feed, history,
 * a contract and the loss breakdown exactly as device counts do, in any order, and survive a restart.
 */
class TallyIT {

    @TempDir
    Path dir;

    private static String workshopWithABench(Instant sessionStart) {
        JsonObject workshop = new JsonObject(LiveFiguresIntegrationTestSupport.workshop(sessionStart));
        workshop.getJsonArray("stations").add(new JsonObject().put("id", "bench-1").put("name", "Bench 1")
                .put("idealCycleSeconds", 30).put("manual", true));
        return workshop.encode();
    }

    private static String tally(Instant from, Instant to, long good, long reject) {
        return new JsonObject().put("from", from.toString()).put("to", to.toString()).put("good", good)
                .put("reject", reject).put("product", "TOTE-1").encode();
    }

    @Test
    void tabletTalliesCountLikeDeviceCountsInAnyOrderAndSurviveARestart() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant sessionStart = now.truncatedTo(ChronoUnit.MINUTES).minus(1, ChronoUnit.HOURS);
        Map<String, String> env = RunningService.env(dir, Map.of());
        String bench = "/api/v1/workshops/MDI/print-2/stations/bench-1/tallies";
        try (RunningService service = RunningService.start(env)) {
            Http admin = service.http;
            assertThat(admin.put("/api/v1/workshops/MDI/print-2", workshopWithABench(sessionStart)).status()).isEqualTo(201);
            assertThat(admin.get("/api/v1/workshops/MDI/print-2").json().getJsonArray("stations").getJsonObject(0)
                    .getBoolean("manual")).as("stations come back sorted; bench-1 first").isTrue();
            assertThat(admin.put("/api/v1/contracts/c-totes", new JsonObject().put("workshop", "MDI/print-2")
                    .put("customer", "Stores").put("product", "TOTE-1").put("quantity", 500)
                    .put("start", sessionStart.toString().substring(0, 10)).put("due", now.plus(Duration.ofDays(30)).toString().substring(0, 10))
                    .encode()).status()).isEqualTo(201);
            Http instructor = admin.as(service.token("i.bench", Caller.Role.INSTRUCTOR, "MDI"));
            try (FeedClient feed = new FeedClient(Integer.parseInt(env.get("WM_HTTP_PORT")), RunningService.adminToken(env))) {
                feed.send("{\"subscribe\": [\"MDI/print-2\"]}");
                feed.next(m -> m.getString("type").equals("snapshot"), Duration.ofSeconds(10));

                // the later half hour is entered first: tallies add, so the earlier one still counts
                Http.Response second = instructor.post(bench, tally(now.minus(30, ChronoUnit.MINUTES), now.minus(1, ChronoUnit.MINUTES), 40, 2));
                assertThat(second.status()).isEqualTo(201);
                assertThat(second.json().getString("id")).isNotBlank();
                assertThat(instructor.post(bench, tally(now.minus(60, ChronoUnit.MINUTES), now.minus(31, ChronoUnit.MINUTES), 35, 1))
                        .status()).isEqualTo(201);

                JsonObject session = admin.get("/api/v1/workshops/MDI/print-2/kpis").json().getJsonObject("session");
                assertThat(session.getLong("good")).isEqualTo(75);
                assertThat(session.getLong("reject")).isEqualTo(3);
                assertThat(feed.next(m -> m.getString("type").equals("kpi") && m.getJsonObject("session").getLong("good") == 75,
                        Duration.ofSeconds(10))).isNotNull();
            }
            assertThat(admin.get("/api/v1/contracts/c-totes").json().getLong("produced")).isEqualTo(75);
            long inHistory = admin.get("/api/v1/workshops/MDI/print-2/history?step=1h&from=" + now.minus(2, ChronoUnit.HOURS)
                    + "&to=" + now.plus(1, ChronoUnit.HOURS)).json().getJsonArray("points").stream()
                    .mapToLong(p -> ((JsonObject) p).getLong("good")).sum();
            assertThat(inHistory).isEqualTo(75);
            JsonObject losses = admin.get("/api/v1/workshops/MDI/print-2/losses").json();
            JsonObject benchLosses = losses.getJsonArray("stations").stream().map(JsonObject.class::cast)
                    .filter(s -> s.getString("station").equals("bench-1")).findFirst().orElseThrow();
            assertThat(benchLosses.getLong("good")).isEqualTo(75);
            assertThat(admin.get("/api/v1/workshops/MDI/print-2/tallies").json().getJsonArray("tallies")).hasSize(2);
            assertThat(admin.get("/api/v1/audit?prison=MDI").body()).contains("tally.recorded");

            // a station with a counter takes none, so nothing is counted twice; a viewer enters nothing
            Http.Response counted = instructor.post("/api/v1/workshops/MDI/print-2/stations/press-1/tallies",
                    tally(now.minus(10, ChronoUnit.MINUTES), now, 5, 0));
            assertThat(counted.status()).isEqualTo(409);
            assertThat(counted.json().getString("detail")).contains("has a counter");
            assertThat(admin.as(service.token("v.gov", Caller.Role.VIEWER, "MDI")).post(bench, tally(now.minus(5, ChronoUnit.MINUTES), now, 1, 0))
                    .status()).isEqualTo(403);
            assertThat(admin.as(service.token("i.lpi", Caller.Role.INSTRUCTOR, "LPI")).post(bench, tally(now.minus(5, ChronoUnit.MINUTES), now, 1, 0))
                    .status()).isEqualTo(404);
            assertThat(instructor.post("/api/v1/workshops/MDI/print-2/stations/bench-9/tallies", tally(now.minus(5, ChronoUnit.MINUTES), now, 1, 0))
                    .status()).isEqualTo(404);
            for (String bad : new String[]{tally(now, now.minus(5, ChronoUnit.MINUTES), 1, 0), tally(now.minus(5, ChronoUnit.MINUTES), now, 0, 0),
                    tally(now.minus(5, ChronoUnit.MINUTES), now, -1, 0), tally(now.minus(2, ChronoUnit.DAYS), now, 1, 0),
                    tally(now.minus(5, ChronoUnit.MINUTES), now.plus(1, ChronoUnit.HOURS), 1, 0), "{\"good\": 2.5}", "[]"}) {
                Http.Response refused = instructor.post(bench, bad);
                assertThat(refused.status()).as(bad).isEqualTo(400);
                assertThat(refused.contentType()).as(bad).startsWith("application/problem+json");
            }
        }
        try (RunningService again = RunningService.start(env)) {
            JsonObject session = again.http.get("/api/v1/workshops/MDI/print-2/kpis").json().getJsonObject("session");
            assertThat(session.getLong("good")).as("rebuilt from the store after a restart").isEqualTo(75);
            assertThat(again.http.get("/api/v1/contracts/c-totes").json().getLong("produced")).isEqualTo(75);
        }
    }
}
