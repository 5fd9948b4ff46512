package io.workshopmonitor.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

import static io.workshopmonitor.domain.CounterUpdate.Kind.BASELINE;
import static io.workshopmonitor.domain.CounterUpdate.Kind.COUNTED;
import static io.workshopmonitor.domain.CounterUpdate.Kind.DUPLICATE;
import static io.workshopmonitor.domain.CounterUpdate.Kind.LATE;
import static io.workshopmonitor.domain.CounterUpdate.Kind.RESET;
import static org.assertj.core.api.Assertions.assertThat;

class CounterTrackerTest {

    private static final StationKey STATION = new WorkshopKey("MDI", "textiles-1").station("sew-04");
    private static final Instant T0 = Instant.parse("2026-11-23T09:00:00Z");

    private static CounterReading reading(int second, Long seq, long good, long reject) {
        return new CounterReading(STATION, T0.plusSeconds(second), seq == null ? OptionalLong.empty() : OptionalLong.of(seq),
                good, reject, Optional.empty());
    }

    @Test
    void firstReadingSetsBaselineAndAddsNothing() {
        CounterTracker tracker = new CounterTracker();
        assertThat(tracker.apply(reading(0, 1L, 1234, 17))).isEqualTo(new CounterUpdate(BASELINE, 0, 0));
    }

    @Test
    void laterReadingAddsTheDifference() {
        CounterTracker tracker = new CounterTracker();
        tracker.apply(reading(0, 1L, 1234, 17));
        assertThat(tracker.apply(reading(10, 2L, 1240, 19))).isEqualTo(new CounterUpdate(COUNTED, 6, 2));
    }

    @Test
    void unchangedCountsAddZero() {
        CounterTracker tracker = new CounterTracker();
        tracker.apply(reading(0, 1L, 50, 1));
        assertThat(tracker.apply(reading(10, 2L, 50, 1))).isEqualTo(new CounterUpdate(COUNTED, 0, 0));
    }

    @Test
    void counterResetKeepsCountingFromNewValue() {
        CounterTracker tracker = new CounterTracker();
        tracker.apply(reading(0, 1L, 1000, 10));
        tracker.apply(reading(10, 2L, 1005, 10));
        // power cycle: the device starts again from zero and has made 3 good, 1 reject since
        assertThat(tracker.apply(reading(20, 3L, 3, 1))).isEqualTo(new CounterUpdate(RESET, 3, 1));
        assertThat(tracker.apply(reading(30, 4L, 8, 1))).isEqualTo(new CounterUpdate(COUNTED, 5, 0));
    }

    @Test
    void resetOfRejectCounterAloneIsAReset() {
        CounterTracker tracker = new CounterTracker();
        tracker.apply(reading(0, 1L, 100, 10));
        assertThat(tracker.apply(reading(10, 2L, 101, 0))).isEqualTo(new CounterUpdate(RESET, 101, 0));
    }

    @Test
    void nothingIsLostOrCountedTwiceAcrossResetsAndRedeliveries() {
        CounterTracker tracker = new CounterTracker();
        long good = 0;
        // device made 10, 20 (reset), 5, 7, and one reading is delivered twice
        CounterReading[] stream = {
                reading(0, 1L, 500, 0),   // baseline
                reading(1, 2L, 510, 0),   // +10
                reading(2, 3L, 530, 0),   // +20
                reading(2, 3L, 530, 0),   // redelivered
                reading(3, 4L, 5, 0),     // reset, +5
                reading(1, 2L, 510, 0),   // redelivered, long after
                reading(4, 5L, 12, 0),    // +7
        };
        for (CounterReading r : stream) {
            good += tracker.apply(r).goodDelta();
        }
        assertThat(good).isEqualTo(42);
    }

    @ParameterizedTest(name = "seq {0} again at +{1}s is a duplicate")
    @CsvSource({"2, 10", "1, 0", "2, 5"})
    void seqAlreadyAppliedIsADuplicate(long seq, int second) {
        CounterTracker tracker = new CounterTracker();
        tracker.apply(reading(0, 1L, 10, 0));
        tracker.apply(reading(10, 2L, 20, 0));
        CounterUpdate update = tracker.apply(reading(second, seq, 999, 9));
        assertThat(update).isEqualTo(new CounterUpdate(DUPLICATE, 0, 0));
    }

    @Test
    void identicalCopyWithoutSeqIsADuplicate() {
        CounterTracker tracker = new CounterTracker();
        tracker.apply(reading(0, null, 10, 0));
        tracker.apply(reading(10, null, 20, 1));
        assertThat(tracker.apply(reading(10, null, 20, 1)).kind()).isEqualTo(DUPLICATE);
    }

    @Test
    void olderReadingIsLateAndAddsNothing() {
        CounterTracker tracker = new CounterTracker();
        tracker.apply(reading(0, 1L, 10, 0));
        tracker.apply(reading(20, 3L, 30, 0));
        // seq 2 was never applied: buffered by the device during a network cut
        assertThat(tracker.apply(reading(10, 2L, 20, 0))).isEqualTo(new CounterUpdate(LATE, 0, 0));
        // and the next in-order reading still counts from the newest applied one
        assertThat(tracker.apply(reading(30, 4L, 35, 0))).isEqualTo(new CounterUpdate(COUNTED, 5, 0));
    }

    @Test
    void olderReadingWithoutSeqIsLate() {
        CounterTracker tracker = new CounterTracker();
        tracker.apply(reading(10, null, 10, 0));
        assertThat(tracker.apply(reading(5, null, 5, 0)).kind()).isEqualTo(LATE);
    }

    @Test
    void lowerCountsAtTheSameInstantAreNotAReset() {
        CounterTracker tracker = new CounterTracker();
        tracker.apply(reading(10, 1L, 100, 0));
        assertThat(tracker.apply(reading(10, 2L, 3, 0))).isEqualTo(new CounterUpdate(LATE, 0, 0));
    }

    @Test
    void deviceThatRestartsItsSeqIsNotMistakenForDuplicates() {
        CounterTracker tracker = new CounterTracker();
        tracker.apply(reading(0, 41L, 100, 0));
        tracker.apply(reading(10, 42L, 110, 0));
        // after a power cycle seq starts again at 1, with a later ts: new data, and a reset
        assertThat(tracker.apply(reading(20, 1L, 4, 0))).isEqualTo(new CounterUpdate(RESET, 4, 0));
        assertThat(tracker.apply(reading(30, 42L, 9, 0))).isEqualTo(new CounterUpdate(COUNTED, 5, 0));
    }

    @Test
    void resumedTrackerContinuesFromStoredReading() {
        CounterTracker tracker = CounterTracker.resume(T0.plusSeconds(10), 20, 2, OptionalLong.of(2));
        assertThat(tracker.apply(reading(10, 2L, 20, 2)).kind()).isEqualTo(DUPLICATE);
        assertThat(tracker.apply(reading(5, 1L, 10, 1)).kind()).isEqualTo(LATE);
        assertThat(tracker.apply(reading(20, 3L, 25, 2))).isEqualTo(new CounterUpdate(COUNTED, 5, 0));
    }

    @Test
    void oldSeqsBeyondTheWindowAreLateNotDuplicate() {
        CounterTracker tracker = new CounterTracker();
        for (int i = 0; i <= CounterTracker.RECENT_SEQS + 10; i++) {
            tracker.apply(reading(i, (long) i, i, 0));
        }
        // seq 0 has left the window; it is still older, so it changes nothing either way
        assertThat(tracker.apply(reading(0, 0L, 0, 0)).kind()).isEqualTo(LATE);
        assertThat(tracker.apply(reading(CounterTracker.RECENT_SEQS, (long) CounterTracker.RECENT_SEQS, 0, 0)).kind())
                .isEqualTo(DUPLICATE);
    }

    @Test
    void onlyAdvancingKindsAreReferencePoints() {
        assertThat(BASELINE.advances()).isTrue();
        assertThat(COUNTED.advances()).isTrue();
        assertThat(RESET.advances()).isTrue();
        assertThat(LATE.advances()).isFalse();
        assertThat(DUPLICATE.stored()).isFalse();
        assertThat(LATE.stored()).isTrue();
    }
}
