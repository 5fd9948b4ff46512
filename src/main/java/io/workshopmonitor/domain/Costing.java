package io.workshopmonitor.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Works out a workshop's {@link CostSheet} for a span from its calendar, costs, prices and units made. */
public final class Costing {

    private Costing() {
    }

    /**
     * Costs run only up to {@code now}: the hours of a session not yet reached cost nothing yet. A session cut
     * by a closure is paid in proportion to its planned share, so a closed session costs no instructor hours.
     */
    public static CostSheet sheet(SessionCalendar calendar, WorkshopCosting costing, Pricing pricing,
                                  List<DailyUnits> units, Interval range, Instant now) {
        Instant end = range.upTo(now).end();
        long scheduledMillis = 0;
        long plannedMillis = 0;
        int sessions = 0;
        BigDecimal labour = BigDecimal.ZERO;
        if (end.isAfter(range.start())) {
            for (Interval session : calendar.sessions(range.start(), end)) {
                Instant from = session.start().isBefore(range.start()) ? range.start() : session.start();
                Instant to = session.end().isAfter(end) ? end : session.end();
                long planned = calendar.planned(from, to).toMillis();
                scheduledMillis += new Interval(from, to).length().toMillis();
                plannedMillis += planned;
                if (planned > 0) {
                    sessions++;
                    labour = labour.add(Money.divide(costing.labourPerSession().multiply(Money.of(planned)),
                            Money.of(session.length().toMillis())));
                }
            }
        }
        BigDecimal overhead = Money.divide(costing.overheadPerPlannedHour().multiply(Money.of(plannedMillis)),
                Money.of(3_600_000L));
        return withUnits(scheduledMillis / 1000, plannedMillis / 1000, sessions, labour, overhead, pricing, units);
    }

    private static CostSheet withUnits(long scheduled, long planned, int sessions, BigDecimal labour,
                                       BigDecimal overhead, Pricing pricing, List<DailyUnits> units) {
        Map<String, long[]> made = new TreeMap<>();
        Map<String, BigDecimal> values = new TreeMap<>();
        long uncostedGood = 0;
        long uncostedReject = 0;
        for (DailyUnits day : units) {
            if (pricing.product(day.product()).isEmpty()) {
                uncostedGood += day.good();
                uncostedReject += day.reject();
                continue;
            }
            long[] sum = made.computeIfAbsent(day.product(), p -> new long[2]);
            sum[0] += day.good();
            sum[1] += day.reject();
            BigDecimal price = pricing.quote(day.product(), day.day()).orElseThrow().unitPrice();
            values.merge(day.product(), price.multiply(Money.of(day.good())), BigDecimal::add);
        }
        BigDecimal conversion = labour.add(overhead);
        BigDecimal allMinutes = BigDecimal.ZERO;
        long allUnits = 0;
        for (Map.Entry<String, long[]> entry : made.entrySet()) {
            long count = entry.getValue()[0] + entry.getValue()[1];
            allMinutes = allMinutes.add(pricing.product(entry.getKey()).orElseThrow().standardMinutes().multiply(Money.of(count)));
            allUnits += count;
        }
        List<CostSheet.ProductLine> lines = new ArrayList<>();
        for (Map.Entry<String, long[]> entry : made.entrySet()) {
            Product product = pricing.product(entry.getKey()).orElseThrow();
            long count = entry.getValue()[0] + entry.getValue()[1];
            BigDecimal minutes = product.standardMinutes().multiply(Money.of(count));
            // by standard minutes; by units only where no product made has standard minutes set
            BigDecimal share = allMinutes.signum() > 0 ? Money.divide(minutes, allMinutes)
                    : allUnits > 0 ? Money.divide(Money.of(count), Money.of(allUnits)) : BigDecimal.ZERO;
            lines.add(new CostSheet.ProductLine(product.code(), entry.getValue()[0], entry.getValue()[1], minutes,
                    product.materialCost().multiply(Money.of(count)), conversion.multiply(share, Money.EXACT_ENOUGH),
                    values.getOrDefault(product.code(), BigDecimal.ZERO)));
        }
        lines.sort(Comparator.comparing(CostSheet.ProductLine::product));
        return new CostSheet(scheduled, planned, sessions, labour, overhead, lines, uncostedGood, uncostedReject);
    }
}
