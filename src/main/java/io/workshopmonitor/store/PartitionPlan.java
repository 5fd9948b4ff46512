package io.workshopmonitor.store;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which monthly partitions (named {@code <table>_yYYYYmMM}, bounded at midnight UTC) a table should have and which
 * have expired. Pure, so its edges are tested without a database.
 */
final class PartitionPlan {

    /** Months created ahead of the current one, so a month never starts without its partition. */
    static final int MONTHS_AHEAD = 3;
    private static final Pattern MONTH = Pattern.compile("_y(\\d{4})m(\\d{2})$");

    private PartitionPlan() {
    }

    /** The month a partition of {@code table} holds, when its name says one. */
    static Optional<YearMonth> monthOf(String table, String partition) {
        if (!partition.startsWith(table + "_y")) {
            return Optional.empty();
        }
        Matcher m = MONTH.matcher(partition);
        return m.find() ? Optional.of(YearMonth.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))))
                : Optional.empty();
    }

    /** First and last day of the months that must exist at {@code now}: this one and the next {@link #MONTHS_AHEAD}. */
    static LocalDate[] wanted(Instant now) {
        YearMonth current = YearMonth.from(now.atOffset(ZoneOffset.UTC));
        return new LocalDate[]{current.atDay(1), current.plusMonths(MONTHS_AHEAD).atDay(1)};
    }

    /** Where a table's retention ends: what is older than this has expired. */
    static Instant cutoff(Instant now, int days) {
        return now.minusSeconds(days * 86_400L);
    }

    /**
     * The partitions of {@code table} every instant of which is older than {@code days} before {@code now}: a month
     * goes only once its last day has expired, and never the month of {@code now}, which is still being written.
     * {@code days} 0 keeps everything.
     */
    static List<String> expired(String table, List<String> partitions, Instant now, int days) {
        List<String> expired = new ArrayList<>();
        if (days <= 0) {
            return expired;
        }
        Instant cutoff = cutoff(now, days);
        YearMonth current = YearMonth.from(now.atOffset(ZoneOffset.UTC));
        for (String partition : partitions) {
            monthOf(table, partition).ifPresent(month -> {
                Instant end = month.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
                if (!end.isAfter(cutoff) && month.isBefore(current)) {
                    expired.add(partition);
                }
            });
        }
        return expired;
    }
}
