package io.workshopmonitor.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;

/**
 * Lays a contract's remaining units over the workshop's future planned sessions at its recent rate per
 * planned hour: a weekend or a closure adds no output, so the projection steps over them.
 */
public final class ContractProjection {

    static final Duration RATE_PERIOD = Duration.ofDays(7);

    private ContractProjection() {
    }

    /** When counting starts and stops, and the span the rate is measured over, for the store to sum. */
    public record Spans(Interval counted, Interval rate) {
    }

    public static Instant startOf(LocalDate day, ZoneId zone) {
        return day.atStartOfDay(zone).toInstant();
    }

    public static Instant endOf(LocalDate day, ZoneId zone) {
        return day.plusDays(1).atStartOfDay(zone).toInstant();
    }

    public static Spans spans(Contract contract, ZoneId zone, Instant now) {
        Instant start = startOf(contract.start(), zone);
        Instant stop = contract.completed().map(d -> endOf(d, zone)).filter(end -> end.isBefore(now)).orElse(now);
        Instant counted = stop.isBefore(start) ? start : stop;
        Instant rateFrom = now.minus(RATE_PERIOD).isAfter(start) ? now.minus(RATE_PERIOD) : start;
        Instant rateTo = rateFrom.isAfter(now) ? rateFrom : now;
        return new Spans(new Interval(start, counted), new Interval(rateFrom, rateTo));
    }

    /**
     * @param produced     good units of the product in the counted span
     * @param recentOutput good units of the product in the rate span
     */
    public static ContractStatus status(Contract contract, SessionCalendar calendar, Instant now, long produced,
                                        long recentOutput) {
        ZoneId zone = calendar.schedule().timezone();
        Spans spans = spans(contract, zone, now);
        Instant dueEnd = endOf(contract.due(), zone);
        double progress = (double) produced / contract.quantity();
        double recentHours = hours(calendar.planned(spans.rate().start(), spans.rate().end()));
        Double rate = recentHours > 0 ? recentOutput / recentHours : null;
        long remaining = contract.quantity() - produced;
        if (remaining <= 0) {
            return new ContractStatus(produced, progress, rate, 0.0, null, ContractStatus.Status.COMPLETE);
        }
        double hoursLeft = now.isBefore(dueEnd) ? hours(calendar.planned(now, dueEnd)) : 0;
        Double required = hoursLeft > 0 ? remaining / hoursLeft : null;
        Optional<Instant> projected = rate == null || rate <= 0 ? Optional.empty()
                : calendar.afterPlanned(now, Duration.ofMillis(Math.round(remaining / rate * 3_600_000)));
        ContractStatus.Status status;
        if (!now.isBefore(dueEnd)) {
            status = ContractStatus.Status.LATE;
        } else if (projected.isPresent() && !projected.get().isAfter(dueEnd)) {
            status = ContractStatus.Status.ON_TRACK;
        } else {
            status = ContractStatus.Status.AT_RISK;
        }
        return new ContractStatus(produced, progress, rate, required, projected.orElse(null), status);
    }

    private static double hours(Duration duration) {
        return duration.toMillis() / 3_600_000.0;
    }
}
