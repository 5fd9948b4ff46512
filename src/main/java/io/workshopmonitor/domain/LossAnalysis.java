package io.workshopmonitor.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Where one workshop's scheduled time went over a range: its stops, station by station, and the
 * {@link LossBreakdown} they add up to. Running time is counted as the availability figure counts it: a
 * state holds until the next report, and time before a station's first report is not running.
 */
public final class LossAnalysis {

    /**
     * What is known of one station over the range.
     *
     * @param states   its state reports in time order, from the one in force at the range's start (if any)
     * @param good     good units counted in the range
     * @param reject   reject units counted in the range
     * @param recorded instructors' reasons, by the instant the stop they explain began
     * @param rejectsByCode rejects an instructor split by code, over the sessions in the range
     */
    public record StationInput(String station, OptionalDouble idealCycleSeconds, List<StateReading> states,
                               long good, long reject, Map<Instant, Stop.Recorded> recorded,
                               Map<RejectCode, Long> rejectsByCode) {

        public StationInput(String station, OptionalDouble idealCycleSeconds, List<StateReading> states,
                            long good, long reject, Map<Instant, Stop.Recorded> recorded) {
            this(station, idealCycleSeconds, states, good, reject, recorded, Map.of());
        }
    }

    public record Result(Interval range, LossBreakdown total, Map<String, LossBreakdown> stations, List<Stop> stops) {
    }

    private LossAnalysis() {
    }

    /**
     * @param now time after it has not happened yet, and is neither scheduled nor lost
     */
    public static Result workshop(Schedule schedule, List<Closure> closures, Interval range, Instant now,
                                  List<StationInput> stations) {
        Interval counted = range.upTo(now);
        List<Interval> scheduled = Interval.clip(new SessionCalendar(schedule, List.of()).sessions(counted.start(), counted.end()), counted);
        Map<StopReason, LossBreakdown.Lost> closed = closed(scheduled, closures);
        List<Interval> planned = Interval.subtract(scheduled, closures.stream().map(Closure::interval).toList());

        Map<String, LossBreakdown> byStation = new LinkedHashMap<>();
        List<Stop> stops = new ArrayList<>();
        LossBreakdown total = LossBreakdown.EMPTY;
        for (StationInput station : stations) {
            List<Stop> found = stops(station, planned, counted);
            stops.addAll(found);
            LossBreakdown breakdown = station(station, Interval.total(scheduled).toMillis(), closed, planned, found);
            byStation.put(station.station(), breakdown);
            total = total.plus(breakdown);
        }
        stops.sort(Comparator.comparing(Stop::started).thenComparing(Stop::station));
        return new Result(counted, stations.isEmpty() ? total : total.withClosureCounts(closed), byStation, stops);
    }

    /** Scheduled time each closure reason took; where closures overlap, the earlier-starting one has it. */
    private static Map<StopReason, LossBreakdown.Lost> closed(List<Interval> scheduled, List<Closure> closures) {
        Map<StopReason, LossBreakdown.Lost> closed = new EnumMap<>(StopReason.class);
        List<Interval> left = scheduled;
        List<Closure> ordered = new ArrayList<>(closures);
        ordered.sort(Comparator.comparing(Closure::from).thenComparing(Closure::id));
        for (Closure closure : ordered) {
            long took = Interval.total(Interval.clip(left, closure.interval())).toMillis();
            if (took > 0) {
                closed.merge(StopReason.of(closure.reason()), new LossBreakdown.Lost(took, 1), LossBreakdown.Lost::plus);
                left = Interval.subtract(left, List.of(closure.interval()));
            }
        }
        return closed;
    }

    private static LossBreakdown station(StationInput station, long scheduled, Map<StopReason, LossBreakdown.Lost> closed,
                                         List<Interval> planned, List<Stop> stops) {
        long plannedMillis = Interval.total(planned).toMillis();
        if (station.states().isEmpty()) {
            return new LossBreakdown(scheduled, closed, Map.of(), LossBreakdown.Lost.NONE, plannedMillis, 0, 0, 0,
                    station.good(), station.reject(), station.rejectsByCode());
        }
        Map<StopReason, LossBreakdown.Lost> stopped = new EnumMap<>(StopReason.class);
        LossBreakdown.Lost unexplained = LossBreakdown.Lost.NONE;
        long stoppedMillis = 0;
        for (Stop stop : stops) {
            LossBreakdown.Lost lost = new LossBreakdown.Lost(stop.planned().toMillis(), 1);
            stoppedMillis += lost.millis();
            if (stop.reason().isPresent()) {
                stopped.merge(stop.reason().get(), lost, LossBreakdown.Lost::plus);
            } else {
                unexplained = unexplained.plus(lost);
            }
        }
        long running = plannedMillis - stoppedMillis;
        long goodTime = running;
        long rejectLoss = 0;
        if (station.idealCycleSeconds().isPresent()) {
            double cycleMillis = station.idealCycleSeconds().getAsDouble() * 1000;
            goodTime = Math.min(Math.round(cycleMillis * station.good()), running);
            rejectLoss = Math.min(Math.round(cycleMillis * station.reject()), running - goodTime);
        }
        long speedLoss = running - goodTime - rejectLoss;
        return new LossBreakdown(scheduled, closed, stopped, unexplained, 0, speedLoss, rejectLoss, goodTime,
                station.good(), station.reject(), station.rejectsByCode());
    }

    /**
     * A station's stops that fell in planned time: runs of non-running reports with one state and reason, and
     * the stretch before its first report.
     */
    static List<Stop> stops(StationInput station, List<Interval> planned, Interval range) {
        List<Stop> stops = new ArrayList<>();
        List<StateReading> states = station.states();
        if (states.isEmpty()) {
            return stops;
        }
        Instant first = states.get(0).ts();
        if (first.isAfter(range.start())) {
            add(stops, station, range.start(), Optional.of(first), Optional.empty(), Optional.empty(), planned, range);
        }
        int i = 0;
        while (i < states.size()) {
            StateReading run = states.get(i);
            int next = i + 1;
            while (next < states.size() && sameRun(run, states.get(next))) {
                next++;
            }
            if (run.state() != MachineState.RUNNING) {
                Optional<Instant> ended = next < states.size() ? Optional.of(states.get(next).ts()) : Optional.empty();
                add(stops, station, run.ts(), ended, Optional.of(run.state()), run.reason().map(StopReason::of), planned, range);
            }
            i = next;
        }
        return stops;
    }

    private static boolean sameRun(StateReading a, StateReading b) {
        return a.state() == b.state() && a.reason().equals(b.reason());
    }

    private static void add(List<Stop> stops, StationInput station, Instant started, Optional<Instant> ended,
                            Optional<MachineState> state, Optional<StopReason> reported, List<Interval> planned,
                            Interval range) {
        Instant end = ended.filter(e -> e.isBefore(range.end())).orElse(range.end());
        if (!end.isAfter(started)) {
            return;
        }
        Duration inPlanned = Interval.total(Interval.clip(planned, new Interval(started, end)));
        if (inPlanned.isZero()) {
            return;
        }
        stops.add(new Stop(station.station(), started, ended, state, reported,
                Optional.ofNullable(station.recorded().get(started)), inPlanned));
    }
}
