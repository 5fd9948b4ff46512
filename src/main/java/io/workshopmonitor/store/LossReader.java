package io.workshopmonitor.store;

import io.vertx.core.Future;
import io.workshopmonitor.domain.Closure;
import io.workshopmonitor.domain.Interval;
import io.workshopmonitor.domain.LossAnalysis;
import io.workshopmonitor.domain.RejectCode;
import io.workshopmonitor.domain.StateReading;
import io.workshopmonitor.domain.Station;
import io.workshopmonitor.domain.Stop;
import io.workshopmonitor.domain.Workshop;
import io.workshopmonitor.domain.WorkshopKey;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Gathers what a workshop's loss analysis needs from the store (closures, state reports, units, instructors'
 * stop reasons and reject splits) and runs it: one reading of the data serves the API, the dashboard and the
 * metrics alike.
 */
public final class LossReader {

    /** How far before a range a stop that runs into it may have begun and still carry its recorded reason. */
    private static final Duration STOP_LOOKBACK = Duration.ofDays(31);

    private final ClosureStore closures;
    private final FigureStore figures;
    private final StopReasonStore reasons;
    private final RejectSplitStore splits;

    public LossReader(ClosureStore closures, FigureStore figures, StopReasonStore reasons, RejectSplitStore splits) {
        this.closures = closures;
        this.figures = figures;
        this.reasons = reasons;
        this.splits = splits;
    }

    public Future<LossAnalysis.Result> analyse(Workshop workshop, Interval range, Instant now) {
        return analyse(workshop, range, now, figures.unitsBetween(workshop.key(), range.start(), range.end()));
    }

    /** Good and reject units each station made in {@code [from, to)}: what a caller may keep and pass back below. */
    public Future<Map<String, long[]>> unitsBetween(WorkshopKey key, Instant from, Instant to) {
        return figures.unitsBetween(key, from, to);
    }

    /**
     * The same, with the units each station made in the range already known ({@code {good, reject}} by station):
     * summing a busy day's readings again for every refresh is what costs most.
     */
    public Future<LossAnalysis.Result> analyse(Workshop workshop, Interval range, Instant now, Map<String, long[]> made) {
        return analyse(workshop, range, now, Future.succeededFuture(made));
    }

    private Future<LossAnalysis.Result> analyse(Workshop workshop, Interval range, Instant now,
                                                Future<Map<String, long[]>> units) {
        WorkshopKey key = workshop.key();
        Future<List<Closure>> closed = closures.list(key, range.start(), range.end());
        Future<List<StateReading>> states = figures.statesBetween(key, range.start(), range.end());
        Future<Map<String, Map<Instant, Stop.Recorded>>> recorded = reasons.list(key, range.start().minus(STOP_LOOKBACK), range.end());
        Future<List<RejectSplitStore.Split>> coded = splits.list(key, range.start(), range.end());
        return Future.all(closed, states, units, recorded, coded).map(all -> {
            Map<String, Map<RejectCode, Long>> codes = RejectSplitStore.byStation(coded.result());
            Map<String, List<StateReading>> byStation = new HashMap<>();
            for (StateReading reading : states.result()) {
                byStation.computeIfAbsent(reading.station().station(), s -> new ArrayList<>()).add(reading);
            }
            List<String> stationIds = new ArrayList<>(workshop.stations().stream().map(Station::id).toList());
            // stations registered by their first reading, not (yet) configured
            for (String seen : units.result().keySet()) {
                if (!stationIds.contains(seen)) {
                    stationIds.add(seen);
                }
            }
            List<LossAnalysis.StationInput> inputs = new ArrayList<>();
            for (String id : stationIds) {
                long[] made = units.result().getOrDefault(id, new long[]{0, 0});
                inputs.add(new LossAnalysis.StationInput(id, idealCycle(workshop, id),
                        byStation.getOrDefault(id, List.of()), made[0], made[1],
                        recorded.result().getOrDefault(id, Map.of()), codes.getOrDefault(id, Map.of())));
            }
            return LossAnalysis.workshop(workshop.schedule(), closed.result(), range, now, inputs);
        });
    }

    private static OptionalDouble idealCycle(Workshop workshop, String station) {
        return workshop.stations().stream().filter(s -> s.id().equals(station)).findFirst()
                .map(Station::idealCycleSeconds).orElse(OptionalDouble.empty());
    }
}
