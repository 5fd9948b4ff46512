package io.workshopmonitor.report;

import io.workshopmonitor.domain.Money;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;

/** How a report writes a figure in a cell: the same in the page, the CSV and the PDF. */
final class Cells {

    static final String NONE = "-";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private Cells() {
    }

    static String money(BigDecimal amount) {
        return Money.text(amount);
    }

    static String money(Optional<BigDecimal> amount) {
        return amount.map(Money::text).orElse(NONE);
    }

    static String count(long value) {
        return Long.toString(value);
    }

    /** A share as a percentage to one decimal place: "87.5". */
    static String percent(Optional<Double> share) {
        return share.map(s -> String.format(Locale.ROOT, "%.1f", s * 100)).orElse(NONE);
    }

    static String percent(long part, long whole) {
        return percent(whole == 0 ? Optional.empty() : Optional.of((double) part / whole));
    }

    /** Seconds as hours to two decimal places. */
    static String hours(long seconds) {
        return Money.shown(Money.hours(seconds)).toPlainString();
    }

    static String minutes(long millis) {
        return String.format(Locale.ROOT, "%.1f", millis / 60_000.0);
    }

    static String time(Instant at, ZoneId zone) {
        return TIME.format(at.atZone(zone));
    }

    static double number(BigDecimal amount) {
        return Money.shown(amount).doubleValue();
    }
}
