package io.workshopmonitor.domain;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * Whether a contract pays. To date: the value and full cost (material and its standard-minute share of
 * instructors and overhead) of its product made in its workshop since it started. Ahead: the units still owed,
 * valued at today's price and costed at the cost per good unit of the recent span, which carries the current
 * reject rate (rejects' material and time fall on the good units) and pace (a slower pace spreads the same
 * hours over fewer units).
 */
public record ContractEconomics(BigDecimal valueToDate, BigDecimal costToDate, long remaining,
                                Optional<BigDecimal> unitPrice, Optional<BigDecimal> unitCostAtPace,
                                Optional<BigDecimal> projectedValue, Optional<BigDecimal> projectedCost,
                                Verdict verdict) {

    public enum Verdict { MAKING_MONEY, LOSING_MONEY, UNKNOWN }

    /**
     * @param toDate the contract product's line over the contract so far, empty if none made
     * @param recent the same over the recent span that sets the pace
     * @param unitPrice today's price of a unit
     */
    public static ContractEconomics of(Contract contract, long produced, Optional<CostSheet.ProductLine> toDate,
                                       Optional<CostSheet.ProductLine> recent, Optional<BigDecimal> unitPrice) {
        BigDecimal value = toDate.map(CostSheet.ProductLine::value).orElse(BigDecimal.ZERO);
        BigDecimal cost = toDate.map(CostSheet.ProductLine::cost).orElse(BigDecimal.ZERO);
        long remaining = contract.completed().isPresent() ? 0 : Math.max(0, contract.quantity() - produced);
        Optional<BigDecimal> unitCost = recent.filter(line -> line.good() > 0)
                .map(line -> Money.divide(line.cost(), Money.of(line.good())));
        if (remaining == 0) {
            Verdict verdict = value.signum() == 0 && cost.signum() == 0 ? Verdict.UNKNOWN
                    : value.compareTo(cost) >= 0 ? Verdict.MAKING_MONEY : Verdict.LOSING_MONEY;
            return new ContractEconomics(value, cost, 0, unitPrice, unitCost, Optional.of(value), Optional.of(cost), verdict);
        }
        BigDecimal left = Money.of(remaining);
        Optional<BigDecimal> projectedValue = unitPrice.map(price -> value.add(price.multiply(left)));
        Optional<BigDecimal> projectedCost = unitCost.map(each -> cost.add(each.multiply(left)));
        Verdict verdict = unitPrice.isEmpty() || unitCost.isEmpty() ? Verdict.UNKNOWN
                : unitPrice.get().compareTo(unitCost.get()) >= 0 ? Verdict.MAKING_MONEY : Verdict.LOSING_MONEY;
        return new ContractEconomics(value, cost, remaining, unitPrice, unitCost, projectedValue, projectedCost, verdict);
    }

    public BigDecimal marginToDate() {
        return valueToDate.subtract(costToDate);
    }

    public Optional<BigDecimal> projectedMargin() {
        return projectedValue.flatMap(value -> projectedCost.map(value::subtract));
    }
}
