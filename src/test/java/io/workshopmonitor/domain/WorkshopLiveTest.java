package io.workshopmonitor.domain;

import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class WorkshopLiveTest {

    private static final WorkshopKey KEY = new WorkshopKey("MDI", "textiles-1");
    // 23 November 2026 is a Monday; London is on UTC in winter, so local times read as UTC below
    private static final Instant START = Instant.parse("2026-11-23T08:30:00Z");
    private static final Instant HALF = Instant.parse("2026-11-23T10:00:00Z");

    private static Workshop workshop(long target, double tolerance, Station... stations) {
        Schedule schedule = new Schedule(ZoneId.of("Europe/London"), List.of(new SessionSpec(
                EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), LocalTime.of(8, 30), LocalTime.of(11, 30))));
        return new Workshop(KEY, "Textiles", "textiles", List.of(stations), schedule, new Target(target, tolerance), 0.95);
    }

    private static Station station(String id, double idealCycle) {
        return new Station(id, Optional.of(id), OptionalDouble.of(idealCycle), false);
    }

    private static StateReading state(String station, Instant ts, MachineState state) {
        return new StateReading(KEY.station(station), ts, state, Optional.empty());
    }

    @Test
    void nothingMadeGivesNullRatiosNotZeroOrNaN() {
        WorkshopLive live = new WorkshopLive(workshop(2400, 0.1, station("sew-01", 10)), List.of(), 15);
        WorkshopFigures figures = live.figures(HALF);
        assertThat(figures.window().good()).isZero();
        assertThat(figures.window().throughputPerHour()).isZero();
        assertThat(figures.window().quality()).isNull();
        assertThat(figures.session().quality()).isNull();
        assertThat(figures.session().availability()).isNull();
        assertThat(figures.session().performance()).isNull();
        assertThat(figures.session().oee()).isNull();
        assertThat(figures.attendance()).isNull();
        assertThat(figures.session().onPace()).isFalse();
    }

    /** What the owner does with each committed reading: counter semantics first, then the figures. */
    private static void apply(WorkshopLive live, Applied applied, Instant now) {
        if (applied instanceof Applied.Units units) {
            live.addUnits(units.station().station(), units.ts(), units.good(), units.reject(), now);
        }
    }

    @Test
    void manualTalliesAndCounterReadingsAddUpInOneWorkshopInAnyOrder() {
        WorkshopLive live = new WorkshopLive(workshop(2400, 0.1, station("sew-01", 10),
                new Station("bench-1", Optional.empty(), OptionalDouble.of(60), false, true)), List.of(), 15);
        CounterTracker sew = new CounterTracker();
        for (CounterReading reading : List.of(
                new CounterReading(KEY.station("sew-01"), START.plusSeconds(60), OptionalLong.of(1), 1000, 10, Optional.empty()),
                new CounterReading(KEY.station("sew-01"), START.plusSeconds(1800), OptionalLong.of(2), 1300, 14, Optional.empty()),
                // a counter reset: counting carries on from its new value
                new CounterReading(KEY.station("sew-01"), START.plusSeconds(3600), OptionalLong.of(3), 50, 1, Optional.empty()))) {
            apply(live, Applied.counter(java.util.UUID.randomUUID(), reading, sew.apply(reading)), HALF);
        }
        // the later half hour is entered first: a tally adds what it says, whatever came before
        for (TallyReading tally : List.of(
                new TallyReading(KEY.station("bench-1"), START.plusSeconds(3600), START.plusSeconds(5400), 25, 2, Optional.empty()),
                new TallyReading(KEY.station("bench-1"), START, START.plusSeconds(3600), 30, 1, Optional.empty()))) {
            apply(live, Applied.counter(java.util.UUID.randomUUID(), tally.asCounterReading(), tally.update()), HALF);
        }
        SessionFigures session = live.figures(HALF).session();
        assertThat(session.good()).as("300 + 50 counted, 30 + 25 tallied").isEqualTo(405);
        assertThat(session.reject()).isEqualTo(4 + 1 + 2 + 1);
        assertThat(new TallyReading(KEY.station("bench-1"), START, HALF, 3, 0, Optional.empty()).update().kind().advances())
                .as("a tally is no reference point for a device's counter").isFalse();
    }

    @Test
    void workshopQualityIsBuiltFromUnitsNotAnAverageOfStationRatios() {
        WorkshopLive live = new WorkshopLive(workshop(2400, 0.1, station("a", 10), station("b", 10)), List.of(), 15);
        live.addUnits("a", HALF.minusSeconds(60), 90, 10, HALF);
        live.addUnits("b", HALF.minusSeconds(60), 1, 0, HALF);
        WorkshopFigures figures = live.figures(HALF);
        assertThat(figures.session().quality()).isCloseTo(91.0 / 101, within(1e-9));
        assertThat(figures.window().quality()).isCloseTo(91.0 / 101, within(1e-9));
        assertThat(figures.stations().get(0).session().quality()).isEqualTo(0.9);
        assertThat(figures.stations().get(1).session().quality()).isEqualTo(1.0);
    }

    @Test
    void windowCountsOnlyItsMinutesAndScalesToAnHour() {
        WorkshopLive live = new WorkshopLive(workshop(2400, 0.1, station("a", 10)), List.of(), 15);
        live.addUnits("a", HALF.minusSeconds(20 * 60), 100, 0, HALF); // outside the window
        live.addUnits("a", HALF.minusSeconds(14 * 60), 30, 1, HALF);
        live.addUnits("a", HALF.minusSeconds(1), 20, 0, HALF);
        WindowFigures window = live.figures(HALF).window();
        assertThat(window.good()).isEqualTo(50);
        assertThat(window.reject()).isEqualTo(1);
        assertThat(window.throughputPerHour()).isEqualTo(200.0);
        // the session holds all three
        assertThat(live.figures(HALF).session().good()).isEqualTo(150);
    }

    @Test
    void windowIsExactlyItsMinutesEvenInTheFirstSecondOfAMinute() {
        WorkshopLive live = new WorkshopLive(workshop(2400, 0.1, station("a", 10)), List.of(), 15);
        Instant now = HALF.plusMillis(400);             // 10:00:00.400
        live.addUnits("a", HALF.minusSeconds(15 * 60), 7, 0, now);   // 09:45, before now - 15 min
        live.addUnits("a", HALF.minusSeconds(14 * 60), 5, 0, now);   // 09:46
        assertThat(live.figures(now).window().good()).isEqualTo(5);
    }

    @Test
    void windowSumsFollowNewUnitsAndTheTurningMinuteBetweenTwoFigures() {
        WorkshopLive live = new WorkshopLive(workshop(2400, 0.1, station("a", 10), station("b", 10)), List.of(), 15);
        live.addUnits("a", HALF.minusSeconds(14 * 60 + 30), 4, 0, HALF); // 09:45:30
        live.addUnits("b", HALF.minusSeconds(60), 2, 0, HALF);
        assertThat(live.figures(HALF).window().good()).isEqualTo(6);
        // the same minutes again, with new units at one station only
        live.addUnits("b", HALF.minusSeconds(30), 3, 1, HALF);
        WorkshopFigures again = live.figures(HALF);
        assertThat(again.window().good()).isEqualTo(9);
        assertThat(again.window().reject()).isEqualTo(1);
        assertThat(stationWindowGood(again, "a")).isEqualTo(4);
        // seconds on, the minute of 09:45 has left the window, though no unit arrived in between
        WorkshopFigures later = live.figures(HALF.plusSeconds(20));
        assertThat(later.window().good()).isEqualTo(5);
        assertThat(stationWindowGood(later, "a")).isZero();
    }

    private static long stationWindowGood(WorkshopFigures figures, String station) {
        return figures.stations().stream().filter(s -> s.id().equals(station)).findFirst().orElseThrow()
                .window().good();
    }

    @Test
    void deviceClockAheadDoesNotEvictMinutesStillInTheWindow() {
        WorkshopLive live = new WorkshopLive(workshop(2400, 0.1, station("a", 10)), List.of(), 15);
        live.addUnits("a", HALF.minusSeconds(14 * 60), 9, 0, HALF);  // 09:46, inside the window at 10:00
        live.addUnits("a", HALF.plusSeconds(2 * 60), 1, 0, HALF);    // 10:02 from a clock two minutes fast
        // sixteen minutes apart: in a ring of window + 1 slots the second would have overwritten the first
        assertThat(live.figures(HALF).window().good()).isEqualTo(9);
        assertThat(live.figures(HALF.plusSeconds(2 * 60)).window().good()).isEqualTo(1);
    }

    @Test
    void readingExactlyAtSessionStartCountsAndExactlyAtItsEndDoesNot() {
        WorkshopLive live = new WorkshopLive(workshop(2400, 0.1, station("a", 10)), List.of(), 15);
        Instant end = Instant.parse("2026-11-23T11:30:00Z");
        live.addUnits("a", START, 5, 0, START);
        live.addUnits("a", START.minusMillis(1), 7, 0, START);
        live.addUnits("a", end, 11, 0, end.minusSeconds(1));
        assertThat(live.figures(end.minusSeconds(1)).session().good()).isEqualTo(5);
    }

    @Test
    void availabilityPerformanceAndOeeFromStatesAndIdealCycle() {
        WorkshopLive live = new WorkshopLive(workshop(2400, 0.1, station("a", 10)), List.of(), 15);
        live.addState(state("a", START, MachineState.RUNNING));
        live.addState(state("a", START.plusSeconds(3600), MachineState.DOWN));
        live.addUnits("a", START.plusSeconds(1800), 270, 30, HALF);
        SessionFigures session = live.figures(HALF).session();
        // planned 90 min, running 60 min
        assertThat(session.availability()).isCloseTo(60.0 / 90, within(1e-9));
        // 10 s × 300 units = 3000 s of ideal time in 3600 s running
        assertThat(session.performance()).isCloseTo(3000.0 / 3600, within(1e-9));
        assertThat(session.quality()).isEqualTo(0.9);
        assertThat(session.oee()).isCloseTo(60.0 / 90 * 3000.0 / 3600 * 0.9, within(1e-9));
    }

    @Test
    void performanceIsCappedAtOne() {
        WorkshopLive live = new WorkshopLive(workshop(2400, 0.1, station("a", 10)), List.of(), 15);
        live.addState(state("a", START, MachineState.RUNNING));
        live.addUnits("a", START.plusSeconds(60), 5000, 0, HALF);
        assertThat(live.figures(HALF).session().performance()).isEqualTo(1.0);
        assertThat(live.figures(HALF).stations().get(0).session().performance()).isEqualTo(1.0);
    }

    @Test
    void stationWithoutStateReportsLeavesAvailabilityUndefinedAndOutOfTheWorkshopSum() {
        WorkshopLive live = new WorkshopLive(workshop(2400, 0.1, station("a", 10), station("b", 10)), List.of(), 15);
        live.addState(state("a", START, MachineState.RUNNING));
        live.addUnits("b", START.plusSeconds(60), 10, 0, HALF);
        WorkshopFigures figures = live.figures(HALF);
        assertThat(figures.stations().get(1).session().availability()).isNull();
        assertThat(figures.session().availability()).isEqualTo(1.0);
    }

    @Test
    void stateBeforeTheSessionCarriesIntoItAndLateStateIsPlacedInOrder() {
        WorkshopLive live = new WorkshopLive(workshop(2400, 0.1, station("a", 10)), List.of(), 15);
        live.addState(state("a", START.minusSeconds(3600), MachineState.RUNNING));
        live.addState(state("a", START.plusSeconds(3600), MachineState.IDLE));
        // arrives after the IDLE one but happened before it
        live.addState(state("a", START.plusSeconds(1800), MachineState.DOWN));
        assertThat(live.figures(HALF).session().availability()).isCloseTo(30.0 / 90, within(1e-9));
        assertThat(live.figures(HALF).stations().get(0).state()).isEqualTo(MachineState.IDLE);
    }

    @Test
    void onPaceComparesWithTheElapsedShareOfTargetLessTolerance() {
        WorkshopLive live = new WorkshopLive(workshop(2400, 0.1, station("a", 10)), List.of(), 15);
        live.addUnits("a", START.plusSeconds(60), 1079, 0, HALF);
        assertThat(live.figures(HALF).session().onPace()).isFalse();  // needs 2400 × 0.5 × 0.9 = 1080
        live.addUnits("a", START.plusSeconds(120), 1, 0, HALF);
        assertThat(live.figures(HALF).session().onPace()).isTrue();
        assertThat(live.figures(HALF).session().target()).isEqualTo(2400);
    }

    @Test
    void curtailedSessionScalesItsTargetToThePlannedTimeLeft() {
        Interval closure = new Interval(Instant.parse("2026-11-23T10:00:00Z"), Instant.parse("2026-11-23T11:30:00Z"));
        WorkshopLive live = new WorkshopLive(workshop(2400, 0.0, station("a", 10)), List.of(closure), 15);
        SessionFigures session = live.figures(Instant.parse("2026-11-23T09:15:00Z")).session();
        assertThat(session.target()).isEqualTo(1200);
        assertThat(session.onPace()).isFalse();
    }

    @Test
    void newSessionStartsFromZero() {
        Workshop workshop = workshop(2400, 0.1, station("a", 10));
        WorkshopLive live = new WorkshopLive(workshop, List.of(), 15);
        live.addUnits("a", START.plusSeconds(60), 100, 0, START.plusSeconds(60));
        Instant nextDay = START.plusSeconds(86_400 + 60);
        assertThat(live.figures(nextDay).session().good()).isZero();
        live.addUnits("a", nextDay, 3, 0, nextDay);
        assertThat(live.figures(nextDay).session().good()).isEqualTo(3);
    }

    @Test
    void counterResetInsideTheWindowLosesNothingAndCountsNothingTwice() {
        WorkshopLive live = new WorkshopLive(workshop(2400, 0.1, station("a", 10)), List.of(), 15);
        CounterTracker tracker = new CounterTracker();
        long[][] readings = {{0, 5000}, {60, 5040}, {120, 12}, {180, 30}};   // power cycle before the third
        for (long[] r : readings) {
            Instant ts = HALF.minusSeconds(600).plusSeconds(r[0]);
            CounterUpdate update = tracker.apply(new CounterReading(KEY.station("a"), ts, java.util.OptionalLong.empty(),
                    r[1], 0, Optional.empty()));
            live.addUnits("a", ts, update.goodDelta(), update.rejectDelta(), HALF);
        }
        // 40 before the reset, 12 made since it, then 18 more
        assertThat(live.figures(HALF).window().good()).isEqualTo(70);
        assertThat(live.figures(HALF).session().good()).isEqualTo(70);
    }

    @Test
    void stateSinceIsWhenTheCurrentStateBeganNotItsLatestRepeat() {
        WorkshopLive live = new WorkshopLive(workshop(2400, 0.1, station("a", 10)), List.of(), 15);
        live.addState(state("a", START, MachineState.RUNNING));
        live.addState(state("a", START.plusSeconds(60), MachineState.RUNNING));
        live.addState(state("a", START.plusSeconds(120), MachineState.DOWN));
        live.addState(state("a", START.plusSeconds(180), MachineState.DOWN));
        StationFigures station = live.figures(HALF).stations().get(0);
        assertThat(station.state()).isEqualTo(MachineState.DOWN);
        assertThat(station.stateSince()).isEqualTo(START.plusSeconds(120));
        assertThat(station.lastSeen()).isEqualTo(START.plusSeconds(180));
    }

    @Test
    void attendanceIsTheNewestHeadcount() {
        WorkshopLive live = new WorkshopLive(workshop(2400, 0.1), List.of(), 15);
        live.addAttendance(new AttendanceReading(KEY, START.plusSeconds(60), 12));
        live.addAttendance(new AttendanceReading(KEY, START.plusSeconds(30), 3)); // older, arrives later
        assertThat(live.figures(HALF).attendance()).isEqualTo(12);
    }

    @Test
    void autoRegisteredStationAppearsWithItsFigures() {
        WorkshopLive live = new WorkshopLive(workshop(2400, 0.1), List.of(), 15);
        live.addUnits("new-1", HALF.minusSeconds(10), 4, 0, HALF);
        assertThat(live.figures(HALF).stations()).extracting(StationFigures::id).containsExactly("new-1");
        assertThat(live.figures(HALF).stations().get(0).lastSeen()).isEqualTo(HALF.minusSeconds(10));
    }
}
