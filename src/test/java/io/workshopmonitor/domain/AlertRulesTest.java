package io.workshopmonitor.domain;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class AlertRulesTest {

    private static final WorkshopKey KEY = new WorkshopKey("MDI", "textiles-1");
    private static final Workshop WORKSHOP = new Workshop(KEY, "Textiles 1", "textiles", List.of(),
            new Schedule(ZoneId.of("UTC"), List.of()), new Target(2400, 0.1), 0.95);
    private static final Instant START = Instant.parse("2026-11-23T08:30:00Z");
    private static final Instant END = Instant.parse("2026-11-23T11:30:00Z");
    private static final WindowFigures QUIET = WindowFigures.of(15, 0, 0);

    private static SessionFigures session(long good, boolean onPace) {
        return new SessionFigures(START, END, good, 0, 2400L, onPace, null, null, null, null);
    }

    private static WorkshopFigures figures(Instant now, WindowFigures window, SessionFigures session, StationFigures... stations) {
        return new WorkshopFigures(KEY, now, window, session, null, List.of(stations));
    }

    private static List<AlertKind> kinds(WorkshopFigures figures) {
        return AlertRules.workshop(WORKSHOP, figures, figures.at()).stream().map(AlertCondition::kind).toList();
    }

    private static StationFigures station(MachineState state, Instant since, Instant lastSeen) {
        return new StationFigures("sew-04", state, null, since, lastSeen, QUIET, null);
    }

    @Test
    void behindTargetOnlyAfterTheFirstQuarterHourOfASession() {
        assertThat(kinds(figures(START.plusSeconds(14 * 60), QUIET, session(0, false)))).isEmpty();
        assertThat(kinds(figures(START.plusSeconds(15 * 60), QUIET, session(0, false)))).containsExactly(AlertKind.TARGET_BEHIND);
        assertThat(kinds(figures(START.plusSeconds(60 * 60), QUIET, session(900, true)))).isEmpty();
        // the session is over: behind is no longer the question, missed is
        assertThat(kinds(figures(END, QUIET, session(900, false)))).containsExactly(AlertKind.TARGET_MISSED);
    }

    @Test
    void missedTargetNeedsAShortfallAndMeetingItExactlyIsNotMissing() {
        assertThat(kinds(figures(END.plusSeconds(60), QUIET, session(2399, true)))).containsExactly(AlertKind.TARGET_MISSED);
        assertThat(kinds(figures(END.plusSeconds(60), QUIET, session(2400, true)))).isEmpty();
        AlertCondition missed = AlertRules.workshop(WORKSHOP, figures(END, QUIET, session(1200, false)), END).get(0);
        assertThat(missed.value()).isEqualTo(1200);
        assertThat(missed.threshold()).isEqualTo(2400);
        assertThat(missed.text()).as("it names the session it is about").isEqualTo(
                "Textiles 1 missed its target for the session 08:30–11:30: 1200 good of 2400");
        assertThat(AlertKind.TARGET_MISSED.resolvesByItself()).isFalse();
    }

    @Test
    void alertTextsSayWhenTheirFiguresWereTrueInTheWorkshopsOwnTime() {
        Workshop london = new Workshop(KEY, "Textiles 1", "textiles", List.of(),
                new Schedule(ZoneId.of("Europe/London"), List.of()), new Target(2400, 0.1), 0.95);
        Instant summer = Instant.parse("2026-07-01T09:00:00Z");
        AlertCondition behind = AlertRules.workshop(london, figures(summer, QUIET,
                new SessionFigures(summer.minusSeconds(3600), summer.plusSeconds(3600), 100, 0, 2400L, false, null, null,
                        null, null)), summer).get(0);
        assertThat(behind.text()).isEqualTo("Textiles 1 was behind its session target at 10:00: 100 good of 2400 planned");
    }

    @Test
    void aManualBenchIsNeverDownForBeingSilentBetweenTallies() {
        Instant now = START.plusSeconds(3600);
        Workshop benches = new Workshop(KEY, "Woodwork", "woodwork",
                List.of(new Station("bench-01", java.util.Optional.empty(), java.util.OptionalDouble.of(240), false, true)),
                new Schedule(ZoneId.of("UTC"), List.of()), new Target(24, 0.1), 0.95);
        StationFigures silent = new StationFigures("bench-01", null, null, null, now.minusSeconds(25 * 60),
                WindowFigures.of(15, 0, 0), null);
        SessionFigures session = new SessionFigures(START, END, 10, 0, 24L, true, null, null, null, null);
        assertThat(AlertRules.workshop(benches, figures(now, QUIET, session, silent), now)).isEmpty();
        assertThat(AlertRules.workshop(WORKSHOP, figures(now, QUIET, session, silent), now))
                .as("the same silence at a station with a counter").extracting(AlertCondition::kind)
                .containsExactly(AlertKind.STATION_DOWN);
    }

    @Test
    void lowQualityNeedsTwentyUnitsAndStrictlyLessThanTheTarget() {
        Instant now = START.plusSeconds(3600);
        assertThat(kinds(figures(now, WindowFigures.of(15, 15, 4), session(900, true)))).isEmpty();          // 19 units
        assertThat(kinds(figures(now, WindowFigures.of(15, 16, 4), session(900, true))))
                .containsExactly(AlertKind.QUALITY_LOW);                                                      // 20 units, 0.8
        assertThat(kinds(figures(now, WindowFigures.of(15, 95, 5), session(900, true)))).isEmpty();          // exactly 0.95
        assertThat(kinds(figures(now, QUIET, session(900, true)))).isEmpty();                                 // nothing made
    }

    @Test
    void stationDownOrSilentForMoreThanFiveMinutesInASession() {
        Instant now = START.plusSeconds(3600);
        SessionFigures onPace = session(900, true);
        assertThat(kinds(figures(now, QUIET, onPace, station(MachineState.DOWN, now.minusSeconds(300), now)))).isEmpty();
        assertThat(kinds(figures(now, QUIET, onPace, station(MachineState.DOWN, now.minusSeconds(301), now))))
                .containsExactly(AlertKind.STATION_DOWN);
        assertThat(kinds(figures(now, QUIET, onPace, station(MachineState.RUNNING, now.minusSeconds(3000), now.minusSeconds(360)))))
                .containsExactly(AlertKind.STATION_DOWN);
        // back and reporting
        assertThat(kinds(figures(now, QUIET, onPace, station(MachineState.RUNNING, now.minusSeconds(10), now)))).isEmpty();
        // outside the session a stopped machine is normal
        assertThat(kinds(figures(END.plusSeconds(3600), QUIET, session(2400, true),
                station(MachineState.DOWN, END, END)))).isEmpty();
        AlertCondition down = AlertRules.workshop(WORKSHOP, figures(now, QUIET, onPace,
                station(MachineState.DOWN, now.minusSeconds(600), now)), now).get(0);
        assertThat(down.severity()).isEqualTo(AlertCondition.Severity.CRITICAL);
        assertThat(down.identity()).isEqualTo("STATION_DOWN:MDI/textiles-1:station:sew-04");
        assertThat(down.text()).contains("sew-04").contains("10 minutes")
                .as("says when that was true, in the workshop's time").endsWith(" at " + now.toString().substring(11, 16));
    }

    @Test
    void stationDownCountsOnlyTimeInsideTheSession() {
        Instant earlyInSession = START.plusSeconds(240);
        // switched off last night and silent since: not down until five minutes into the session
        StationFigures overnight = station(MachineState.DOWN, START.minus(Duration.ofHours(15)), START.minus(Duration.ofHours(15)));
        assertThat(kinds(figures(earlyInSession, QUIET, session(0, true), overnight))).isEmpty();
        Instant later = START.plusSeconds(301);
        assertThat(kinds(figures(later, QUIET, session(0, true), overnight))).containsExactly(AlertKind.STATION_DOWN);
        AlertCondition down = AlertRules.workshop(WORKSHOP, figures(later, QUIET, session(0, true), overnight), later).get(0);
        assertThat(down.value()).isCloseTo(301 / 60.0, org.assertj.core.api.Assertions.within(1e-9));
    }

    @Test
    void workshopWithNoSessionRaisesNoSessionAlerts() {
        assertThat(kinds(figures(START, WindowFigures.of(15, 10, 10), null,
                station(MachineState.DOWN, START.minus(Duration.ofHours(1)), START)))).containsExactly(AlertKind.QUALITY_LOW);
    }

    @Test
    void contractAtRiskOrLateRaisesAndOnTrackOrCompleteDoesNot() {
        Contract contract = new Contract("c-1", KEY, "Acme", "GC-A6", 1000, LocalDate.parse("2026-11-01"),
                LocalDate.parse("2026-11-30"), Optional.empty());
        assertThat(AlertRules.contract(contract, status(ContractStatus.Status.AT_RISK), END).orElseThrow().severity())
                .isEqualTo(AlertCondition.Severity.WARNING);
        assertThat(AlertRules.contract(contract, status(ContractStatus.Status.LATE), END).orElseThrow().severity())
                .isEqualTo(AlertCondition.Severity.CRITICAL);
        assertThat(AlertRules.contract(contract, status(ContractStatus.Status.ON_TRACK), END)).isEmpty();
        assertThat(AlertRules.contract(contract, status(ContractStatus.Status.COMPLETE), END)).isEmpty();
    }

    private static ContractStatus status(ContractStatus.Status status) {
        return new ContractStatus(400, 0.4, 10.0, 20.0, null, status);
    }
}
