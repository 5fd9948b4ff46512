package io.workshopmonitor.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** A half-open span of time {@code [start, end)}. */
public record Interval(Instant start, Instant end) {

    public Interval {
        if (end.isBefore(start)) {
            throw new IllegalArgumentException("interval ends before it starts: " + start + " .. " + end);
        }
    }

    public Duration length() {
        return Duration.between(start, end);
    }

    public boolean contains(Instant instant) {
        return !instant.isBefore(start) && instant.isBefore(end);
    }

    /** The instant, moved into {@code [start, end]} if it lies outside. */
    public Instant clamp(Instant instant) {
        return instant.isBefore(start) ? start : instant.isAfter(end) ? end : instant;
    }

    /** The part of the span that has happened by {@code now}: empty, at its start, when all of it is ahead. */
    public Interval upTo(Instant now) {
        return new Interval(start, clamp(now));
    }

    public Optional<Interval> intersect(Interval other) {
        Instant s = start.isAfter(other.start) ? start : other.start;
        Instant e = end.isBefore(other.end) ? end : other.end;
        return e.isAfter(s) ? Optional.of(new Interval(s, e)) : Optional.empty();
    }

    /** Sorted, overlapping and touching spans joined, so lengths can be summed without counting twice. */
    public static List<Interval> merge(List<Interval> intervals) {
        List<Interval> sorted = new ArrayList<>(intervals);
        sorted.removeIf(i -> !i.end.isAfter(i.start));
        sorted.sort(Comparator.comparing(Interval::start));
        List<Interval> merged = new ArrayList<>();
        for (Interval next : sorted) {
            if (!merged.isEmpty() && !next.start.isAfter(merged.get(merged.size() - 1).end)) {
                Interval last = merged.remove(merged.size() - 1);
                merged.add(new Interval(last.start, next.end.isAfter(last.end) ? next.end : last.end));
            } else {
                merged.add(next);
            }
        }
        return merged;
    }

    /** {@code from} less every span of {@code minus} (both merged first). */
    public static List<Interval> subtract(List<Interval> from, List<Interval> minus) {
        List<Interval> result = new ArrayList<>();
        List<Interval> cuts = merge(minus);
        for (Interval piece : merge(from)) {
            Instant cursor = piece.start;
            for (Interval cut : cuts) {
                if (!cut.end.isAfter(cursor) || !cut.start.isBefore(piece.end)) {
                    continue;
                }
                if (cut.start.isAfter(cursor)) {
                    result.add(new Interval(cursor, cut.start));
                }
                cursor = cut.end.isAfter(cursor) ? cut.end : cursor;
            }
            if (piece.end.isAfter(cursor)) {
                result.add(new Interval(cursor, piece.end));
            }
        }
        return result;
    }

    public static Duration total(List<Interval> intervals) {
        Duration total = Duration.ZERO;
        for (Interval interval : merge(intervals)) {
            total = total.plus(interval.length());
        }
        return total;
    }

    /** The parts of {@code intervals} inside {@code window}. */
    public static List<Interval> clip(List<Interval> intervals, Interval window) {
        List<Interval> clipped = new ArrayList<>();
        for (Interval interval : intervals) {
            interval.intersect(window).ifPresent(clipped::add);
        }
        return clipped;
    }
}
