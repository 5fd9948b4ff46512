package io.workshopmonitor.live;

import io.vertx.core.Future;
import io.workshopmonitor.domain.Applied;
import io.workshopmonitor.domain.Closure;
import io.workshopmonitor.domain.Interval;
import io.workshopmonitor.domain.SessionWindow;
import io.workshopmonitor.domain.Workshop;
import io.workshopmonitor.domain.WorkshopKey;
import io.workshopmonitor.domain.WorkshopLive;
import io.workshopmonitor.store.ClosureStore;
import io.workshopmonitor.store.FigureStore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The live figures of the workshops this process owns: rebuilt from PostgreSQL when it gains a workshop (at
 * start-up, or from another instance in a cluster), then updated with each committed batch, so a restarted or
 * new owner shows the figures the previous one showed. The owner's context is the only one that touches it;
 * everyone else reads the immutable snapshots it publishes to the {@link FiguresView}.
 */
public final class LiveFigures {

    /** Closures further back than this cannot touch the current or last session. */
    private static final Duration CLOSURES_BACK = Duration.ofDays(14);
    private static final Duration CLOSURES_AHEAD = Duration.ofDays(800);

    private final FigureStore figures;
    private final ClosureStore closures;
    private final int windowMinutes;
    private final Clock clock;
    private final FiguresView view;
    private final Map<WorkshopKey, WorkshopLive> workshops = new HashMap<>();
    /**
     * What was applied to a workshop while its live state is being rebuilt from the database: applied to the new
     * state before it is swapped in, skipping readings the rebuild already read.
     */
    private final Map<WorkshopKey, List<Applied>> rebuilding = new HashMap<>();

    /** A rebuilt live state and the readings it was built from. */
    private record Rebuilt(WorkshopLive live, Set<UUID> readIds) {
    }

    public LiveFigures(FigureStore figures, ClosureStore closures, int windowMinutes, Clock clock, FiguresView view) {
        this.figures = figures;
        this.closures = closures;
        this.windowMinutes = windowMinutes;
        this.clock = clock;
        this.view = view;
    }

    public Clock clock() {
        return clock;
    }

    public boolean owns(WorkshopKey key) {
        return workshops.containsKey(key) || rebuilding.containsKey(key);
    }

    public Set<WorkshopKey> owned() {
        Set<WorkshopKey> owned = new LinkedHashSet<>(workshops.keySet());
        owned.addAll(rebuilding.keySet());
        return owned;
    }

    /** Builds a workshop's live state from what is stored, and publishes its figures. */
    public Future<Void> load(Workshop workshop) {
        Instant now = clock.instant();
        WorkshopKey key = workshop.key();
        rebuilding.put(key, new ArrayList<>());
        return closureIntervals(key, now)
                .map(closureList -> new WorkshopLive(workshop, closureList, windowMinutes))
                .compose(live -> rebuild(live, now))
                .onSuccess(this::swapIn)
                .onFailure(e -> rebuilding.remove(key))
                .mapEmpty();
    }

    /** Everything committed since the rebuild's snapshot goes in, once, before the new state is seen. */
    private void swapIn(Rebuilt rebuilt) {
        WorkshopKey key = rebuilt.live().key();
        List<Applied> buffered = rebuilding.remove(key);
        if (buffered == null) {
            return; // handed to another owner while it was being rebuilt
        }
        Instant now = clock.instant();
        for (Applied applied : buffered) {
            if (!rebuilt.readIds().contains(applied.id())) {
                apply(rebuilt.live(), applied, now);
            }
        }
        workshops.put(key, rebuilt.live());
        publish(rebuilt.live(), now);
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
                .onSuccess(closureList -> {
                    existing.reconfigure(workshop, closureList);
                    publish(existing, clock.instant());
                })
                .mapEmpty();
    }

    /** Workshops handed to another owner: forgotten here, their last figures left in the view until replaced. */
    public void drop(Collection<WorkshopKey> keys) {
        for (WorkshopKey key : keys) {
            workshops.remove(key);
            rebuilding.remove(key);
            view.disown(key);
        }
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
        Set<UUID> readIds = new HashSet<>();
        return figures.unitsSince(key, since)
                .onSuccess(units -> units.forEach(u -> {
                    readIds.add(u.id());
                    live.addUnits(u.station(), u.ts(), u.good(), u.reject(), now);
                }))
                .compose(ignored -> figures.statesSince(key, sessionStart))
                .onSuccess(states -> states.forEach(live::addState))
                .compose(ignored -> figures.lastSeen(key))
                .onSuccess(seen -> seen.forEach(live::seen))
                .compose(ignored -> figures.lastAttendance(key))
                .onSuccess(attendance -> attendance.ifPresent(a -> live.addAttendance(
                        new io.workshopmonitor.domain.AttendanceReading(key, a.ts(), a.present()))))
                .map(new Rebuilt(live, readIds));
    }

    /**
     * What a committed batch did, before its readings are acknowledged: the figures of the workshops it touched
     * are published at once, so a reader that was told "stored" sees them.
     */
    public void committed(List<Applied> applied) {
        Instant now = clock.instant();
        Set<WorkshopLive> touched = new LinkedHashSet<>();
        for (Applied a : applied) {
            List<Applied> buffered = rebuilding.get(a.workshop());
            if (buffered != null) {
                buffered.add(a);
            }
            WorkshopLive live = workshops.get(a.workshop());
            if (live != null) {
                apply(live, a, now);
                touched.add(live);
            }
        }
        touched.forEach(live -> publish(live, now));
    }

    private static void apply(WorkshopLive live, Applied applied, Instant now) {
        if (applied instanceof Applied.Units units) {
            live.addUnits(units.station().station(), units.ts(), units.good(), units.reject(), now);
        } else if (applied instanceof Applied.Seen seen) {
            live.seen(seen.station().station(), seen.ts());
        } else if (applied instanceof Applied.StateChanged state) {
            live.addState(state.reading());
        } else if (applied instanceof Applied.Headcount headcount) {
            live.addAttendance(headcount.reading());
        }
    }

    private void publish(WorkshopLive live, Instant now) {
        view.publish(live.workshop(), live.figures(now), live.version());
    }

    /** Time moves figures too (the window slides, a session runs on): republished every second by the owner. */
    public void refresh() {
        Instant now = clock.instant();
        workshops.values().forEach(live -> publish(live, now));
    }

    /** Drops state history no figure needs any more; run now and then. */
    public void prune() {
        Instant now = clock.instant();
        workshops.values().forEach(live -> live.prune(now));
    }
}
