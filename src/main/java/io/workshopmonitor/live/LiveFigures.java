package io.workshopmonitor.live;

import io.vertx.core.Future;
import io.workshopmonitor.domain.Closure;
import io.workshopmonitor.domain.CounterUpdate;
import io.workshopmonitor.domain.Interval;
import io.workshopmonitor.domain.SessionWindow;
import io.workshopmonitor.domain.Workshop;
import io.workshopmonitor.domain.WorkshopFigures;
import io.workshopmonitor.domain.WorkshopKey;
import io.workshopmonitor.domain.WorkshopLive;
import io.workshopmonitor.store.ClosureStore;
import io.workshopmonitor.store.FigureStore;
import io.workshopmonitor.store.WriteBatch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every workshop's live figures in memory: rebuilt from PostgreSQL at start-up, then updated with each
 * committed ingest batch, so a restarted service shows the figures it showed before it stopped.
 */
public final class LiveFigures {

    /** Closures further back than this cannot touch the current or last session. */
    private static final Duration CLOSURES_BACK = Duration.ofDays(14);
    private static final Duration CLOSURES_AHEAD = Duration.ofDays(800);

    private final FigureStore figures;
    private final ClosureStore closures;
    private final int windowMinutes;
    private final Clock clock;
    private final Map<WorkshopKey, WorkshopLive> workshops = new ConcurrentHashMap<>();
    /**
     * Rows committed while a workshop's live state is being rebuilt from the database: applied to the new
     * state before it is swapped in, skipping readings the rebuild already read. Guarded by {@code this}.
     */
    private final Map<WorkshopKey, List<Object>> rebuilding = new java.util.HashMap<>();
    private volatile boolean anyRebuilding;

    /** A rebuilt live state and the counter readings it was built from. */
    private record Rebuilt(WorkshopLive live, Set<UUID> unitIds) {
    }

    public LiveFigures(FigureStore figures, ClosureStore closures, int windowMinutes, Clock clock) {
        this.figures = figures;
        this.closures = closures;
        this.windowMinutes = windowMinutes;
        this.clock = clock;
    }

    public int windowMinutes() {
        return windowMinutes;
    }

    public Clock clock() {
        return clock;
    }

    /** Builds a workshop's live state from what is stored. */
    public Future<Void> load(Workshop workshop) {
        Instant now = clock.instant();
        WorkshopKey key = workshop.key();
        startBuffering(key);
        return closureIntervals(key, now)
                .map(closureList -> new WorkshopLive(workshop, closureList, windowMinutes))
                .compose(live -> rebuild(live, now))
                .onSuccess(this::swapIn)
                .onFailure(e -> stopBuffering(key))
                .mapEmpty();
    }

    private synchronized void startBuffering(WorkshopKey key) {
        rebuilding.put(key, new ArrayList<>());
        anyRebuilding = true;
    }

    private synchronized List<Object> stopBuffering(WorkshopKey key) {
        List<Object> buffered = rebuilding.remove(key);
        anyRebuilding = !rebuilding.isEmpty();
        return buffered == null ? List.of() : buffered;
    }

    /** Everything committed since the rebuild's snapshot goes in, once, before the new state is seen. */
    private synchronized void swapIn(Rebuilt rebuilt) {
        WorkshopKey key = rebuilt.live().key();
        Instant now = clock.instant();
        for (Object row : stopBuffering(key)) {
            if (!(row instanceof WriteBatch.CounterRow counter && rebuilt.unitIds().contains(counter.id()))) {
                apply(rebuilt.live(), row, now);
            }
        }
        workshops.put(key, rebuilt.live());
    }

    /**
     * A workshop was created or replaced, or its closures changed. A new schedule moves session boundaries, so
     * its figures are rebuilt; otherwise the live state takes the new configuration and closures in place.
     */
    public Future<Void> reconfigure(Workshop workshop) {
        WorkshopLive existing = workshops.get(workshop.key());
        if (existing == null || !existing.calendar().schedule().equals(workshop.schedule())) {
            return load(workshop);
        }
        return closureIntervals(workshop.key(), clock.instant())
                .onSuccess(closureList -> existing.reconfigure(workshop, closureList))
                .mapEmpty();
    }

    private Future<List<Interval>> closureIntervals(WorkshopKey key, Instant now) {
        return closures.list(key, now.minus(CLOSURES_BACK), now.plus(CLOSURES_AHEAD))
                .map(list -> list.stream().map(Closure::interval).toList());
    }

    private Future<Rebuilt> rebuild(WorkshopLive live, Instant now) {
        WorkshopKey key = live.key();
        Instant windowStart = now.minus(Duration.ofMinutes(windowMinutes + 1L));
        Instant sessionStart = live.calendar().currentOrLast(now).map(SessionWindow::nominal).map(Interval::start)
                .orElse(windowStart);
        Instant since = sessionStart.isBefore(windowStart) ? sessionStart : windowStart;
        Set<UUID> unitIds = new HashSet<>();
        return figures.unitsSince(key, since)
                .onSuccess(units -> units.forEach(u -> {
                    unitIds.add(u.id());
                    live.addUnits(u.station(), u.ts(), u.good(), u.reject(), now);
                }))
                .compose(ignored -> figures.statesSince(key, sessionStart))
                .onSuccess(states -> states.forEach(live::addState))
                .compose(ignored -> figures.lastSeen(key))
                .onSuccess(seen -> seen.forEach(live::seen))
                .compose(ignored -> figures.lastAttendance(key))
                .onSuccess(attendance -> attendance.ifPresent(a -> live.addAttendance(
                        new io.workshopmonitor.domain.AttendanceReading(key, a.ts(), a.present()))))
                .map(new Rebuilt(live, unitIds));
    }

    /** Called by ingest after each commit, with the rows that were stored (redeliveries excluded). */
    public void committed(List<Object> rows) {
        if (anyRebuilding) {
            buffer(rows);
        }
        Instant now = clock.instant();
        for (Object row : rows) {
            WorkshopKey key = workshopOf(row);
            WorkshopLive live = key == null ? null : workshops.get(key);
            if (live != null) {
                apply(live, row, now);
            }
        }
    }

    private synchronized void buffer(List<Object> rows) {
        for (Object row : rows) {
            WorkshopKey key = workshopOf(row);
            List<Object> buffered = key == null ? null : rebuilding.get(key);
            if (buffered != null) {
                buffered.add(row);
            }
        }
    }

    /** The workshop a stored row belongs to; null for rows figures do not use (dead letters). */
    private static WorkshopKey workshopOf(Object row) {
        if (row instanceof WriteBatch.CounterRow counter) {
            return counter.reading().station().workshop();
        } else if (row instanceof WriteBatch.StateRow state) {
            return state.reading().station().workshop();
        } else if (row instanceof WriteBatch.AttendanceRow attendance) {
            return attendance.reading().workshop();
        }
        return null;
    }

    private static void apply(WorkshopLive live, Object row, Instant now) {
        if (row instanceof WriteBatch.CounterRow counter) {
            CounterUpdate update = counter.update();
            String station = counter.reading().station().station();
            if (update.goodDelta() != 0 || update.rejectDelta() != 0) {
                live.addUnits(station, counter.reading().ts(), update.goodDelta(), update.rejectDelta(), now);
            } else {
                live.seen(station, counter.reading().ts());
            }
        } else if (row instanceof WriteBatch.StateRow state) {
            live.addState(state.reading());
        } else if (row instanceof WriteBatch.AttendanceRow attendance) {
            live.addAttendance(attendance.reading());
        }
    }

    public Optional<WorkshopLive> get(WorkshopKey key) {
        return Optional.ofNullable(workshops.get(key));
    }

    public Optional<WorkshopFigures> figures(WorkshopKey key) {
        return get(key).map(live -> live.figures(clock.instant()));
    }

    public Collection<WorkshopLive> all() {
        return workshops.values();
    }

    /** Drops state history no figure needs any more; run now and then. */
    public void prune() {
        Instant now = clock.instant();
        workshops.values().forEach(live -> live.prune(now));
    }
}
