package io.workshopmonitor.domain;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tracker on its own, and the rules and tracker together over timelines: each kind raises once and
 * resolves once across its edges, and flapping input opens nothing or one alert.
 */
class AlertTrackerTest {

    private static final WorkshopKey KEY = new WorkshopKey("MDI", "textiles-1");
    private static final Workshop WORKSHOP = new Workshop(KEY, "Textiles 1", "textiles", List.of(),
            new Schedule(ZoneId.of("UTC"), List.of()), new Target(2400, 0.1), 0.95);
    private static final Instant START = Instant.parse("2026-11-23T08:30:00Z");
    private static final Instant END = Instant.parse("2026-11-23T11:30:00Z");
    private static final Duration HOLD = Duration.ofSeconds(60);
    private static final AlertCondition QUALITY = condition(AlertKind.QUALITY_LOW, "window");

    private static AlertCondition condition(AlertKind kind, String subject) {
        return new AlertCondition(kind, KEY, subject, AlertCondition.Severity.WARNING, 0.8, 0.95, "low");
    }

    /** The owner's side: stores every decision at once and records what happened. */
    private static final class Owner {
        final AlertTracker tracker = new AlertTracker(HOLD);
        final List<String> log = new ArrayList<>();

        void at(Instant now, AlertCondition... holding) {
            for (AlertTracker.Decision decision : tracker.evaluate(c -> true, List.of(holding), now)) {
                if (decision instanceof AlertTracker.Open open) {
                    log.add("open " + open.condition().kind() + " at " + now);
                    tracker.opened(open.condition(), UUID.randomUUID());
                } else {
                    log.add("resolve " + decision.condition().kind() + " at " + now);
                    tracker.resolved(decision.condition().identity());
                }
            }
        }
    }

    @Test
    void conditionOpensOnceItHasHeldForTheHoldAndOnlyOnce() {
        Owner owner = new Owner();
        owner.at(START, QUALITY);
        owner.at(START.plusSeconds(59), QUALITY);
        assertThat(owner.log).isEmpty();
        owner.at(START.plusSeconds(60), QUALITY);
        owner.at(START.plusSeconds(61), QUALITY);
        owner.at(START.plusSeconds(600), QUALITY);
        assertThat(owner.log).containsExactly("open QUALITY_LOW at " + START.plusSeconds(60));
    }

    @Test
    void conditionShorterThanTheHoldOpensNothing() {
        Owner owner = new Owner();
        for (int s = 0; s < 600; s += 40) {
            // holds for 30 s, clears for 10 s, over and over: never 60 s in a row
            owner.at(START.plusSeconds(s), QUALITY);
            owner.at(START.plusSeconds(s + 30));
        }
        assertThat(owner.log).isEmpty();
        assertThat(owner.tracker.size()).isZero();
    }

    @Test
    void openAlertResolvesOnlyAfterItsConditionHasBeenClearForTheHold() {
        Owner owner = new Owner();
        owner.at(START, QUALITY);
        owner.at(START.plusSeconds(60), QUALITY);
        // flapping while open: clear 30 s, back, clear 30 s, back — still the one alert, never resolved
        owner.at(START.plusSeconds(100));
        owner.at(START.plusSeconds(130), QUALITY);
        owner.at(START.plusSeconds(140));
        owner.at(START.plusSeconds(170), QUALITY);
        owner.at(START.plusSeconds(180));
        owner.at(START.plusSeconds(239));
        owner.at(START.plusSeconds(240));
        owner.at(START.plusSeconds(300));
        assertThat(owner.log).containsExactly("open QUALITY_LOW at " + START.plusSeconds(60),
                "resolve QUALITY_LOW at " + START.plusSeconds(240));
        // a new occurrence later is a new alert
        owner.at(START.plusSeconds(1000), QUALITY);
        owner.at(START.plusSeconds(1060), QUALITY);
        assertThat(owner.log).hasSize(3).last().isEqualTo("open QUALITY_LOW at " + START.plusSeconds(1060));
    }

    @Test
    void zeroHoldOpensAndResolvesAtOnce() {
        AlertTracker tracker = new AlertTracker(Duration.ZERO);
        assertThat(tracker.evaluate(c -> true, List.of(QUALITY), START)).hasSize(1);
        tracker.opened(QUALITY, UUID.randomUUID());
        assertThat(tracker.evaluate(c -> true, List.of(), START.plusSeconds(1))).singleElement()
                .isInstanceOf(AlertTracker.Resolve.class);
    }

    @Test
    void missedTargetIsEndedOnlyByAcknowledgementAndNeverReopensForTheSameSession() {
        Owner owner = new Owner();
        AlertCondition missed = condition(AlertKind.TARGET_MISSED, "session:" + START);
        owner.at(END, missed);
        owner.at(END.plusSeconds(60), missed);
        // the next session starts: the condition is gone, but only an acknowledgement ends a missed target
        owner.at(END.plusSeconds(7200));
        owner.at(END.plusSeconds(9000));
        assertThat(owner.log).containsExactly("open TARGET_MISSED at " + END.plusSeconds(60));

        Owner acked = new Owner();
        acked.at(END, missed);
        acked.at(END.plusSeconds(60), missed);
        acked.tracker.resolved(missed.identity());       // acknowledged
        acked.at(END.plusSeconds(120), missed);
        acked.at(END.plusSeconds(3600), missed);
        assertThat(acked.log).containsExactly("open TARGET_MISSED at " + END.plusSeconds(60));
    }

    @Test
    void alertAlreadyRaisedBeforeARestartIsNotOpenedAgain() {
        AlertTracker tracker = new AlertTracker(HOLD);
        AlertCondition missed = condition(AlertKind.TARGET_MISSED, "session:" + START);
        tracker.evaluate(c -> true, List.of(missed), END);
        List<AlertTracker.Decision> decisions = tracker.evaluate(c -> true, List.of(missed), END.plusSeconds(60));
        assertThat(decisions).singleElement().isInstanceOf(AlertTracker.Open.class);
        tracker.alreadyRaised(missed);
        assertThat(tracker.evaluate(c -> true, List.of(missed), END.plusSeconds(600))).isEmpty();
    }

    @Test
    void restoredAlertStaysOpenWhileItsConditionHoldsAndResolvesWhenItClears() {
        AlertTracker tracker = new AlertTracker(HOLD);
        UUID id = UUID.randomUUID();
        tracker.restore(new Alert(id, QUALITY.kind(), KEY, QUALITY.subject(), QUALITY.severity(), Alert.State.ACKNOWLEDGED,
                0.8, 0.95, "low", START, START.plusSeconds(10), "J. Smith", null, null));
        assertThat(tracker.evaluate(c -> true, List.of(QUALITY), START.plusSeconds(300))).isEmpty();
        assertThat(tracker.evaluate(c -> true, List.of(), START.plusSeconds(400))).isEmpty();
        assertThat(tracker.evaluate(c -> true, List.of(), START.plusSeconds(460))).singleElement()
                .isEqualTo(new AlertTracker.Resolve(id, QUALITY));
    }

    @Test
    void evaluationLeavesConditionsOutsideItsScopeAlone() {
        AlertTracker tracker = new AlertTracker(Duration.ZERO);
        AlertCondition contract = condition(AlertKind.CONTRACT_AT_RISK, "contract:c-1");
        tracker.evaluate(c -> c.kind() == AlertKind.CONTRACT_AT_RISK, List.of(contract), START);
        tracker.opened(contract, UUID.randomUUID());
        // a workshop evaluation without the contract must not resolve it
        assertThat(tracker.evaluate(c -> c.kind() != AlertKind.CONTRACT_AT_RISK, List.of(), START.plusSeconds(5))).isEmpty();
        assertThat(tracker.evaluate(c -> c.kind() == AlertKind.CONTRACT_AT_RISK, List.of(), START.plusSeconds(5)))
                .singleElement().isInstanceOf(AlertTracker.Resolve.class);
    }

    @Test
    void failedStoreIsRetriedAtTheNextEvaluation() {
        AlertTracker tracker = new AlertTracker(HOLD);
        tracker.evaluate(c -> true, List.of(QUALITY), START);
        AlertTracker.Decision open = tracker.evaluate(c -> true, List.of(QUALITY), START.plusSeconds(60)).get(0);
        // while the store works on it, the same condition decides nothing new
        assertThat(tracker.evaluate(c -> true, List.of(QUALITY), START.plusSeconds(61))).isEmpty();
        tracker.failed(open);
        assertThat(tracker.evaluate(c -> true, List.of(QUALITY), START.plusSeconds(62))).containsExactly(open);
        UUID id = UUID.randomUUID();
        tracker.opened(QUALITY, id);
        tracker.evaluate(c -> true, List.of(), START.plusSeconds(100));
        AlertTracker.Decision resolve = tracker.evaluate(c -> true, List.of(), START.plusSeconds(160)).get(0);
        tracker.failed(resolve);
        assertThat(tracker.evaluate(c -> true, List.of(), START.plusSeconds(161))).containsExactly(resolve);
    }

    // --- the rules and the tracker together, as the service runs them ---

    private static SessionFigures session(long good, Boolean onPace) {
        return new SessionFigures(START, END, good, 0, 2400L, onPace, null, null, null, null);
    }

    private static List<String> timeline(Instant from, Instant to, Function<Instant, WorkshopFigures> figures) {
        Owner owner = new Owner();
        for (Instant now = from; !now.isAfter(to); now = now.plusSeconds(5)) {
            owner.at(now, AlertRules.workshop(WORKSHOP, figures.apply(now), now).toArray(AlertCondition[]::new));
        }
        return owner.log;
    }

    private static WorkshopFigures figures(Instant now, WindowFigures window, SessionFigures session, StationFigures... stations) {
        return new WorkshopFigures(KEY, now, window, session, null, List.of(stations));
    }

    @Test
    void behindTargetRaisesOnceAfterSettlingAndResolvesWhenTheSessionEnds() {
        WindowFigures quiet = WindowFigures.of(15, 0, 0);
        List<String> log = timeline(START, END.plusSeconds(300), now -> figures(now, quiet, session(100, false)));
        assertThat(log).containsExactly(
                "open TARGET_BEHIND at " + START.plus(Duration.ofMinutes(16)),
                "open TARGET_MISSED at " + END.plusSeconds(60),
                "resolve TARGET_BEHIND at " + END.plusSeconds(60));
    }

    @Test
    void targetMetExactlyAtTheEndRaisesNoMissedTarget() {
        WindowFigures quiet = WindowFigures.of(15, 0, 0);
        assertThat(timeline(END.minusSeconds(60), END.plusSeconds(600), now -> figures(now, quiet, session(2400, true))))
                .isEmpty();
    }

    @Test
    void qualityDippingBelowWithFewerThanTwentyUnitsRaisesNothing() {
        assertThat(timeline(START, START.plusSeconds(900),
                now -> figures(now, WindowFigures.of(15, 10, 9), session(900, true)))).isEmpty();
    }

    @Test
    void qualityFlappingAroundItsTargetRaisesOneAlertAndResolvesOnce() {
        // 0.94 and 0.96 alternating every 20 s for ten minutes, then steady at 0.97
        Instant steady = START.plusSeconds(1200);
        List<String> log = timeline(START.plusSeconds(600), steady.plusSeconds(300), now -> {
            boolean low = now.isBefore(steady) && (now.getEpochSecond() / 20) % 2 == 0;
            return figures(now, low ? WindowFigures.of(15, 94, 6) : WindowFigures.of(15, 97, 3), session(900, true));
        });
        // a dip lasts 20 s, shorter than the hold: flapping never opens anything
        assertThat(log).isEmpty();

        List<String> sustained = timeline(START.plusSeconds(600), steady.plusSeconds(300), now -> {
            boolean low = now.isBefore(steady.minusSeconds(300)) || (now.isBefore(steady) && (now.getEpochSecond() / 20) % 2 == 0);
            return figures(now, low ? WindowFigures.of(15, 94, 6) : WindowFigures.of(15, 97, 3), session(900, true));
        });
        // the last 20 s dip ends 20 s before the steady phase; clear for the hold from there
        assertThat(sustained).containsExactly("open QUALITY_LOW at " + START.plusSeconds(660),
                "resolve QUALITY_LOW at " + steady.minusSeconds(20).plusSeconds(60));
    }

    @Test
    void stationSilentThenBackRaisesOnceAndResolvesOnce() {
        Instant lastHeard = START.plusSeconds(600);
        Instant back = START.plusSeconds(1800);
        WindowFigures quiet = WindowFigures.of(15, 0, 0);
        List<String> log = timeline(START.plusSeconds(600), START.plusSeconds(2400), now -> figures(now, quiet,
                session(900, null), new StationFigures("sew-04", MachineState.RUNNING, null, START,
                        now.isBefore(back) ? lastHeard : now, quiet, null)));
        assertThat(log).containsExactly("open STATION_DOWN at " + lastHeard.plusSeconds(305 + 60),
                "resolve STATION_DOWN at " + back.plusSeconds(60));
    }
}
