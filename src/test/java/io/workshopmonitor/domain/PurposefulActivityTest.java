package io.workshopmonitor.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PurposefulActivityTest {

    private static final ZoneId LONDON = ZoneId.of("Europe/London");
    private static final WorkshopKey KEY = new WorkshopKey("MDI", "textiles-1");
    /** Weekdays 08:30–11:30 and 13:30–16:30. */
    private static final Schedule SCHEDULE = new Schedule(LONDON, List.of(
            new SessionSpec(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), LocalTime.of(8, 30), LocalTime.of(11, 30)),
            new SessionSpec(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), LocalTime.of(13, 30), LocalTime.of(16, 30))));
    private static final int ALLOCATED = 12;
    /** Monday 23 November 2026. */
    private static final Interval MORNING = new Interval(at("2026-11-23T08:30"), at("2026-11-23T11:30"));
    private static final Interval AFTERNOON = new Interval(at("2026-11-23T13:30"), at("2026-11-23T16:30"));
    private static final Interval MONDAY = new Interval(at("2026-11-23T00:00"), at("2026-11-24T00:00"));
    private static final Instant LATER = at("2026-12-01T00:00");
    private static final long HOUR = 3_600;

    private static Instant at(String local) {
        return LocalDateTime.parse(local).atZone(LONDON).toInstant();
    }

    private static PurposefulActivity.Headcount count(String time, int present) {
        return new PurposefulActivity.Headcount(at("2026-11-23T" + time), present);
    }

    private static Closure closure(String from, String to, Closure.Reason reason) {
        return new Closure(1, KEY, at("2026-11-23T" + from), at("2026-11-23T" + to), reason);
    }

    /** The calendar leaves the closures out of planned time, as the service builds it. */
    private static List<PurposefulActivity.SessionActivity> activity(List<Closure> closures,
                                                                      List<PurposefulActivity.Headcount> counts,
                                                                      Interval range, Instant now) {
        SessionCalendar calendar = new SessionCalendar(SCHEDULE, closures.stream().map(Closure::interval).toList());
        return PurposefulActivity.sessions(calendar, closures, ALLOCATED, counts, range, now);
    }

    private static PurposefulActivity.SessionActivity morning(List<Closure> closures, PurposefulActivity.Headcount... counts) {
        List<PurposefulActivity.SessionActivity> sessions = activity(closures, List.of(counts), MONDAY, LATER);
        assertThat(sessions).extracting(PurposefulActivity.SessionActivity::session).containsExactly(MORNING, AFTERNOON);
        return sessions.get(0);
    }

    @Test
    void aHeadcountIsHeldFromEachCountToTheNext() {
        // 10 from 08:30, 8 from 10:00: 10 × 1.5 h + 8 × 1.5 h = 27 person-hours
        PurposefulActivity.SessionActivity s = morning(List.of(), count("08:30", 10), count("10:00", 8));
        assertThat(s.attendedPersonSeconds()).isEqualTo(10 * 5_400 + 8 * 5_400);
        assertThat(s.attended()).isEqualTo(10);
        assertThat(s.allocated()).isEqualTo(ALLOCATED);
        assertThat(s.scheduledSeconds()).isEqualTo(3 * HOUR);
        assertThat(s.regimeClosedSeconds()).isZero();
    }

    @Test
    void attendedIsTheMostPresentAtAnyCountInTheSession() {
        PurposefulActivity.SessionActivity s = morning(List.of(), count("08:30", 8), count("09:00", 11), count("10:00", 9));
        assertThat(s.attended()).isEqualTo(11);
        // 8 × 0.5 h + 11 × 1 h + 9 × 1.5 h = 4 + 11 + 13.5 = 28.5 person-hours
        assertThat(s.attendedPersonSeconds()).isEqualTo(102_600);
    }

    @Test
    void aCountMadeTwentyMinutesBeforeTheSessionOpensIt() {
        PurposefulActivity.SessionActivity s = morning(List.of(), count("08:10", 10));
        assertThat(s.attended()).isEqualTo(10);
        assertThat(s.attendedPersonSeconds()).isEqualTo(10 * 3 * HOUR);
    }

    @Test
    void aCountMadeExactlyThirtyMinutesBeforeStillOpensIt() {
        PurposefulActivity.SessionActivity s = morning(List.of(), count("08:00", 10));
        assertThat(s.attended()).isEqualTo(10);
        assertThat(s.attendedPersonSeconds()).isEqualTo(10 * 3 * HOUR);
    }

    @Test
    void aCountMadeFortyMinutesBeforeDoesNotOpenIt() {
        PurposefulActivity.SessionActivity s = morning(List.of(), count("07:50", 10));
        assertThat(s.attended()).isZero();
        assertThat(s.attendedPersonSeconds()).isZero();
    }

    @Test
    void theMorningsLastCountDoesNotCarryIntoTheAfternoon() {
        List<PurposefulActivity.SessionActivity> sessions = activity(List.of(),
                List.of(count("08:30", 10), count("11:00", 9), count("14:30", 7)), MONDAY, LATER);
        PurposefulActivity.SessionActivity afternoon = sessions.get(1);
        // nobody counted from 13:30 to 14:30, then 7 for 2 h
        assertThat(afternoon.attendedPersonSeconds()).isEqualTo(7 * 2 * HOUR);
        assertThat(afternoon.attended()).isEqualTo(7);
    }

    @Test
    void aLockdownOfTheSecondHalfIsRegimeTimeAndAttendanceCountsOnlyOverPlannedTime() {
        // locked down 10:00–11:30; a count of 12 made during the lockdown is not attendance
        PurposefulActivity.SessionActivity s = morning(List.of(closure("10:00", "11:30", Closure.Reason.LOCKDOWN)),
                count("08:30", 10), count("10:30", 12));
        assertThat(s.regimeClosedSeconds()).isEqualTo(5_400);
        assertThat(s.scheduledSeconds()).isEqualTo(3 * HOUR);
        // 10 × 1.5 h of planned time
        assertThat(s.attendedPersonSeconds()).isEqualTo(10 * 5_400);
        assertThat(s.attended()).isEqualTo(10);

        PurposefulActivity.Summary summary = s.summary();
        assertThat(summary.allocatedPlaceSeconds()).isEqualTo(12 * 3 * HOUR);
        assertThat(summary.regimeLostPlaceSeconds()).isEqualTo(12 * 5_400);
        assertThat(summary.regimeShare()).contains(0.5);
        // 54,000 of 129,600 place-seconds
        assertThat(summary.attendedShare()).contains(54_000.0 / 129_600);
    }

    @Test
    void attendanceResumesAfterAClosureAtTheLastCount() {
        // closed 09:00–10:00 for staff; 10 held before and after it: 2 h × 10
        PurposefulActivity.SessionActivity s = morning(List.of(closure("09:00", "10:00", Closure.Reason.STAFF_UNAVAILABLE)),
                count("08:30", 10));
        assertThat(s.attendedPersonSeconds()).isEqualTo(10 * 2 * HOUR);
        assertThat(s.regimeClosedSeconds()).isEqualTo(HOUR);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Closure.Reason.class, names = {"LOCKDOWN", "STAFF_UNAVAILABLE", "REGIME_CURTAILMENT"})
    void closuresForARegimeReasonAreRegimeTime(Closure.Reason reason) {
        PurposefulActivity.SessionActivity s = morning(List.of(closure("10:00", "11:30", reason)), count("08:30", 10));
        assertThat(s.regimeClosedSeconds()).isEqualTo(5_400);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Closure.Reason.class, names = {"MAINTENANCE", "OTHER"})
    void otherClosuresAreNotRegimeTimeButStillLeavePlannedTime(Closure.Reason reason) {
        PurposefulActivity.SessionActivity s = morning(List.of(closure("10:00", "11:30", reason)), count("08:30", 10));
        assertThat(s.regimeClosedSeconds()).isZero();
        assertThat(s.attendedPersonSeconds()).isEqualTo(10 * 5_400);
        assertThat(s.summary().regimeShare()).contains(0.0);
    }

    @Test
    void aClosureOutsideTheSessionTakesNoRegimeTime() {
        PurposefulActivity.SessionActivity s = morning(List.of(closure("11:30", "13:30", Closure.Reason.LOCKDOWN)),
                count("08:30", 10));
        assertThat(s.regimeClosedSeconds()).isZero();
        assertThat(s.attendedPersonSeconds()).isEqualTo(10 * 3 * HOUR);
    }

    @Test
    void summariesAddUpAcrossSessionsAndGiveTheirShares() {
        // morning: 10 then 8, 27 person-hours of 36 place-hours
        // afternoon: locked down 13:30–15:00, then 12 for 1.5 h: 18 person-hours
        List<PurposefulActivity.SessionActivity> sessions = activity(
                List.of(closure("13:30", "15:00", Closure.Reason.LOCKDOWN)),
                List.of(count("08:30", 10), count("10:00", 8), count("15:00", 12)), MONDAY, LATER);
        assertThat(sessions.get(0).summary().attendedShare()).contains(0.75);
        PurposefulActivity.Summary day = sessions.stream().map(PurposefulActivity.SessionActivity::summary)
                .reduce(PurposefulActivity.Summary.NONE, PurposefulActivity.Summary::plus);
        assertThat(day).isEqualTo(new PurposefulActivity.Summary(2, 2 * 12 * 3 * HOUR, 97_200 + 64_800,
                12 * 5_400, 6 * HOUR, 5_400, 24, 22));
        // 162,000 of 259,200 place-seconds = 0.625; 1.5 of 6 hours to the regime = 0.25
        assertThat(day.attendedShare()).contains(0.625);
        assertThat(day.regimeShare()).contains(0.25);
    }

    @Test
    void noSessionsHaveNoShares() {
        assertThat(PurposefulActivity.Summary.NONE.attendedShare()).isEmpty();
        assertThat(PurposefulActivity.Summary.NONE.regimeShare()).isEmpty();
        PurposefulActivity.Summary unallocated = new PurposefulActivity.SessionActivity(MORNING, 0, 3, 3 * HOUR,
                9 * HOUR, 0).summary();
        assertThat(unallocated.attendedShare()).isEmpty();
        assertThat(unallocated.regimeShare()).contains(0.0);
    }

    @Test
    void nothingAfterNowIsCounted() {
        // now 10:00: 1.5 h of the morning; 10 from 08:30, 8 from 09:30; the 12 at 10:30 has not happened
        List<PurposefulActivity.SessionActivity> sessions = activity(
                List.of(closure("10:30", "11:30", Closure.Reason.LOCKDOWN)),
                List.of(count("08:30", 10), count("09:30", 8), count("10:30", 12)), MONDAY, at("2026-11-23T10:00"));
        assertThat(sessions).hasSize(1);
        PurposefulActivity.SessionActivity s = sessions.get(0);
        assertThat(s.session()).isEqualTo(MORNING);
        assertThat(s.scheduledSeconds()).isEqualTo(5_400);
        // 10 × 1 h + 8 × 0.5 h
        assertThat(s.attendedPersonSeconds()).isEqualTo(10 * HOUR + 8 * 1_800);
        assertThat(s.attended()).isEqualTo(10);
        assertThat(s.regimeClosedSeconds()).isZero();
    }

    @Test
    void aRangeWhollyAfterNowHasNoSessions() {
        Interval tuesday = new Interval(at("2026-11-24T00:00"), at("2026-11-25T00:00"));
        assertThat(activity(List.of(), List.of(count("08:30", 10)), tuesday, at("2026-11-23T10:00"))).isEmpty();
    }

    @Test
    void aRangeStartingMidSessionCountsFromItsStartWithTheHeadcountThenHeld() {
        // from 10:00: the 10 counted at 08:30 are there until 11:00, then 6
        Interval fromTen = new Interval(at("2026-11-23T10:00"), at("2026-11-23T12:00"));
        List<PurposefulActivity.SessionActivity> sessions = activity(List.of(),
                List.of(count("08:30", 10), count("11:00", 6)), fromTen, LATER);
        assertThat(sessions).hasSize(1);
        PurposefulActivity.SessionActivity s = sessions.get(0);
        assertThat(s.session()).isEqualTo(MORNING);
        assertThat(s.scheduledSeconds()).isEqualTo(5_400);
        assertThat(s.attendedPersonSeconds()).isEqualTo(10 * HOUR + 6 * 1_800);
        assertThat(s.attended()).isEqualTo(10);
    }
}
