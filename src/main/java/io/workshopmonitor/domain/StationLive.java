package io.workshopmonitor.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * One station's live state, kept small so ten thousand fit easily: a ring of per-minute counts for the
 * window, the current session's sums, and the state changes since the session started. Not thread-safe;
 * {@link WorkshopLive} guards it.
 */
final class StationLive {

    private static final int MAX_STATE_CHANGES = 5_000;
    /** Minutes a device clock may run ahead (ingest refuses more by default) without evicting a window minute. */
    private static final int AHEAD_MINUTES = 6;

    private final String id;
    private OptionalDouble idealCycleSeconds;
    private final long[] minute;
    private final long[] good;
    private final long[] reject;
    private Instant sessionStart;
    private long sessionGood;
    private long sessionReject;
    private final TreeMap<Instant, StateReading> states = new TreeMap<>();
    private Instant lastSeen;
    /**
     * The last window's sums and the minutes they covered. Figures are rebuilt at every commit that touches the
     * workshop, and a commit touches few of its stations: the others' sums stand until a minute turns.
     */
    private long summedFirst = Long.MIN_VALUE;
    private long summedCurrent;
    private long summedGood;
    private long summedReject;

    StationLive(String id, OptionalDouble idealCycleSeconds, int windowMinutes) {
        this.id = id;
        this.idealCycleSeconds = idealCycleSeconds;
        // the window, the current partly elapsed minute, and the minutes a fast device clock may be ahead
        int slots = windowMinutes + 1 + AHEAD_MINUTES;
        this.minute = new long[slots];
        this.good = new long[slots];
        this.reject = new long[slots];
        java.util.Arrays.fill(minute, Long.MIN_VALUE);
    }

    String id() {
        return id;
    }

    void idealCycleSeconds(OptionalDouble value) {
        idealCycleSeconds = value;
    }

    OptionalDouble idealCycleSeconds() {
        return idealCycleSeconds;
    }

    void seen(Instant ts) {
        if (lastSeen == null || ts.isAfter(lastSeen)) {
            lastSeen = ts;
        }
    }

    void addUnits(Instant ts, long goodDelta, long rejectDelta, Interval session) {
        long m = Math.floorDiv(ts.getEpochSecond(), 60);
        int slot = (int) Math.floorMod(m, (long) minute.length);
        if (minute[slot] < m) {
            minute[slot] = m;
            good[slot] = 0;
            reject[slot] = 0;
        }
        if (minute[slot] == m) {
            good[slot] += goodDelta;
            reject[slot] += rejectDelta;
            summedFirst = Long.MIN_VALUE;
        }
        if (session != null) {
            startSession(session);
            if (session.contains(ts)) {
                sessionGood += goodDelta;
                sessionReject += rejectDelta;
            }
        }
    }

    void addState(StateReading reading) {
        states.put(reading.ts(), reading);
        if (states.size() > MAX_STATE_CHANGES) {
            states.pollFirstEntry();
        }
    }

    /** Sums belong to one session; a new session starts them from zero. */
    private void startSession(Interval session) {
        if (!session.start().equals(sessionStart)) {
            sessionStart = session.start();
            sessionGood = 0;
            sessionReject = 0;
        }
    }

    /** Drops state changes no figure can need any more: those before the last one at or before {@code from}. */
    void prune(Instant from) {
        Instant floor = states.floorKey(from);
        if (floor != null) {
            states.headMap(floor, false).clear();
        }
    }

    /** Units in the minutes from {@code now − windowMinutes} to now. */
    long[] window(Instant now, int windowMinutes) {
        long current = Math.floorDiv(now.getEpochSecond(), 60);
        // the minutes whose start lies within the window, to the millisecond
        long first = Math.floorDiv(now.minus(Duration.ofMinutes(windowMinutes)).toEpochMilli() + 59_999, 60_000);
        if (first == summedFirst && current == summedCurrent) {
            return new long[]{summedGood, summedReject};
        }
        long g = 0;
        long r = 0;
        for (int i = 0; i < minute.length; i++) {
            if (minute[i] >= first && minute[i] <= current) {
                g += good[i];
                r += reject[i];
            }
        }
        summedFirst = first;
        summedCurrent = current;
        summedGood = g;
        summedReject = r;
        return new long[]{g, r};
    }

    long[] session(Interval session) {
        return session.start().equals(sessionStart) ? new long[]{sessionGood, sessionReject} : new long[]{0, 0};
    }

    /** The latest reported state, if any. */
    StateReading state() {
        Map.Entry<Instant, StateReading> last = states.lastEntry();
        return last == null ? null : last.getValue();
    }

    Instant lastSeen() {
        return lastSeen;
    }

    /** When the current state began: the first of the latest run of reports with the same state. */
    Instant stateSince() {
        Map.Entry<Instant, StateReading> entry = states.lastEntry();
        if (entry == null) {
            return null;
        }
        MachineState current = entry.getValue().state();
        Instant since = entry.getKey();
        for (Map.Entry<Instant, StateReading> earlier : states.headMap(since, false).descendingMap().entrySet()) {
            if (earlier.getValue().state() != current) {
                break;
            }
            since = earlier.getKey();
        }
        return since;
    }

    boolean reportsState() {
        return !states.isEmpty();
    }

    /**
     * Time spent RUNNING inside the planned intervals, from the state changes; time before the first known
     * state counts as not running.
     */
    Duration running(List<Interval> planned, Instant until) {
        Duration running = Duration.ZERO;
        if (planned.isEmpty()) {
            return running;
        }
        Instant from = planned.get(0).start();
        Instant floor = states.floorKey(from);
        NavigableMap<Instant, StateReading> relevant = floor == null ? states.headMap(until, false)
                : states.subMap(floor, true, until, false);
        Instant segmentStart = null;
        boolean wasRunning = false;
        for (Map.Entry<Instant, StateReading> change : relevant.entrySet()) {
            if (wasRunning) {
                running = running.plus(overlap(planned, segmentStart, change.getKey()));
            }
            segmentStart = change.getKey();
            wasRunning = change.getValue().state() == MachineState.RUNNING;
        }
        if (wasRunning && until.isAfter(segmentStart)) {
            running = running.plus(overlap(planned, segmentStart, until));
        }
        return running;
    }

    private static Duration overlap(List<Interval> planned, Instant start, Instant end) {
        if (!end.isAfter(start)) {
            return Duration.ZERO;
        }
        return Interval.total(Interval.clip(planned, new Interval(start, end)));
    }
}
