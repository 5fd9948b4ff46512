package io.workshopmonitor.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Purposeful activity: the places a workshop offered against the headcount that came, from headcounts alone
 * (never people). Each session offers its allocated places for its scheduled time. Attendance is the tablet's
 * headcount held from each report to the next, over the session's planned time (a closure sends people back);
 * a count made up to 30 minutes before a session opens it. Time a closure for a regime reason (staff
 * unavailable, curtailment, lockdown) took is the time lost to the regime.
 */
public final class PurposefulActivity {

    /** A count made this long before a session is taken as its opening headcount. */
    public static final Duration OPENING_COUNT = Duration.ofMinutes(30);

    public record Headcount(Instant ts, int present) {
    }

    public record SessionActivity(Interval session, int allocated, int attended, long scheduledSeconds,
                                  long attendedPersonSeconds, long regimeClosedSeconds) {

        public Summary summary() {
            return new Summary(1, (long) allocated * scheduledSeconds, attendedPersonSeconds,
                    (long) allocated * regimeClosedSeconds, scheduledSeconds, regimeClosedSeconds, allocated, attended);
        }
    }

    /** Sums over sessions, workshops or weeks. */
    public record Summary(int sessions, long allocatedPlaceSeconds, long attendedPersonSeconds,
                          long regimeLostPlaceSeconds, long scheduledSeconds, long regimeClosedSeconds,
                          long allocatedPlaces, long attendedHeadcount) {

        public static final Summary NONE = new Summary(0, 0, 0, 0, 0, 0, 0, 0);

        public Summary plus(Summary other) {
            return new Summary(sessions + other.sessions, allocatedPlaceSeconds + other.allocatedPlaceSeconds,
                    attendedPersonSeconds + other.attendedPersonSeconds,
                    regimeLostPlaceSeconds + other.regimeLostPlaceSeconds, scheduledSeconds + other.scheduledSeconds,
                    regimeClosedSeconds + other.regimeClosedSeconds, allocatedPlaces + other.allocatedPlaces,
                    attendedHeadcount + other.attendedHeadcount);
        }

        /** Attended hours over the place-hours offered; empty where none were offered. */
        public Optional<Double> attendedShare() {
            return allocatedPlaceSeconds == 0 ? Optional.empty()
                    : Optional.of((double) attendedPersonSeconds / allocatedPlaceSeconds);
        }

        /** The share of scheduled hours closures for regime reasons took. */
        public Optional<Double> regimeShare() {
            return scheduledSeconds == 0 ? Optional.empty() : Optional.of((double) regimeClosedSeconds / scheduledSeconds);
        }
    }

    private PurposefulActivity() {
    }

    /** The sessions of {@code range} up to {@code now}; {@code counts} in time order. */
    public static List<SessionActivity> sessions(SessionCalendar calendar, List<Closure> closures, int allocated,
                                                 List<Headcount> counts, Interval range, Instant now) {
        Instant end = range.upTo(now).end();
        List<SessionActivity> result = new ArrayList<>();
        if (!end.isAfter(range.start())) {
            return result;
        }
        List<Interval> regime = Interval.merge(closures.stream()
                .filter(c -> StopReason.of(c.reason()).category() == LossCategory.REGIME).map(Closure::interval).toList());
        for (Interval nominal : calendar.sessions(range.start(), end)) {
            Interval window = new Interval(nominal.start().isBefore(range.start()) ? range.start() : nominal.start(),
                    nominal.end().isAfter(end) ? end : nominal.end());
            long regimeClosed = Interval.total(Interval.clip(regime, window)).toSeconds();
            List<Interval> planned = calendar.plannedIntervals(window.start(), window.end());
            Instant earliest = nominal.start().minus(OPENING_COUNT);
            List<Headcount> relevant = counts.stream()
                    .filter(c -> !c.ts().isBefore(earliest) && c.ts().isBefore(window.end())).toList();
            long personMillis = 0;
            int attended = 0;
            for (Interval part : planned) {
                personMillis += headcountMillis(relevant, part);
                attended = Math.max(attended, valueAt(relevant, part.start()));
            }
            for (Headcount count : relevant) {
                if (!count.ts().isBefore(window.start()) && planned.stream().anyMatch(p -> p.contains(count.ts()))) {
                    attended = Math.max(attended, count.present());
                }
            }
            result.add(new SessionActivity(nominal, allocated, attended, window.length().toSeconds(),
                    personMillis / 1000, regimeClosed));
        }
        return result;
    }

    /** The last count at or before {@code at}; nobody before the first. */
    private static int valueAt(List<Headcount> counts, Instant at) {
        int value = 0;
        for (Headcount count : counts) {
            if (count.ts().isAfter(at)) {
                break;
            }
            value = count.present();
        }
        return value;
    }

    /** The headcount held over {@code part}, in person-milliseconds. */
    private static long headcountMillis(List<Headcount> counts, Interval part) {
        long total = 0;
        Instant cursor = part.start();
        int value = valueAt(counts, cursor);
        for (Headcount count : counts) {
            if (!count.ts().isAfter(cursor)) {
                continue;
            }
            if (!count.ts().isBefore(part.end())) {
                break;
            }
            total += (long) value * Duration.between(cursor, count.ts()).toMillis();
            cursor = count.ts();
            value = count.present();
        }
        total += (long) value * Duration.between(cursor, part.end()).toMillis();
        return total;
    }
}
