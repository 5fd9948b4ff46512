package io.workshopmonitor.domain;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.OptionalLong;

/**
 * Turns one station's cumulative counter readings into good and reject deltas, exactly as the
 * interface contract's counter semantics say: baseline, reset, duplicate {@code seq}, late.
 *
 * <p>Not thread-safe: one ingest context owns all trackers.
 */
public final class CounterTracker {

    /** Enough to recognise any QoS 1 redelivery a device can still have in flight. */
    static final int RECENT_SEQS = 256;

    private Instant lastTs;
    private long lastGood;
    private long lastReject;
    private final ArrayDeque<Long> recentSeqs = new ArrayDeque<>();

    /** A tracker that has never seen its station. */
    public CounterTracker() {
    }

    /** A tracker resumed from the last applied reading, as stored before a restart. */
    public static CounterTracker resume(Instant ts, long good, long reject, OptionalLong seq) {
        CounterTracker tracker = new CounterTracker();
        tracker.remember(ts, good, reject, seq);
        return tracker;
    }

    public CounterUpdate apply(CounterReading reading) {
        if (lastTs == null) {
            remember(reading);
            return CounterUpdate.of(CounterUpdate.Kind.BASELINE);
        }
        boolean later = reading.ts().isAfter(lastTs);
        if (!later && isRepeat(reading)) {
            return CounterUpdate.of(CounterUpdate.Kind.DUPLICATE);
        }
        if (reading.ts().isBefore(lastTs)) {
            return CounterUpdate.of(CounterUpdate.Kind.LATE);
        }
        boolean lower = reading.good() < lastGood || reading.reject() < lastReject;
        if (lower && !later) {
            // Same ts but lower counts: it cannot be a reset, and is at best an out-of-order copy.
            return CounterUpdate.of(CounterUpdate.Kind.LATE);
        }
        CounterUpdate update = lower
                // A power cycle restarts both counters from zero: everything they show is new.
                ? new CounterUpdate(CounterUpdate.Kind.RESET, reading.good(), reading.reject())
                : new CounterUpdate(CounterUpdate.Kind.COUNTED, reading.good() - lastGood, reading.reject() - lastReject);
        remember(reading);
        return update;
    }

    public Instant lastTs() {
        return lastTs;
    }

    private boolean isRepeat(CounterReading reading) {
        if (reading.seq().isPresent()) {
            return recentSeqs.contains(reading.seq().getAsLong());
        }
        // Without seq, only an identical copy of the last reading is recognisably the same message.
        return reading.ts().equals(lastTs) && reading.good() == lastGood && reading.reject() == lastReject;
    }

    private void remember(CounterReading reading) {
        remember(reading.ts(), reading.good(), reading.reject(), reading.seq());
    }

    private void remember(Instant ts, long good, long reject, OptionalLong seq) {
        lastTs = ts;
        lastGood = good;
        lastReject = reject;
        if (seq.isPresent()) {
            recentSeqs.addLast(seq.getAsLong());
            if (recentSeqs.size() > RECENT_SEQS) {
                recentSeqs.removeFirst();
            }
        }
    }
}
