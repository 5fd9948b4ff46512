package io.workshopmonitor.api;

import io.vertx.core.json.JsonObject;
import io.workshopmonitor.support.Http;
import io.workshopmonitor.support.RunningService;
import io.workshopmonitor.support.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class WorkshopApiIT {

    @TempDir
    static Path dataDir;
    private static RunningService service;

    private static final String VALID = """
            {"name": "Print shop", "kind": "print",
             "stations": [{"id": "press-1", "name": "Heidelberg", "idealCycleSeconds": 2.5},
                          {"id": "guillotine", "name": "Guillotine", "idealCycleSeconds": 6}],
             "schedule": {"timezone": "Europe/London",
                          "sessions": [{"days": ["MON", "TUE", "WED", "THU", "FRI"], "start": "08:30", "end": "11:30"},
                                       {"days": ["MON", "TUE", "WED", "THU"], "start": "13:30", "end": "16:30"}]},
             "target": {"unitsPerSession": 2400, "tolerance": 0.1},
             "qualityTarget": 0.97}""";

    @BeforeAll
    static void start() {
        service = RunningService.start(RunningService.env(dataDir, Map.of("WM_DATABASE_URL", TestDatabase.create().url())));
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void putCreatesThenReplacesAndGetReadsItBack() {
        Http.Response created = service.http.put("/api/v1/workshops/LPI/print", VALID);
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.contentType()).startsWith("application/json");
        JsonObject body = created.json();
        assertThat(body.getString("workshop")).isEqualTo("LPI/print");
        assertThat(body.getJsonObject("target").getLong("unitsPerSession")).isEqualTo(2400);
        assertThat(body.getJsonArray("stations")).hasSize(2);
        assertThat(body.getJsonObject("schedule").getJsonArray("sessions")).hasSize(2);
        // created now: the session kpis judge ended before it, and the next one is named for the screen to show
        java.time.Instant createdAt = java.time.Instant.parse(body.getString("createdAt"));
        assertThat(createdAt).isBetween(java.time.Instant.now().minusSeconds(60), java.time.Instant.now().plusSeconds(5));
        assertThat(java.time.Instant.parse(body.getJsonObject("nextSession").getString("start"))).isAfter(createdAt);

        String replacement = new JsonObject(VALID).put("name", "Print shop 2")
                .put("stations", new io.vertx.core.json.JsonArray().add(new JsonObject().put("id", "press-1")
                        .put("name", "Heidelberg").put("idealCycleSeconds", 3))).encode();
        Http.Response replaced = service.http.put("/api/v1/workshops/LPI/print", replacement);
        assertThat(replaced.status()).isEqualTo(200);

        JsonObject read = service.http.get("/api/v1/workshops/LPI/print").json();
        assertThat(read.getString("name")).isEqualTo("Print shop 2");
        assertThat(read.getJsonArray("stations")).hasSize(1);
        assertThat(read.getJsonArray("stations").getJsonObject(0).getDouble("idealCycleSeconds")).isEqualTo(3.0);
        assertThat(service.http.get("/api/v1/workshops").json().getJsonArray("workshops").stream()
                .map(o -> ((JsonObject) o).getString("workshop"))).contains("LPI/print");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "name     | {\"name\": \"\"}",
            "kind     | {\"kind\": \"Text Iles\"}",
            "stations[1].id | {\"stations\": [{\"id\": \"a\", \"idealCycleSeconds\": 1}, {\"id\": \"a\", \"idealCycleSeconds\": 1}]}",
            "stations[0].idealCycleSeconds | {\"stations\": [{\"id\": \"a\", \"idealCycleSeconds\": 0}]}",
            "schedule.timezone | {\"schedule\": {\"timezone\": \"Mars/Olympus\"}}",
            "schedule.sessions[0].start | {\"schedule\": {\"timezone\": \"UTC\", \"sessions\": [{\"days\": [\"MON\"], \"start\": \"8:30\", \"end\": \"11:30\"}]}}",
            "schedule.sessions[0].days | {\"schedule\": {\"timezone\": \"UTC\", \"sessions\": [{\"days\": [\"FUN\"], \"start\": \"08:30\", \"end\": \"11:30\"}]}}",
            "target.unitsPerSession | {\"target\": {\"unitsPerSession\": -1}}",
            "target.tolerance | {\"target\": {\"unitsPerSession\": 10, \"tolerance\": 2}}",
            "qualityTarget | {\"qualityTarget\": \"high\"}",
    })
    void invalidFieldGetsProblemNamingIt(String field, String override) {
        JsonObject body = new JsonObject(VALID).mergeIn(new JsonObject(override));
        Http.Response response = service.http.put("/api/v1/workshops/LPI/bad", body.encode());
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.contentType()).isEqualTo("application/problem+json");
        JsonObject problem = response.json();
        assertThat(problem.getInteger("status")).isEqualTo(400);
        assertThat(problem.getString("title")).isEqualTo("Bad Request");
        assertThat(problem.getString("detail")).contains("'" + field + "'");
        assertThat(service.http.get("/api/v1/workshops/LPI/bad").status()).isEqualTo(404);
    }

    @Test
    void malformedBodiesAndBadPathsAreClientErrors() {
        assertThat(service.http.put("/api/v1/workshops/LPI/print", "{not json").status()).isEqualTo(400);
        assertThat(service.http.put("/api/v1/workshops/LPI/print", "[1,2]").status()).isEqualTo(400);
        assertThat(service.http.put("/api/v1/workshops/LPI/print", "").status()).isEqualTo(400);
        Http.Response badPrison = service.http.put("/api/v1/workshops/lpi/print", VALID);
        assertThat(badPrison.status()).isEqualTo(400);
        assertThat(badPrison.json().getString("detail")).contains("three capital letters");
        assertThat(service.http.get("/api/v1/workshops/LPI/Print!").status()).isEqualTo(400);
    }

    @Test
    void unknownWorkshopAndPathAre404ProblemJson() {
        Http.Response unknown = service.http.get("/api/v1/workshops/ZZZ/nothing");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.contentType()).isEqualTo("application/problem+json");
        assertThat(unknown.json().getString("detail")).contains("ZZZ/nothing");
        Http.Response noRoute = service.http.get("/api/v1/no-such-thing");
        assertThat(noRoute.status()).isEqualTo(404);
        assertThat(noRoute.contentType()).isEqualTo("application/problem+json");
    }

    @Test
    void bodyOverTheLimitIs413() {
        String huge = new JsonObject(VALID).put("name", "x".repeat(70_000)).encode();
        Http.Response response = service.http.put("/api/v1/workshops/LPI/print", huge);
        assertThat(response.status()).isEqualTo(413);
        assertThat(response.contentType()).isEqualTo("application/problem+json");
    }

    @Test
    void rejectedListValidatesItsParameters() {
        assertThat(service.http.get("/api/v1/ingest/rejected").status()).isEqualTo(200);
        Http.Response bad = service.http.get("/api/v1/ingest/rejected?limit=0");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().getString("detail")).contains("limit");
    }

    @Test
    void healthAndMetricsAreOnTheManagementPort() {
        Http.Response live = service.management.get("/health/live");
        assertThat(live.status()).isEqualTo(200);
        Http.Response ready = service.management.get("/health/ready");
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.json().getJsonObject("checks").getMap()).containsEntry("database", "UP").containsEntry("mqtt", "UP");
        Http.Response metrics = service.management.get("/metrics");
        assertThat(metrics.contentType()).startsWith("text/plain");
        assertThat(metrics.body()).contains("ingest_messages_total{outcome=\"accepted\",reason=\"none\"}")
                .contains("jvm_memory_used_bytes");
        assertThat(service.http.get("/health/ready").status()).isEqualTo(404);
    }
}
