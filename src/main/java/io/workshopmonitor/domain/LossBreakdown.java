package io.workshopmonitor.domain;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * Where scheduled station time went, in milliseconds, summed over stations: a station-hour is one hour of one
 * station. Every millisecond of {@code scheduled} is in exactly one part:
 * <pre>
 * scheduled = closed (by reason)                   → planned
 *   planned = stopped for a regime reason          → available
 * available = stopped for any other reason + unexplained stops + unmonitored → running
 *   running = speed loss + reject loss + good time
 * </pre>
 * A station that has never reported a state ({@code unmonitored}) cannot say whether it ran: its planned
 * time is kept apart rather than guessed. Without an ideal cycle time, units cannot be turned into time and
 * all running time counts as good time. Units ({@code good}, {@code reject}) are counted for every station, and
 * rejects by the codes instructors gave them ({@code rejectsByCode}; the rest are uncoded).
 */
public record LossBreakdown(long scheduled, Map<StopReason, Lost> closed, Map<StopReason, Lost> stopped,
                            Lost unexplained, long unmonitored, long speedLoss, long rejectLoss, long goodTime,
                            long good, long reject, Map<RejectCode, Long> rejectsByCode) {

    /** Time lost to one reason, and in how many closures or stops. */
    public record Lost(long millis, int count) {
        public static final Lost NONE = new Lost(0, 0);

        Lost plus(Lost other) {
            return new Lost(millis + other.millis, count + other.count);
        }
    }

    public static final LossBreakdown EMPTY = new LossBreakdown(0, Map.of(), Map.of(), Lost.NONE, 0, 0, 0, 0, 0, 0, Map.of());

    public LossBreakdown {
        closed = Collections.unmodifiableMap(copy(closed));
        stopped = Collections.unmodifiableMap(copy(stopped));
        EnumMap<RejectCode, Long> codes = new EnumMap<>(RejectCode.class);
        codes.putAll(rejectsByCode);
        rejectsByCode = Collections.unmodifiableMap(codes);
    }

    /** Rejects nobody has given a code: the station's rejects less those an instructor split by code. */
    public long rejectsUncoded() {
        return Math.max(0, reject - rejectsByCode.values().stream().mapToLong(Long::longValue).sum());
    }

    private static EnumMap<StopReason, Lost> copy(Map<StopReason, Lost> map) {
        EnumMap<StopReason, Lost> copy = new EnumMap<>(StopReason.class);
        copy.putAll(map);
        return copy;
    }

    public long closedTotal() {
        return closed.values().stream().mapToLong(Lost::millis).sum();
    }

    public long planned() {
        return scheduled - closedTotal();
    }

    public long available() {
        return planned() - stoppedIn(true);
    }

    public long running() {
        return available() - stoppedIn(false) - unexplained.millis - unmonitored;
    }

    /** Stopped time for regime reasons ({@code regime}) or for every other given reason. */
    private long stoppedIn(boolean regime) {
        return stopped.entrySet().stream()
                .filter(e -> (e.getKey().category() == LossCategory.REGIME) == regime)
                .mapToLong(e -> e.getValue().millis()).sum();
    }

    /** Time the regime took: closures and stops with a reason in {@link LossCategory#REGIME}. */
    public long regime() {
        return byCategory().getOrDefault(LossCategory.REGIME, Lost.NONE).millis();
    }

    /** Time lost that the workshop controls: every other closure and stop, unexplained stops, speed and rejects. */
    public long workshopControlled() {
        return scheduled - regime() - unmonitored - goodTime;
    }

    /** Closures and stops together by category, unexplained stops as {@link LossCategory#UNEXPLAINED}. */
    public Map<LossCategory, Lost> byCategory() {
        EnumMap<LossCategory, Lost> categories = new EnumMap<>(LossCategory.class);
        for (Map<StopReason, Lost> part : java.util.List.of(closed, stopped)) {
            part.forEach((reason, lost) -> categories.merge(reason.category(), lost, Lost::plus));
        }
        if (unexplained.count() > 0 || unexplained.millis() > 0) {
            categories.merge(LossCategory.UNEXPLAINED, unexplained, Lost::plus);
        }
        return categories;
    }

    /** Closures and stops together by reason, for a Pareto. */
    public Map<StopReason, Lost> byReason() {
        EnumMap<StopReason, Lost> reasons = copy(closed);
        stopped.forEach((reason, lost) -> reasons.merge(reason, lost, Lost::plus));
        return reasons;
    }

    /**
     * The same breakdown counting each closure once, as {@code counted} says, rather than once per station it
     * closed: a workshop's one lockdown is one lockdown however many stations it has.
     */
    LossBreakdown withClosureCounts(Map<StopReason, Lost> counted) {
        EnumMap<StopReason, Lost> recounted = new EnumMap<>(StopReason.class);
        closed.forEach((reason, lost) -> recounted.put(reason,
                new Lost(lost.millis(), counted.getOrDefault(reason, Lost.NONE).count())));
        return new LossBreakdown(scheduled, recounted, stopped, unexplained, unmonitored, speedLoss, rejectLoss, goodTime,
                good, reject, rejectsByCode);
    }

    public LossBreakdown plus(LossBreakdown other) {
        EnumMap<StopReason, Lost> closedSum = copy(closed);
        other.closed.forEach((reason, lost) -> closedSum.merge(reason, lost, Lost::plus));
        EnumMap<StopReason, Lost> stoppedSum = copy(stopped);
        other.stopped.forEach((reason, lost) -> stoppedSum.merge(reason, lost, Lost::plus));
        EnumMap<RejectCode, Long> codes = new EnumMap<>(RejectCode.class);
        codes.putAll(rejectsByCode);
        other.rejectsByCode.forEach((code, units) -> codes.merge(code, units, Long::sum));
        return new LossBreakdown(scheduled + other.scheduled, closedSum, stoppedSum, unexplained.plus(other.unexplained),
                unmonitored + other.unmonitored, speedLoss + other.speedLoss, rejectLoss + other.rejectLoss,
                goodTime + other.goodTime, good + other.good, reject + other.reject, codes);
    }
}
