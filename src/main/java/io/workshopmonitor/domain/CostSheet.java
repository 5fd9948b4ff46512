package io.workshopmonitor.domain;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a workshop (or several summed) cost and earned over a span up to now. Labour and overhead together are
 * the conversion cost; it is shared among products by the standard minutes made (good and rejected), so a
 * product line carries its full cost. Units of products missing from the catalogue are counted as uncosted:
 * they carry no material cost and no value.
 */
public record CostSheet(long scheduledSeconds, long plannedSeconds, int sessions, BigDecimal labour,
                        BigDecimal overhead, List<ProductLine> lines, long uncostedGood, long uncostedReject) {

    public record ProductLine(String product, long good, long reject, BigDecimal standardMinutes,
                              BigDecimal material, BigDecimal conversion, BigDecimal value) {

        public BigDecimal cost() {
            return material.add(conversion);
        }

        /** The rejects' share of the line's cost: their material and the conversion spent on them. */
        public BigDecimal costOfRejects() {
            long made = good + reject;
            return made == 0 ? BigDecimal.ZERO
                    : Money.divide(cost().multiply(Money.of(reject)), Money.of(made));
        }

        ProductLine plus(ProductLine other) {
            return new ProductLine(product, good + other.good, reject + other.reject,
                    standardMinutes.add(other.standardMinutes), material.add(other.material),
                    conversion.add(other.conversion), value.add(other.value));
        }
    }

    public static final CostSheet EMPTY = new CostSheet(0, 0, 0, BigDecimal.ZERO, BigDecimal.ZERO, List.of(), 0, 0);

    public CostSheet {
        lines = List.copyOf(lines);
    }

    public long good() {
        return lines.stream().mapToLong(ProductLine::good).sum() + uncostedGood;
    }

    public long reject() {
        return lines.stream().mapToLong(ProductLine::reject).sum() + uncostedReject;
    }

    public BigDecimal material() {
        return lines.stream().map(ProductLine::material).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    public BigDecimal conversion() {
        return labour.add(overhead);
    }

    public BigDecimal total() {
        return material().add(conversion());
    }

    public BigDecimal value() {
        return lines.stream().map(ProductLine::value).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    public BigDecimal margin() {
        return value().subtract(total());
    }

    public Optional<BigDecimal> costPerGoodUnit() {
        long good = good();
        return good == 0 ? Optional.empty() : Optional.of(Money.divide(total(), Money.of(good)));
    }

    /**
     * Rejects' material and their share of the conversion cost. Where no catalogued product was made the
     * conversion cost cannot be shared by standard minutes, and it is shared by units instead.
     */
    public BigDecimal costOfRejects() {
        if (lines.isEmpty()) {
            long made = good() + reject();
            return made == 0 ? BigDecimal.ZERO : Money.divide(conversion().multiply(Money.of(reject())), Money.of(made));
        }
        return lines.stream().map(ProductLine::costOfRejects).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    public Optional<ProductLine> line(String product) {
        return lines.stream().filter(line -> line.product().equals(product)).findFirst();
    }

    /** Two sheets summed: spans one after the other, or workshops side by side. */
    public CostSheet plus(CostSheet other) {
        Map<String, ProductLine> merged = new LinkedHashMap<>();
        for (ProductLine line : lines) {
            merged.put(line.product(), line);
        }
        for (ProductLine line : other.lines) {
            merged.merge(line.product(), line, ProductLine::plus);
        }
        List<ProductLine> summed = new ArrayList<>(merged.values());
        summed.sort(Comparator.comparing(ProductLine::product));
        return new CostSheet(scheduledSeconds + other.scheduledSeconds, plannedSeconds + other.plannedSeconds,
                sessions + other.sessions, labour.add(other.labour), overhead.add(other.overhead), summed,
                uncostedGood + other.uncostedGood, uncostedReject + other.uncostedReject);
    }
}
