package io.workshopmonitor.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class SessionCalendarTest {

    private static final ZoneId LONDON = ZoneId.of("Europe/London");
    private static final Set<DayOfWeek> WEEKDAYS = EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY);
    private static final SessionSpec AM = new SessionSpec(WEEKDAYS, LocalTime.of(8, 30), LocalTime.of(11, 30));
    private static final SessionSpec PM = new SessionSpec(WEEKDAYS, LocalTime.of(13, 30), LocalTime.of(16, 30));

    private static SessionCalendar calendar(List<SessionSpec> sessions, Interval... closures) {
        return new SessionCalendar(new Schedule(LONDON, sessions), List.of(closures));
    }

    /** A London wall-clock time on a date, as an instant. */
    private static Instant at(String localDateTime) {
        return java.time.LocalDateTime.parse(localDateTime).atZone(LONDON).toInstant();
    }

    @Test
    void currentSessionAndPlannedTimeSoFar() {
        SessionWindow window = calendar(List.of(AM, PM)).currentOrLast(at("2026-11-23T10:00")).orElseThrow();
        assertThat(window.nominal()).isEqualTo(new Interval(at("2026-11-23T08:30"), at("2026-11-23T11:30")));
        assertThat(window.planned()).isEqualTo(Duration.ofHours(3));
        assertThat(window.plannedElapsed()).isEqualTo(Duration.ofMinutes(90));
        assertThat(window.elapsedFraction().getAsDouble()).isEqualTo(0.5);
    }

    @ParameterizedTest(name = "at {0} the session is the one starting {1}")
    @CsvSource({
            "2026-11-23T08:30, 2026-11-23T08:30",   // exactly at the start: in it
            "2026-11-23T11:29, 2026-11-23T08:30",
            "2026-11-23T11:30, 2026-11-23T08:30",   // exactly at the end: it is the last one
            "2026-11-23T12:00, 2026-11-23T08:30",   // between sessions: the last one
            "2026-11-23T13:30, 2026-11-23T13:30",
            "2026-11-23T07:00, 2026-11-20T13:30",   // Monday early: Friday afternoon's
            "2026-11-22T12:00, 2026-11-20T13:30",   // Sunday
    })
    void sessionAtEdgesIsCurrentOrLast(String now, String expectedStart) {
        SessionWindow window = calendar(List.of(AM, PM)).currentOrLast(at(now)).orElseThrow();
        assertThat(window.nominal().start()).isEqualTo(at(expectedStart));
    }

    @Test
    void askingAboutMonthsBetweenTwoQuestionsOnOneDayChangesNoAnswer() {
        SessionCalendar calendar = calendar(List.of(AM, PM));
        List<Interval> monday = calendar.sessions(at("2026-11-23T00:00"), at("2026-11-24T00:00"));
        // a quarter's sessions: many more days than the calendar keeps resolved
        assertThat(calendar.sessions(at("2026-09-01T00:00"), at("2026-12-01T00:00"))).hasSize(2 * 65);
        assertThat(calendar.sessions(at("2026-11-23T00:00"), at("2026-11-24T00:00"))).isEqualTo(monday)
                .containsExactly(new Interval(at("2026-11-23T08:30"), at("2026-11-23T11:30")),
                        new Interval(at("2026-11-23T13:30"), at("2026-11-23T16:30")));
        // and across the clock change of 25 October, the hours are still the local ones
        assertThat(calendar.sessions(at("2026-10-26T00:00"), at("2026-10-27T00:00")).get(0))
                .isEqualTo(new Interval(at("2026-10-26T08:30"), at("2026-10-26T11:30")));
    }

    @Test
    void sessionThatHasEndedCountsAllItsPlannedTime() {
        SessionWindow window = calendar(List.of(AM, PM)).currentOrLast(at("2026-11-23T12:00")).orElseThrow();
        assertThat(window.plannedElapsed()).isEqualTo(Duration.ofHours(3));
        assertThat(window.elapsedFraction().getAsDouble()).isEqualTo(1.0);
    }

    @Test
    void closureSpanningTwoSessionsLeavesTheirPlannedTime() {
        Interval closure = new Interval(at("2026-11-23T10:00"), at("2026-11-23T14:00"));
        SessionCalendar calendar = calendar(List.of(AM, PM), closure);
        assertThat(calendar.planned(at("2026-11-23T00:00"), at("2026-11-24T00:00"))).isEqualTo(Duration.ofHours(4));
        SessionWindow am = calendar.currentOrLast(at("2026-11-23T11:00")).orElseThrow();
        assertThat(am.planned()).isEqualTo(Duration.ofMinutes(90));
        assertThat(am.plannedElapsed()).isEqualTo(Duration.ofMinutes(90));
        assertThat(am.plannedShare()).isEqualTo(0.5);
        SessionWindow pm = calendar.currentOrLast(at("2026-11-23T15:00")).orElseThrow();
        assertThat(pm.plannedElapsed()).isEqualTo(Duration.ofMinutes(60));
    }

    @Test
    void overlappingClosuresAreNotSubtractedTwice() {
        SessionCalendar calendar = calendar(List.of(AM),
                new Interval(at("2026-11-23T09:00"), at("2026-11-23T10:00")),
                new Interval(at("2026-11-23T09:30"), at("2026-11-23T10:30")));
        assertThat(calendar.planned(at("2026-11-23T00:00"), at("2026-11-24T00:00"))).isEqualTo(Duration.ofMinutes(90));
    }

    @Test
    void fullyClosedSessionHasNoPlannedTimeAndNoElapsedFraction() {
        SessionCalendar calendar = calendar(List.of(AM), new Interval(at("2026-11-23T08:00"), at("2026-11-23T12:00")));
        SessionWindow window = calendar.currentOrLast(at("2026-11-23T10:00")).orElseThrow();
        assertThat(window.planned()).isZero();
        assertThat(window.elapsedFraction()).isEmpty();
        assertThat(window.plannedShare()).isZero();
    }

    @Test
    void sessionAcrossMidnightBelongsToTheDayItStarts() {
        SessionSpec night = new SessionSpec(EnumSet.of(DayOfWeek.FRIDAY), LocalTime.of(22, 0), LocalTime.of(2, 0));
        SessionCalendar calendar = calendar(List.of(night));
        SessionWindow window = calendar.currentOrLast(at("2026-11-21T01:00")).orElseThrow(); // Saturday 01:00
        assertThat(window.nominal()).isEqualTo(new Interval(at("2026-11-20T22:00"), at("2026-11-21T02:00")));
        assertThat(window.plannedElapsed()).isEqualTo(Duration.ofHours(3));
    }

    @Test
    void clocksGoingForwardShortenANightSessionAndNotADaySession() {
        // 29 March 2026: 01:00 GMT becomes 02:00 BST
        SessionSpec night = new SessionSpec(EnumSet.of(DayOfWeek.SATURDAY), LocalTime.of(23, 0), LocalTime.of(3, 0));
        SessionSpec sundayAm = new SessionSpec(EnumSet.of(DayOfWeek.SUNDAY), LocalTime.of(8, 30), LocalTime.of(11, 30));
        SessionCalendar calendar = calendar(List.of(night, sundayAm));
        assertThat(calendar.currentOrLast(at("2026-03-29T00:30")).orElseThrow().planned()).isEqualTo(Duration.ofHours(3));
        assertThat(calendar.currentOrLast(at("2026-03-29T10:00")).orElseThrow().planned()).isEqualTo(Duration.ofHours(3));
        assertThat(calendar.planned(at("2026-03-28T12:00"), at("2026-03-29T12:00"))).isEqualTo(Duration.ofHours(6));
    }

    @Test
    void clocksGoingBackLengthenANightSession() {
        // 25 October 2026: 02:00 BST becomes 01:00 GMT
        SessionSpec night = new SessionSpec(EnumSet.of(DayOfWeek.SATURDAY), LocalTime.of(23, 0), LocalTime.of(3, 0));
        SessionCalendar calendar = calendar(List.of(night, AM));
        SessionWindow window = calendar.currentOrLast(Instant.parse("2026-10-25T02:30:00Z")).orElseThrow();
        assertThat(window.nominal().start()).isEqualTo(Instant.parse("2026-10-24T22:00:00Z"));
        assertThat(window.planned()).isEqualTo(Duration.ofHours(5));
        // the Monday after the change is still 08:30 local, now 08:30 UTC
        assertThat(calendar.currentOrLast(at("2026-10-26T09:00")).orElseThrow().nominal().start())
                .isEqualTo(Instant.parse("2026-10-26T08:30:00Z"));
    }

    @Test
    void sessionInsideTheSkippedHourDoesNotHappenThatNight() {
        // 28 March 2027: 01:00 GMT becomes 02:00 BST, so 01:30-02:15 never happens
        SessionSpec small = new SessionSpec(EnumSet.of(DayOfWeek.SUNDAY), LocalTime.of(1, 30), LocalTime.of(2, 15));
        SessionCalendar calendar = calendar(List.of(small));
        assertThat(calendar.planned(Instant.parse("2027-03-27T12:00:00Z"), Instant.parse("2027-03-28T12:00:00Z"))).isZero();
        SessionWindow last = calendar.currentOrLast(Instant.parse("2027-03-28T12:00:00Z")).orElseThrow();
        assertThat(last.nominal().start()).isEqualTo(Instant.parse("2027-03-21T01:30:00Z"));
    }

    @Test
    void workshopWithNoSessionsHasNoSessionAndNoPlannedTime() {
        SessionCalendar calendar = calendar(List.of());
        assertThat(calendar.currentOrLast(at("2026-11-23T10:00"))).isEmpty();
        assertThat(calendar.planned(at("2026-11-01T00:00"), at("2026-12-01T00:00"))).isZero();
        assertThat(calendar.afterPlanned(at("2026-11-23T10:00"), Duration.ofHours(1))).isEmpty();
    }

    @Test
    void plannedTimeIsLaidOverTheScheduleAcrossAWeekend() {
        SessionCalendar calendar = calendar(List.of(AM, PM));
        // Friday 15:30: one hour left today, the second hour is Monday 08:30-09:30
        assertThat(calendar.afterPlanned(at("2026-11-20T15:30"), Duration.ofHours(2))).contains(at("2026-11-23T09:30"));
        assertThat(calendar.afterPlanned(at("2026-11-20T15:30"), Duration.ZERO)).contains(at("2026-11-20T15:30"));
    }

    @Test
    void plannedTimeSkipsClosuresWhenProjecting() {
        SessionCalendar calendar = calendar(List.of(AM, PM), new Interval(at("2026-11-23T08:30"), at("2026-11-23T10:00")));
        assertThat(calendar.afterPlanned(at("2026-11-20T15:30"), Duration.ofHours(2))).contains(at("2026-11-23T11:00"));
    }

    @Test
    void sessionsListedInOrderAcrossDays() {
        List<Interval> sessions = calendar(List.of(PM, AM)).sessions(at("2026-11-23T00:00"), at("2026-11-25T00:00"));
        assertThat(sessions).hasSize(4);
        assertThat(sessions).isSortedAccordingTo(java.util.Comparator.comparing(Interval::start));
    }
}
