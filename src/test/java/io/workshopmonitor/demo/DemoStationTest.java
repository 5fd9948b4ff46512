package io.workshopmonitor.demo;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The simulated device sends what a real one would: valid, cumulative, with its scripted trouble. */
class DemoStationTest {

    private static final Instant START = Instant.parse("2026-11-24T08:30:00Z");
    private static final DemoStation.Spec SPEC = new DemoStation.Spec("sew-05", "Sewing 5", 10, 0.9, 0.97, "SHIRT");

    private static List<JsonObject> run(DemoStation station, Duration length, DemoStation.Phase phase) {
        List<JsonObject> out = new ArrayList<>();
        for (Instant t = START.plusSeconds(5); !t.isAfter(START.plus(length)); t = t.plusSeconds(5)) {
            for (DemoStation.Message m : station.advance(t, Duration.ofSeconds(5), phase, START, true, false)) {
                out.add(new JsonObject(m.payload()).put("kind", m.kind()));
            }
        }
        return out;
    }

    @Test
    void countsOnlyRiseAndRunAtAboutTheStationsRealRate() {
        List<JsonObject> messages = run(new DemoStation(SPEC, List.of(), 7), Duration.ofMinutes(60), DemoStation.Phase.IN_SESSION);
        List<JsonObject> counters = messages.stream().filter(m -> m.getString("kind").equals("counter")).toList();
        for (int i = 1; i < counters.size(); i++) {
            assertThat(counters.get(i).getLong("good")).isGreaterThanOrEqualTo(counters.get(i - 1).getLong("good"));
            assertThat(counters.get(i).getLong("seq")).isEqualTo(counters.get(i - 1).getLong("seq") + 1);
        }
        long made = counters.get(counters.size() - 1).getLong("good") + counters.get(counters.size() - 1).getLong("reject")
                - counters.get(0).getLong("good") - counters.get(0).getLong("reject");
        // ideal 360 an hour at a 10 s cycle, performance 0.9, less a few short stops
        assertThat(made).isBetween(250L, 340L);
        assertThat(messages).anyMatch(m -> m.getString("kind").equals("state") && "RUNNING".equals(m.getString("state")));
    }

    @Test
    void scriptedBreakdownAndPowerCycleHappenWhenScripted() {
        DemoStation station = new DemoStation(SPEC, List.of(
                DemoStation.Episode.down(Duration.ofMinutes(10), Duration.ofMinutes(8), "EQUIPMENT_FAULT"),
                DemoStation.Episode.counterReset(Duration.ofMinutes(30))), 3);
        List<JsonObject> messages = run(station, Duration.ofMinutes(40), DemoStation.Phase.IN_SESSION);
        JsonObject down = messages.stream().filter(m -> "DOWN".equals(m.getString("state"))
                && "EQUIPMENT_FAULT".equals(m.getString("reason"))).findFirst().orElseThrow();
        assertThat(Instant.parse(down.getString("ts"))).isEqualTo(START.plus(Duration.ofMinutes(10)));
        List<JsonObject> counters = messages.stream().filter(m -> m.getString("kind").equals("counter")).toList();
        boolean reset = false;
        for (int i = 1; i < counters.size(); i++) {
            reset |= counters.get(i).getLong("good") < counters.get(i - 1).getLong("good");
        }
        assertThat(reset).as("a power cycle sends a lower count with a later ts").isTrue();
    }

    @Test
    void curtailedSessionStandsIdleWithItsReasonAndStillReports() {
        List<JsonObject> messages = run(new DemoStation(SPEC, List.of(), 1), Duration.ofMinutes(5), DemoStation.Phase.CURTAILED);
        assertThat(messages).anyMatch(m -> "IDLE".equals(m.getString("state")) && "REGIME_CURTAILMENT".equals(m.getString("reason")));
        assertThat(messages.stream().filter(m -> m.getString("kind").equals("counter")).map(m -> m.getLong("good")).distinct())
                .hasSize(1);
    }
}
