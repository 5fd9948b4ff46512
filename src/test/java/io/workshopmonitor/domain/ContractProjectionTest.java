package io.workshopmonitor.domain;

import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ContractProjectionTest {

    private static final ZoneId LONDON = ZoneId.of("Europe/London");
    private static final WorkshopKey KEY = new WorkshopKey("MDI", "packing");
    // weekdays 08:30-11:30 and 13:30-16:30: 6 planned hours a day, 30 a week
    private static final Schedule SCHEDULE = new Schedule(LONDON, List.of(
            new SessionSpec(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), LocalTime.of(8, 30), LocalTime.of(11, 30)),
            new SessionSpec(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), LocalTime.of(13, 30), LocalTime.of(16, 30))));
    // Friday 20 November 2026, 16:30: the week's last session has just ended
    private static final Instant FRIDAY_EVENING = Instant.parse("2026-11-20T16:30:00Z");

    private static Contract contract(long quantity, String start, String due) {
        return new Contract("c-1", KEY, "Acme", "GC-A6", quantity, LocalDate.parse(start), LocalDate.parse(due), Optional.empty());
    }

    private static SessionCalendar calendar(Interval... closures) {
        return new SessionCalendar(SCHEDULE, List.of(closures));
    }

    @Test
    void rateIsPerPlannedHourAndProjectionStepsOverTheWeekend() {
        // started Monday 16th: 30 planned hours so far, 3,000 made: 100 an hour
        ContractStatus status = ContractProjection.status(contract(3_600, "2026-11-16", "2026-11-23"), calendar(),
                FRIDAY_EVENING, 3_000, 3_000);
        assertThat(status.ratePerHour()).isCloseTo(100.0, within(1e-9));
        // 600 left = 6 planned hours = all of Monday
        assertThat(status.projectedCompletion()).isEqualTo(Instant.parse("2026-11-23T16:30:00Z"));
        assertThat(status.status()).isEqualTo(ContractStatus.Status.ON_TRACK);
        assertThat(status.progress()).isCloseTo(3_000.0 / 3_600, within(1e-9));
        assertThat(status.requiredPerHour()).isCloseTo(100.0, within(1e-9));
    }

    @Test
    void aClosureOnTheLastDayPushesItAtRisk() {
        Interval lockdown = new Interval(Instant.parse("2026-11-23T13:30:00Z"), Instant.parse("2026-11-23T16:30:00Z"));
        ContractStatus status = ContractProjection.status(contract(3_600, "2026-11-16", "2026-11-23"), calendar(lockdown),
                FRIDAY_EVENING, 3_000, 3_000);
        assertThat(status.projectedCompletion()).isEqualTo(Instant.parse("2026-11-24T11:30:00Z"));
        assertThat(status.status()).isEqualTo(ContractStatus.Status.AT_RISK);
        assertThat(status.requiredPerHour()).isCloseTo(200.0, within(1e-9));
    }

    @Test
    void completeOnceQuantityIsMadeAndProgressMayPassOne() {
        ContractStatus status = ContractProjection.status(contract(1_000, "2026-11-16", "2026-11-23"), calendar(),
                FRIDAY_EVENING, 1_200, 1_200);
        assertThat(status.status()).isEqualTo(ContractStatus.Status.COMPLETE);
        assertThat(status.progress()).isEqualTo(1.2);
        assertThat(status.projectedCompletion()).isNull();
    }

    @Test
    void pastDueAndIncompleteIsLate() {
        ContractStatus status = ContractProjection.status(contract(10_000, "2026-11-02", "2026-11-19"), calendar(),
                FRIDAY_EVENING, 9_000, 3_000);
        assertThat(status.status()).isEqualTo(ContractStatus.Status.LATE);
        assertThat(status.requiredPerHour()).isNull();
    }

    @Test
    void nothingMadeRecentlyMeansNoProjectionAndAtRisk() {
        ContractStatus status = ContractProjection.status(contract(1_000, "2026-11-16", "2026-12-18"), calendar(),
                FRIDAY_EVENING, 0, 0);
        assertThat(status.ratePerHour()).isEqualTo(0.0);
        assertThat(status.projectedCompletion()).isNull();
        assertThat(status.status()).isEqualTo(ContractStatus.Status.AT_RISK);
    }

    @Test
    void contractNotStartedYetHasNoRate() {
        ContractStatus status = ContractProjection.status(contract(1_000, "2026-12-01", "2026-12-18"), calendar(),
                FRIDAY_EVENING, 0, 0);
        assertThat(status.ratePerHour()).isNull();
        assertThat(status.status()).isEqualTo(ContractStatus.Status.AT_RISK);
    }

    @Test
    void dueDateIsTheEndOfThatDayInTheWorkshopsZone() {
        // summer: the end of 1 July in London is 23:00 UTC
        assertThat(ContractProjection.endOf(LocalDate.parse("2026-07-01"), LONDON)).isEqualTo(Instant.parse("2026-07-01T23:00:00Z"));
        ContractStatus stillDue = ContractProjection.status(contract(10, "2026-11-16", "2026-11-20"), calendar(),
                Instant.parse("2026-11-20T23:59:00Z"), 5, 5);
        assertThat(stillDue.status()).isEqualTo(ContractStatus.Status.AT_RISK);
    }

    @Test
    void completedContractStopsCountingAtTheEndOfItsCompletionDay() {
        Contract completed = new Contract("c-2", KEY, "Acme", "GC-A6", 100, LocalDate.parse("2026-11-16"),
                LocalDate.parse("2026-11-30"), Optional.of(LocalDate.parse("2026-11-18")));
        ContractProjection.Spans spans = ContractProjection.spans(completed, LONDON, FRIDAY_EVENING);
        assertThat(spans.counted()).isEqualTo(new Interval(Instant.parse("2026-11-16T00:00:00Z"), Instant.parse("2026-11-19T00:00:00Z")));
        assertThat(spans.rate().start()).isEqualTo(Instant.parse("2026-11-16T00:00:00Z"));
    }
}
