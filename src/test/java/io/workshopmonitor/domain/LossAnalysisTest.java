package io.workshopmonitor.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class LossAnalysisTest {

    private static final ZoneId LONDON = ZoneId.of("Europe/London");
    private static final WorkshopKey WORKSHOP = new WorkshopKey("MDI", "textiles-1");
    /** Monday to Friday 08:30–11:30 and 13:30–16:30. */
    private static final Schedule SCHEDULE = new Schedule(LONDON, List.of(
            new SessionSpec(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), LocalTime.of(8, 30), LocalTime.of(11, 30)),
            new SessionSpec(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), LocalTime.of(13, 30), LocalTime.of(16, 30))));
    /** Monday 23 November 2026, the whole day. */
    private static final Interval MONDAY = new Interval(at("2026-11-23T00:00"), at("2026-11-24T00:00"));
    private static final Instant LATER = at("2026-12-01T00:00");

    private static Instant at(String local) {
        return java.time.LocalDateTime.parse(local).atZone(LONDON).toInstant();
    }

    private static StateReading state(String station, String local, MachineState state, StateReason reason) {
        return new StateReading(WORKSHOP.station(station), at(local), state, Optional.ofNullable(reason));
    }

    private static LossAnalysis.StationInput station(String id, double idealCycle, long good, long reject,
                                                     List<StateReading> states, Map<Instant, Stop.Recorded> recorded) {
        return new LossAnalysis.StationInput(id, idealCycle > 0 ? OptionalDouble.of(idealCycle) : OptionalDouble.empty(),
                states, good, reject, recorded);
    }

    private static long minutes(long millis) {
        return Duration.ofMillis(millis).toMinutes();
    }

    private static void assertAddsUp(LossBreakdown b) {
        long parts = b.closedTotal() + b.stopped().values().stream().mapToLong(LossBreakdown.Lost::millis).sum()
                + b.unexplained().millis() + b.unmonitored() + b.speedLoss() + b.rejectLoss() + b.goodTime();
        assertThat(parts).as("every part of the waterfall, summed").isEqualTo(b.scheduled());
        assertThat(b.speedLoss() + b.rejectLoss() + b.goodTime()).isEqualTo(b.running());
        assertThat(b.regime() + b.workshopControlled() + b.unmonitored() + b.goodTime()).isEqualTo(b.scheduled());
        assertThat(b.speedLoss()).isNotNegative();
        assertThat(b.rejectLoss()).isNotNegative();
        assertThat(b.goodTime()).isNotNegative();
        assertThat(b.running()).isNotNegative();
    }

    @Test
    void aDayOfOneStationSplitsIntoStopsByReasonSpeedRejectsAndGoodTime() {
        List<StateReading> states = List.of(
                state("sew-01", "2026-11-23T08:30", MachineState.RUNNING, null),
                state("sew-01", "2026-11-23T09:00", MachineState.DOWN, StateReason.EQUIPMENT_FAULT),
                state("sew-01", "2026-11-23T09:20", MachineState.RUNNING, null),
                state("sew-01", "2026-11-23T14:00", MachineState.IDLE, null),
                state("sew-01", "2026-11-23T14:30", MachineState.RUNNING, null));
        // 6 h scheduled, 20 min down (fault), 30 min idle (no reason): 310 min running; 1,200 good and 60 rejects
        // at 12 s each are 240 and 12 minutes, so 58 minutes went to speed
        LossAnalysis.Result result = LossAnalysis.workshop(SCHEDULE, List.of(), MONDAY, LATER,
                List.of(station("sew-01", 12, 1200, 60, states, Map.of())));
        LossBreakdown b = result.total();
        assertThat(minutes(b.scheduled())).isEqualTo(360);
        assertThat(minutes(b.planned())).isEqualTo(360);
        assertThat(minutes(b.stopped().get(StopReason.EQUIPMENT_FAULT).millis())).isEqualTo(20);
        assertThat(minutes(b.unexplained().millis())).isEqualTo(30);
        assertThat(minutes(b.running())).isEqualTo(310);
        assertThat(minutes(b.goodTime())).isEqualTo(240);
        assertThat(minutes(b.rejectLoss())).isEqualTo(12);
        assertThat(minutes(b.speedLoss())).isEqualTo(58);
        assertThat(result.stops()).extracting(Stop::category)
                .containsExactly(LossCategory.EQUIPMENT, LossCategory.UNEXPLAINED);
        assertAddsUp(b);
    }

    @Test
    void aStopAcrossTheLunchBreakLosesOnlyItsPlannedMinutes() {
        // DOWN from 11:00 to 14:00: 30 minutes of the morning and 30 of the afternoon, not the 2 hours between
        List<StateReading> states = List.of(
                state("sew-01", "2026-11-23T08:30", MachineState.RUNNING, null),
                state("sew-01", "2026-11-23T11:00", MachineState.DOWN, StateReason.MATERIAL_SHORTAGE),
                state("sew-01", "2026-11-23T14:00", MachineState.RUNNING, null));
        LossAnalysis.Result result = LossAnalysis.workshop(SCHEDULE, List.of(), MONDAY, LATER,
                List.of(station("sew-01", 0, 0, 0, states, Map.of())));
        assertThat(result.stops()).hasSize(1);
        assertThat(result.stops().get(0).planned()).isEqualTo(Duration.ofMinutes(60));
        assertThat(result.stops().get(0).started()).isEqualTo(at("2026-11-23T11:00"));
        assertThat(minutes(result.total().stopped().get(StopReason.MATERIAL_SHORTAGE).millis())).isEqualTo(60);
        assertAddsUp(result.total());
    }

    @Test
    void aStopInsideAClosureLosesNothingMoreAndTheClosureIsARegimeLoss() {
        // a lockdown 10:00–14:30 closes 90 minutes of the morning and 60 of the afternoon; the station was DOWN
        // from 09:30 to 15:00, of which only 09:30–10:00 and 14:30–15:00 were planned
        List<StateReading> states = List.of(
                state("sew-01", "2026-11-23T08:30", MachineState.RUNNING, null),
                state("sew-01", "2026-11-23T09:30", MachineState.DOWN, null),
                state("sew-01", "2026-11-23T15:00", MachineState.RUNNING, null));
        Closure lockdown = new Closure(1, WORKSHOP, at("2026-11-23T10:00"), at("2026-11-23T14:30"), Closure.Reason.LOCKDOWN);
        LossBreakdown b = LossAnalysis.workshop(SCHEDULE, List.of(lockdown), MONDAY, LATER,
                List.of(station("sew-01", 0, 0, 0, states, Map.of()))).total();
        assertThat(minutes(b.closed().get(StopReason.LOCKDOWN).millis())).isEqualTo(150);
        assertThat(minutes(b.planned())).isEqualTo(210);
        assertThat(minutes(b.unexplained().millis())).isEqualTo(60);
        assertThat(minutes(b.regime())).isEqualTo(150);
        assertThat(minutes(b.running())).isEqualTo(150);
        assertAddsUp(b);
    }

    @Test
    void overlappingClosuresCountTheirSharedTimeOnce() {
        Closure lockdown = new Closure(1, WORKSHOP, at("2026-11-23T08:00"), at("2026-11-23T10:30"), Closure.Reason.LOCKDOWN);
        Closure staff = new Closure(2, WORKSHOP, at("2026-11-23T09:30"), at("2026-11-23T11:30"), Closure.Reason.STAFF_UNAVAILABLE);
        LossBreakdown b = LossAnalysis.workshop(SCHEDULE, List.of(staff, lockdown), MONDAY, LATER,
                List.of(station("sew-01", 0, 0, 0, List.of(state("sew-01", "2026-11-23T08:00", MachineState.RUNNING, null)), Map.of()))).total();
        assertThat(minutes(b.closed().get(StopReason.LOCKDOWN).millis())).isEqualTo(120);
        assertThat(minutes(b.closed().get(StopReason.STAFF_SHORTAGE).millis())).isEqualTo(60);
        assertThat(minutes(b.planned())).isEqualTo(180);
        assertAddsUp(b);
    }

    @Test
    void aReasonGivenAfterTheFactMovesMinutesBetweenCategoriesAndNothingElse() {
        List<StateReading> states = List.of(
                state("sew-01", "2026-11-23T08:30", MachineState.RUNNING, null),
                state("sew-01", "2026-11-23T09:00", MachineState.IDLE, null),
                state("sew-01", "2026-11-23T09:45", MachineState.RUNNING, null));
        LossBreakdown before = LossAnalysis.workshop(SCHEDULE, List.of(), MONDAY, LATER,
                List.of(station("sew-01", 10, 900, 30, states, Map.of()))).total();
        Stop.Recorded lateUnlock = new Stop.Recorded(StopReason.LATE_UNLOCK, Optional.of("movement held"), "i.one", LATER);
        LossBreakdown after = LossAnalysis.workshop(SCHEDULE, List.of(), MONDAY, LATER,
                List.of(station("sew-01", 10, 900, 30, states, Map.of(at("2026-11-23T09:00"), lateUnlock)))).total();

        assertThat(minutes(before.unexplained().millis())).isEqualTo(45);
        assertThat(after.unexplained()).isEqualTo(LossBreakdown.Lost.NONE);
        assertThat(minutes(after.stopped().get(StopReason.LATE_UNLOCK).millis())).isEqualTo(45);
        assertThat(after.regime() - before.regime()).isEqualTo(Duration.ofMinutes(45).toMillis());
        assertThat(before.workshopControlled() - after.workshopControlled()).isEqualTo(Duration.ofMinutes(45).toMillis());
        // the regime took it before the workshop had it: planned, running and what was made do not move
        assertThat(after.scheduled()).isEqualTo(before.scheduled());
        assertThat(after.planned()).isEqualTo(before.planned());
        assertThat(after.running()).isEqualTo(before.running());
        assertThat(after.goodTime()).isEqualTo(before.goodTime());
        assertThat(after.speedLoss()).isEqualTo(before.speedLoss());
        assertThat(after.rejectLoss()).isEqualTo(before.rejectLoss());
        assertThat(after.available()).isEqualTo(before.available() - Duration.ofMinutes(45).toMillis());
        assertAddsUp(before);
        assertAddsUp(after);
    }

    @Test
    void anInstructorsReasonWinsOverTheDevicesOwn() {
        List<StateReading> states = List.of(
                state("sew-01", "2026-11-23T08:30", MachineState.DOWN, StateReason.EQUIPMENT_FAULT),
                state("sew-01", "2026-11-23T09:00", MachineState.RUNNING, null));
        Stop.Recorded changeover = new Stop.Recorded(StopReason.CHANGEOVER, Optional.empty(), "i.one", LATER);
        LossAnalysis.Result result = LossAnalysis.workshop(SCHEDULE, List.of(), MONDAY, LATER,
                List.of(station("sew-01", 0, 0, 0, states, Map.of(at("2026-11-23T08:30"), changeover))));
        Stop stop = result.stops().get(0);
        assertThat(stop.reported()).contains(StopReason.EQUIPMENT_FAULT);
        assertThat(stop.reason()).contains(StopReason.CHANGEOVER);
        assertThat(result.total().stopped()).containsOnlyKeys(StopReason.CHANGEOVER);
    }

    @Test
    void repeatedReportsOfOneStopAreOneStopAndANewReasonIsANewOne() {
        List<StateReading> states = List.of(
                state("sew-01", "2026-11-23T08:30", MachineState.DOWN, StateReason.EQUIPMENT_FAULT),
                state("sew-01", "2026-11-23T08:40", MachineState.DOWN, StateReason.EQUIPMENT_FAULT),
                state("sew-01", "2026-11-23T08:50", MachineState.DOWN, StateReason.CHANGEOVER),
                state("sew-01", "2026-11-23T09:00", MachineState.RUNNING, null));
        LossAnalysis.Result result = LossAnalysis.workshop(SCHEDULE, List.of(), MONDAY, LATER,
                List.of(station("sew-01", 0, 0, 0, states, Map.of())));
        assertThat(result.stops()).extracting(Stop::started)
                .containsExactly(at("2026-11-23T08:30"), at("2026-11-23T08:50"));
        assertThat(result.stops()).extracting(Stop::planned).containsExactly(Duration.ofMinutes(20), Duration.ofMinutes(10));
    }

    @Test
    void timeBeforeAStationsFirstReportIsAnUnexplainedStopAndAStationThatNeverReportsIsUnmonitored() {
        LossAnalysis.Result result = LossAnalysis.workshop(SCHEDULE, List.of(), MONDAY, LATER, List.of(
                station("sew-01", 0, 0, 0, List.of(state("sew-01", "2026-11-23T09:00", MachineState.RUNNING, null)), Map.of()),
                station("bench-1", 0, 400, 10, List.of(), Map.of())));
        assertThat(result.stops()).hasSize(1);
        Stop silent = result.stops().get(0);
        assertThat(silent.state()).isEmpty();
        assertThat(silent.planned()).isEqualTo(Duration.ofMinutes(30));
        LossBreakdown bench = result.stations().get("bench-1");
        assertThat(minutes(bench.unmonitored())).isEqualTo(360);
        assertThat(bench.good()).isEqualTo(400);
        assertThat(result.total().good()).isEqualTo(400);
        assertThat(minutes(result.total().scheduled())).isEqualTo(720);
        assertAddsUp(result.total());
    }

    @Test
    void timeThatHasNotHappenedYetIsNeitherScheduledNorLost() {
        Instant now = at("2026-11-23T10:00");
        List<StateReading> states = List.of(state("sew-01", "2026-11-23T09:30", MachineState.DOWN, null));
        LossAnalysis.Result result = LossAnalysis.workshop(SCHEDULE, List.of(), MONDAY, now,
                List.of(station("sew-01", 0, 0, 0, states, Map.of())));
        assertThat(minutes(result.total().scheduled())).isEqualTo(90);
        assertThat(result.stops()).extracting(Stop::planned).containsExactly(Duration.ofMinutes(60), Duration.ofMinutes(30));
        assertThat(result.stops().get(1).ended()).isEmpty();
        assertAddsUp(result.total());
    }

    @Test
    void rejectsByCodeAddUpAcrossStationsAndTheRestAreUncoded() {
        List<StateReading> running = List.of(state("a", "2026-11-23T08:30", MachineState.RUNNING, null));
        LossAnalysis.Result result = LossAnalysis.workshop(SCHEDULE, List.of(), MONDAY, LATER, List.of(
                new LossAnalysis.StationInput("a", OptionalDouble.empty(), running, 100, 10, Map.of(),
                        Map.of(RejectCode.PRINT_FAULT, 6L)),
                new LossAnalysis.StationInput("b", OptionalDouble.empty(), List.of(), 50, 4, Map.of(),
                        Map.of(RejectCode.PRINT_FAULT, 1L, RejectCode.DAMAGED_MATERIAL, 2L))));
        assertThat(result.total().rejectsByCode()).containsEntry(RejectCode.PRINT_FAULT, 7L).containsEntry(RejectCode.DAMAGED_MATERIAL, 2L);
        assertThat(result.total().rejectsUncoded()).isEqualTo(5);
        assertThat(result.stations().get("b").rejectsUncoded()).isEqualTo(1);
    }

    @Test
    void aClosureIsCountedOnceForTheWorkshopHoweverManyStationsItClosed() {
        Closure lockdown = new Closure(1, WORKSHOP, at("2026-11-23T13:30"), at("2026-11-23T16:30"), Closure.Reason.LOCKDOWN);
        List<StateReading> running = List.of(state("a", "2026-11-23T08:30", MachineState.RUNNING, null));
        LossBreakdown b = LossAnalysis.workshop(SCHEDULE, List.of(lockdown), MONDAY, LATER, List.of(
                station("a", 0, 0, 0, running, Map.of()), station("b", 0, 0, 0, running, Map.of()),
                station("c", 0, 0, 0, running, Map.of()))).total();
        assertThat(b.closed().get(StopReason.LOCKDOWN)).isEqualTo(new LossBreakdown.Lost(Duration.ofHours(9).toMillis(), 1));
        assertAddsUp(b);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 5, 8, 13, 21, 34, 55, 89})
    void theWaterfallAddsUpToScheduledTimeExactlyWhateverHappens(long seed) {
        Random random = new Random(seed);
        Instant from = at("2026-11-23T00:00");
        List<Closure> closures = new ArrayList<>();
        for (int i = 0; i < random.nextInt(4); i++) {
            Instant start = from.plusSeconds(random.nextInt(5 * 86_400));
            closures.add(new Closure(i, WORKSHOP, start, start.plusSeconds(60 + random.nextInt(20_000)),
                    Closure.Reason.values()[random.nextInt(Closure.Reason.values().length)]));
        }
        List<LossAnalysis.StationInput> stations = new ArrayList<>();
        for (int s = 0; s < 4; s++) {
            List<StateReading> states = new ArrayList<>();
            Instant t = from.minusSeconds(random.nextInt(3_600));
            while (t.isBefore(from.plus(Duration.ofDays(5))) && s < 3) {
                MachineState state = MachineState.values()[random.nextInt(MachineState.values().length)];
                StateReason reason = random.nextBoolean() ? null : StateReason.values()[random.nextInt(StateReason.values().length)];
                states.add(new StateReading(WORKSHOP.station("st-" + s), t.plusMillis(random.nextInt(1000)), state,
                        Optional.ofNullable(state == MachineState.RUNNING ? null : reason)));
                t = t.plusSeconds(1 + random.nextInt(7_200));
            }
            stations.add(station("st-" + s, random.nextInt(30), random.nextInt(5_000), random.nextInt(500), states, Map.of()));
        }
        Interval range = new Interval(from.plusSeconds(random.nextInt(86_400)), from.plus(Duration.ofDays(5)));
        LossAnalysis.Result result = LossAnalysis.workshop(SCHEDULE, closures, range, LATER, stations);
        assertAddsUp(result.total());
        result.stations().values().forEach(LossAnalysisTest::assertAddsUp);
        long stopped = result.stops().stream().mapToLong(stop -> stop.planned().toMillis()).sum();
        LossBreakdown t = result.total();
        assertThat(stopped).as("the stops listed are the stopped time counted")
                .isEqualTo(t.stopped().values().stream().mapToLong(LossBreakdown.Lost::millis).sum() + t.unexplained().millis());
    }
}
