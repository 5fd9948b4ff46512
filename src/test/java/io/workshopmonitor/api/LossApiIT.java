package io.workshopmonitor.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.workshopmonitor.domain.Caller;
import io.workshopmonitor.support.Devices;
import io.workshopmonitor.support.Http;
import io.workshopmonitor.support.RunningService;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stops, their reasons and the loss breakdown over real sockets: readings in over MQTT, an instructor's reason
 * and a prison-wide closure in over HTTP, and the minutes moving where they should, with every role's limits.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LossApiIT {

    /** Yesterday, so every reading is in the past and the whole day counts. */
    private static final LocalDate DAY = LocalDate.now(ZoneOffset.UTC).minusDays(1);
    private static final String FROM = DAY.atStartOfDay(ZoneOffset.UTC).toInstant().toString();
    private static final String TO = DAY.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toString();
    private static final String RANGE = "?from=" + FROM + "&to=" + TO;

    @TempDir
    static Path dir;
    static RunningService service;
    static Http admin;

    private static String at(String time) {
        return DAY + "T" + time + ":00Z";
    }

    private static String workshop(String name, String station) {
        JsonArray days = new JsonArray().add("MON").add("TUE").add("WED").add("THU").add("FRI").add("SAT").add("SUN");
        return new JsonObject().put("name", name).put("kind", "print")
                .put("stations", new JsonArray().add(new JsonObject().put("id", station).put("idealCycleSeconds", 60)))
                .put("schedule", new JsonObject().put("timezone", "UTC").put("sessions", new JsonArray()
                        .add(new JsonObject().put("days", days).put("start", "09:00").put("end", "12:00"))))
                .put("target", new JsonObject().put("unitsPerSession", 150).put("tolerance", 0.1))
                .encode();
    }

    @BeforeAll
    static void start() {
        service = RunningService.start(RunningService.env(dir, Map.of()));
        admin = service.http;
        assertThat(admin.put("/api/v1/workshops/MDI/print-1", workshop("Print 1", "press-1")).status()).isEqualTo(201);
        assertThat(admin.put("/api/v1/workshops/MDI/bench-1", workshop("Bench 1", "bench-a")).status()).isEqualTo(201);
        assertThat(admin.put("/api/v1/workshops/LPI/print-1", workshop("LPI print", "press-1")).status()).isEqualTo(201);
        MqttClient device = Devices.connect(service.mqttUri(), "print-1-gw");
        try {
            String base = "industries/MDI/print-1/press-1/";
            Devices.publish(device, base + "state", state("09:00", "RUNNING", null), 1);
            Devices.publish(device, base + "state", state("09:30", "DOWN", "EQUIPMENT_FAULT"), 1);
            Devices.publish(device, base + "state", state("10:00", "RUNNING", null), 1);
            Devices.publish(device, base + "state", state("11:00", "IDLE", null), 1);
            Devices.publish(device, base + "state", state("11:15", "RUNNING", null), 1);
            // the first count sets the baseline; 100 good and 5 rejects at 60 s each follow
            Devices.publish(device, base + "counter", Devices.counter(at("08:59"), 1L, 1000, 20), 1);
            Devices.publish(device, base + "counter", Devices.counter(at("10:30"), 2L, 1100, 25), 1);
        } finally {
            Devices.closeQuietly(device);
        }
    }

    private static String state(String time, String state, String reason) {
        return new JsonObject().put("ts", at(time)).put("state", state).put("reason", reason).encode();
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    private static double minutes(JsonObject breakdown, String step) {
        for (Object s : breakdown.getJsonArray("waterfall")) {
            JsonObject part = (JsonObject) s;
            if (part.getString("step").equals(step)) {
                return part.getDouble("seconds") / 60;
            }
        }
        throw new AssertionError("no step " + step + " in " + breakdown);
    }

    private static void assertWaterfallAddsUp(JsonObject breakdown) {
        double lost = 0;
        for (Object s : breakdown.getJsonArray("waterfall")) {
            JsonObject part = (JsonObject) s;
            if (!part.getBoolean("total")) {
                lost += part.getDouble("seconds");
            }
        }
        assertThat(lost + minutes(breakdown, "good") * 60).isEqualTo(breakdown.getDouble("scheduledSeconds"));
    }

    @Test
    @Order(1)
    void aWorkshopsStopsAndLossesComeFromItsReadings() {
        JsonObject stops = admin.get("/api/v1/workshops/MDI/print-1/stops" + RANGE).json();
        assertThat(stops.getJsonArray("stops")).hasSize(2);
        JsonObject fault = stops.getJsonArray("stops").getJsonObject(0);
        assertThat(fault.getString("started")).isEqualTo(at("09:30"));
        assertThat(fault.getString("reason")).isEqualTo("EQUIPMENT_FAULT");
        assertThat(fault.getDouble("plannedSeconds")).isEqualTo(1800.0);
        JsonObject idle = stops.getJsonArray("stops").getJsonObject(1);
        assertThat(idle.getString("category")).isEqualTo("UNEXPLAINED");
        assertThat(stops.getJsonArray("reasons")).isNotEmpty();

        JsonObject total = admin.get("/api/v1/workshops/MDI/print-1/losses" + RANGE).json().getJsonObject("total");
        assertThat(minutes(total, "scheduled")).isEqualTo(180);
        assertThat(minutes(total, "workshopStops")).isEqualTo(30);
        assertThat(minutes(total, "unexplainedStops")).isEqualTo(15);
        assertThat(minutes(total, "running")).isEqualTo(135);
        assertThat(minutes(total, "good")).isEqualTo(100);
        assertThat(minutes(total, "rejectLoss")).isEqualTo(5);
        assertThat(minutes(total, "speedLoss")).isEqualTo(30);
        assertThat(total.getLong("good")).isEqualTo(100);
        assertThat(total.getLong("reject")).isEqualTo(5);
        assertThat(total.getJsonArray("pareto").getJsonObject(0).getString("reason")).isEqualTo("EQUIPMENT_FAULT");
        assertWaterfallAddsUp(total);
    }

    @Test
    @Order(2)
    void anInstructorsReasonMovesTheMinutesToItsCategoryAndIsAudited() {
        Http instructor = admin.as(service.token("i.one", Caller.Role.INSTRUCTOR, "MDI"));
        String path = "/api/v1/workshops/MDI/print-1/stops/press-1/" + at("11:00");
        Http.Response recorded = instructor.put(path, "{\"reason\": \"LATE_UNLOCK\", \"note\": \"movement held on the wing\"}");
        assertThat(recorded.status()).isEqualTo(200);
        assertThat(recorded.json().getString("by")).isEqualTo("i.one");
        assertThat(recorded.json().getString("category")).isEqualTo("REGIME");

        JsonObject total = admin.get("/api/v1/workshops/MDI/print-1/losses" + RANGE).json().getJsonObject("total");
        assertThat(minutes(total, "unexplainedStops")).isZero();
        assertThat(minutes(total, "regimeStops")).isEqualTo(15);
        assertThat(total.getDouble("regimeSeconds")).isEqualTo(900.0);
        assertThat(minutes(total, "running")).isEqualTo(135);
        JsonObject idle = admin.get("/api/v1/workshops/MDI/print-1/stops" + RANGE).json().getJsonArray("stops").getJsonObject(1);
        assertThat(idle.getString("reason")).isEqualTo("LATE_UNLOCK");
        assertThat(idle.getString("note")).isEqualTo("movement held on the wing");
        assertThat(idle.getString("recordedBy")).isEqualTo("i.one");
        assertThat(admin.get("/api/v1/audit?prison=MDI").body()).contains("stop.reason");
    }

    @Test
    @Order(3)
    void badReasonsNotesAndStopsAreRefusedWithWhatToFix() {
        Http instructor = admin.as(service.token("i.one", Caller.Role.INSTRUCTOR, "MDI"));
        String path = "/api/v1/workshops/MDI/print-1/stops/press-1/" + at("09:30");
        Http.Response badReason = instructor.put(path, "{\"reason\": \"TEA_BREAK\"}");
        assertThat(badReason.status()).isEqualTo(400);
        assertThat(badReason.contentType()).startsWith("application/problem+json");
        assertThat(badReason.json().getString("detail")).contains("'reason' must be one of").contains("NO_WORK");
        Http.Response person = instructor.put(path, "{\"reason\": \"NO_WORK\", \"note\": \"A1234BC off sick\"}");
        assertThat(person.status()).isEqualTo(400);
        assertThat(person.json().getString("detail")).contains("prison number");
        assertThat(instructor.put("/api/v1/workshops/MDI/print-1/stops/press-1/" + at("10:00"), "{\"reason\": \"NO_WORK\"}")
                .status()).as("10:00 is when it started running again, not a stop").isEqualTo(404);
        assertThat(instructor.put("/api/v1/workshops/MDI/print-1/stops/press-1/yesterday", "{\"reason\": \"NO_WORK\"}")
                .status()).isEqualTo(400);
        assertThat(admin.get("/api/v1/workshops/MDI/print-1/losses?from=" + TO + "&to=" + FROM).status()).isEqualTo(400);
        // a range wholly ahead has nothing in it yet: an empty breakdown, not an error
        String ahead = "?from=" + Instant.now().plus(Duration.ofDays(2)) + "&to=" + Instant.now().plus(Duration.ofDays(3));
        assertThat(admin.get("/api/v1/losses" + ahead).json().getJsonObject("total").getDouble("scheduledSeconds")).isZero();
        assertThat(admin.get("/api/v1/workshops/MDI/print-1/losses" + ahead).json().getJsonObject("total")
                .getDouble("scheduledSeconds")).isZero();
        assertThat(admin.get("/api/v1/losses?from=yesterday").status()).isEqualTo(400);
        assertThat(admin.get("/api/v1/losses?to=" + TO).json().getString("detail")).contains("'from' is required");
    }

    @Test
    @Order(4)
    void rejectsSplitByCodeLeaveTheRestUncodedAndNeverExceedWhatWasCounted() {
        Http instructor = admin.as(service.token("i.one", Caller.Role.INSTRUCTOR, "MDI"));
        String session = "/api/v1/workshops/MDI/print-1/stations/press-1/rejects/" + at("09:00");
        Http.Response split = instructor.put(session, "{\"codes\": {\"PRINT_FAULT\": 3, \"DAMAGED_MATERIAL\": 1}}");
        assertThat(split.status()).isEqualTo(200);
        assertThat(split.json().getLong("rejects")).isEqualTo(5);
        assertThat(split.json().getLong("uncoded")).isEqualTo(1);
        JsonArray rejects = admin.get("/api/v1/workshops/MDI/print-1/losses" + RANGE).json().getJsonObject("total").getJsonArray("rejects");
        assertThat(rejects.encode()).isEqualTo("[{\"code\":\"PRINT_FAULT\",\"units\":3},{\"code\":\"DAMAGED_MATERIAL\",\"units\":1},"
                + "{\"code\":null,\"units\":1}]");
        assertThat(admin.get("/api/v1/workshops/MDI/print-1/rejects?from=" + FROM + "&to=" + TO).json().getJsonArray("splits")).hasSize(1);

        Http.Response tooMany = instructor.put(session, "{\"codes\": {\"PRINT_FAULT\": 6}}");
        assertThat(tooMany.status()).isEqualTo(409);
        assertThat(tooMany.json().getString("detail")).contains("counted 5 rejects");
        assertThat(instructor.put(session, "{\"codes\": {\"COFFEE\": 1}}").json().getString("detail")).contains("not a reject code");
        assertThat(instructor.put("/api/v1/workshops/MDI/print-1/stations/press-1/rejects/" + at("09:05"), "{\"codes\": {}}").status())
                .as("no session starts then").isEqualTo(404);
        assertThat(admin.as(service.token("v.gov", Caller.Role.VIEWER, "MDI")).put(session, "{\"codes\": {}}").status()).isEqualTo(403);
        assertThat(admin.get("/api/v1/audit?prison=MDI").body()).contains("rejects.split");
    }

    @Test
    @Order(5)
    void aViewerReadsLossesButGivesNoReasonAndOtherPrisonsSeeNothing() {
        Http viewer = admin.as(service.token("v.gov", Caller.Role.VIEWER, "MDI"));
        assertThat(viewer.get("/api/v1/workshops/MDI/print-1/losses" + RANGE).status()).isEqualTo(200);
        assertThat(viewer.get("/api/v1/losses?prison=MDI&from=" + FROM + "&to=" + TO).status()).isEqualTo(200);
        assertThat(viewer.put("/api/v1/workshops/MDI/print-1/stops/press-1/" + at("09:30"), "{\"reason\": \"NO_WORK\"}")
                .status()).isEqualTo(403);
        Http lpi = admin.as(service.token("i.lpi", Caller.Role.INSTRUCTOR, "LPI"));
        assertThat(lpi.get("/api/v1/workshops/MDI/print-1/losses" + RANGE).status()).isEqualTo(404);
        assertThat(lpi.get("/api/v1/workshops/MDI/print-1/stops" + RANGE).status()).isEqualTo(404);
        assertThat(lpi.put("/api/v1/workshops/MDI/print-1/stops/press-1/" + at("09:30"), "{\"reason\": \"NO_WORK\"}")
                .status()).isEqualTo(404);
        assertThat(lpi.get("/api/v1/losses?prison=MDI").status()).isEqualTo(404);
        assertThat(lpi.get("/api/v1/losses").json().getJsonArray("workshops")).extracting(w -> ((JsonObject) w).getString("workshop"))
                .containsExactly("LPI/print-1");
    }

    @Test
    @Order(6)
    void aPrisonWideClosureTakesEveryWorkshopOfThatPrisonOutOfPlannedTime() {
        String lockdown = new JsonObject().put("from", at("11:30")).put("to", at("12:00")).put("reason", "LOCKDOWN").encode();
        assertThat(admin.as(service.token("v.gov", Caller.Role.VIEWER, "MDI")).post("/api/v1/prisons/MDI/closures", lockdown)
                .status()).isEqualTo(403);
        assertThat(admin.as(service.token("i.one", Caller.Role.INSTRUCTOR, "MDI")).post("/api/v1/prisons/MDI/closures", lockdown)
                .status()).as("an instructor closes their own workshop, not the prison").isEqualTo(403);
        assertThat(admin.as(service.token("m.lpi", Caller.Role.MANAGER, "LPI")).post("/api/v1/prisons/MDI/closures", lockdown)
                .status()).isEqualTo(404);
        Http manager = admin.as(service.token("m.mdi", Caller.Role.MANAGER, "MDI"));
        Http.Response closed = manager.post("/api/v1/prisons/MDI/closures", lockdown);
        assertThat(closed.status()).isEqualTo(201);
        assertThat(closed.json().getJsonArray("closures")).extracting(c -> ((JsonObject) c).getString("workshop"))
                .containsExactly("MDI/bench-1", "MDI/print-1");
        assertThat(admin.get("/api/v1/workshops/LPI/print-1/closures?from=" + FROM + "&to=" + TO).json()
                .getJsonArray("closures")).as("another prison's workshops stay open").isEmpty();

        JsonObject print = admin.get("/api/v1/workshops/MDI/print-1/losses" + RANGE).json().getJsonObject("total");
        assertThat(minutes(print, "closures")).isEqualTo(30);
        assertThat(minutes(print, "planned")).isEqualTo(150);
        assertThat(minutes(print, "running")).isEqualTo(105);
        assertThat(minutes(print, "speedLoss")).isZero();
        assertWaterfallAddsUp(print);

        JsonObject prison = admin.get("/api/v1/losses?prison=MDI&from=" + FROM + "&to=" + TO).json();
        JsonObject total = prison.getJsonObject("total");
        assertThat(prison.getJsonArray("workshops")).hasSize(2);
        assertThat(minutes(total, "scheduled")).isEqualTo(360);
        assertThat(minutes(total, "closures")).isEqualTo(60);
        assertThat(minutes(total, "unmonitored")).as("the bench has no state sensor").isEqualTo(150);
        assertThat(total.getDouble("regimeSeconds")).as("the lockdown in both, and the late unlock").isEqualTo((60 + 15) * 60.0);
        JsonObject top = total.getJsonArray("pareto").getJsonObject(0);
        assertThat(top.getString("reason")).isEqualTo("LOCKDOWN");
        assertThat(top.getInteger("count")).isEqualTo(2);
        assertWaterfallAddsUp(total);
        assertThat(admin.post("/api/v1/prisons/XYZ/closures", lockdown).status()).isEqualTo(404);
        assertThat(admin.post("/api/v1/prisons/mdi/closures", lockdown).status()).isEqualTo(400);
    }
}
