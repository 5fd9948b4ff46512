package io.workshopmonitor.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A workshop's planned time: its weekly sessions in its own time zone, less unplanned closures. Local
 * times are resolved by {@link ZonedDateTime}, so a session across a clock change lasts what the clocks
 * say (08:30–11:30 is 3 hours either side of the change; 00:30–03:30 on the night the clocks go forward
 * is 2 hours), and a session whose end is before its start runs past midnight.
 */
public final class SessionCalendar {

    /** How far a search for the last or next session looks before giving up (a workshop with no sessions). */
    private static final int SEARCH_DAYS = 400;
    /** Days whose sessions are kept once resolved; a search further afield starts the set afresh. */
    private static final int RECENT_DAYS = 16;

    private final Schedule schedule;
    private final List<Interval> closures;
    /**
     * The sessions of the days asked for lately. Live figures ask for today's at every commit, and resolving local
     * times in a zone is most of what that costs. Replaced whole, never changed in place, so a calendar shared
     * between threads needs no lock: two threads that miss at once both resolve the day, to the same sessions.
     */
    private volatile Map<LocalDate, List<Interval>> recentDays = Map.of();

    public SessionCalendar(Schedule schedule, List<Interval> closures) {
        this.schedule = schedule;
        this.closures = Interval.merge(closures);
    }

    public Schedule schedule() {
        return schedule;
    }

    /** Nominal sessions (closures not taken out) that overlap {@code [from, to)}, in order. */
    public List<Interval> sessions(Instant from, Instant to) {
        List<Interval> sessions = new ArrayList<>();
        LocalDate day = from.atZone(schedule.timezone()).toLocalDate().minusDays(1);
        LocalDate last = to.atZone(schedule.timezone()).toLocalDate();
        for (; !day.isAfter(last); day = day.plusDays(1)) {
            for (Interval session : sessionsStarting(day)) {
                if (session.end().isAfter(from) && session.start().isBefore(to)) {
                    sessions.add(session);
                }
            }
        }
        sessions.sort(Comparator.comparing(Interval::start));
        return sessions;
    }

    /** The sessions that start on {@code day}, local time. */
    private List<Interval> sessionsStarting(LocalDate day) {
        Map<LocalDate, List<Interval>> recent = recentDays;
        List<Interval> known = recent.get(day);
        if (known != null) {
            return known;
        }
        List<Interval> found = new ArrayList<>();
        for (SessionSpec spec : schedule.sessions()) {
            if (spec.days().contains(day.getDayOfWeek())) {
                instance(day, spec).ifPresent(found::add);
            }
        }
        List<Interval> resolved = List.copyOf(found);
        Map<LocalDate, List<Interval>> next = new HashMap<>(recent.size() < RECENT_DAYS ? recent : Map.of());
        next.put(day, resolved);
        recentDays = Map.copyOf(next);
        return resolved;
    }

    /**
     * A session that falls wholly inside the hour the clocks skip (01:30–02:15 on the night they go forward)
     * does not happen that day.
     */
    private Optional<Interval> instance(LocalDate day, SessionSpec spec) {
        ZonedDateTime start = ZonedDateTime.of(day, spec.start(), schedule.timezone());
        LocalDate endDay = spec.end().isAfter(spec.start()) ? day : day.plusDays(1);
        ZonedDateTime end = ZonedDateTime.of(endDay, spec.end(), schedule.timezone());
        return end.toInstant().isAfter(start.toInstant())
                ? Optional.of(new Interval(start.toInstant(), end.toInstant())) : Optional.empty();
    }

    /** Planned time in {@code [from, to)}: session time not covered by a closure. */
    public Duration planned(Instant from, Instant to) {
        return Interval.total(plannedIntervals(from, to));
    }

    public List<Interval> plannedIntervals(Instant from, Instant to) {
        if (!to.isAfter(from)) {
            return List.of();
        }
        Interval window = new Interval(from, to);
        return Interval.subtract(Interval.clip(sessions(from, to), window), closures);
    }

    /** The session holding {@code at}, else the last one before it. */
    public Optional<SessionWindow> currentOrLast(Instant at) {
        Optional<Interval> session = sessions(at, at.plusMillis(1)).stream().filter(s -> s.contains(at)).findFirst()
                .or(() -> lastBefore(at));
        return session.map(s -> {
            Instant elapsedTo = at.isBefore(s.end()) ? at : s.end();
            return new SessionWindow(s, planned(s.start(), s.end()), planned(s.start(), elapsedTo), at);
        });
    }

    private Optional<Interval> lastBefore(Instant at) {
        for (int weeks = 1; weeks * 7 <= SEARCH_DAYS; weeks++) {
            List<Interval> found = sessions(at.minus(Duration.ofDays(7L * weeks)), at);
            found.removeIf(s -> s.end().isAfter(at));
            if (!found.isEmpty()) {
                return Optional.of(found.get(found.size() - 1));
            }
        }
        return Optional.empty();
    }

    /**
     * The instant at which {@code amount} of planned time, counted from {@code from}, has passed: when work
     * at a steady rate per planned hour would be done. Empty if the schedule never holds that much.
     */
    public Optional<Instant> afterPlanned(Instant from, Duration amount) {
        if (amount.isNegative() || amount.isZero()) {
            return Optional.of(from);
        }
        Duration left = amount;
        Instant cursor = from;
        for (int week = 0; week * 7 < SEARCH_DAYS * 5; week++) {
            Instant to = cursor.plus(Duration.ofDays(7));
            for (Interval piece : plannedIntervals(cursor, to)) {
                if (piece.length().compareTo(left) >= 0) {
                    return Optional.of(piece.start().plus(left));
                }
                left = left.minus(piece.length());
            }
            cursor = to;
        }
        return Optional.empty();
    }
}
