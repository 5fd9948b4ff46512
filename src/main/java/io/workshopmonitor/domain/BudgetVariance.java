package io.workshopmonitor.domain;

import java.math.BigDecimal;

/**
 * Actual margin against budgeted margin, split three ways (positive is favourable):
 * <ul>
 *   <li><b>volume</b>: more or fewer good units than planned, each at the budget's margin per unit;</li>
 *   <li><b>price</b>: what the units made earned against the budget's price per unit;</li>
 *   <li><b>efficiency</b>: what the units made cost against the budget's cost per unit.</li>
 * </ul>
 * The three add up to the total: (AU−BU)(BP−BC/BU) + (AV−AU·BP) + (AU·BC/BU−AC) = (AV−AC) − (BV−BC).
 * A budget of no units has no per-unit standard: all value is then volume and all cost efficiency.
 */
public record BudgetVariance(BigDecimal total, BigDecimal volume, BigDecimal price, BigDecimal efficiency) {

    public static BudgetVariance of(Budget budget, long actualGood, BigDecimal actualCost, BigDecimal actualValue) {
        BigDecimal total = actualValue.subtract(actualCost).subtract(budget.plannedMargin());
        if (budget.plannedGoodUnits() == 0) {
            return new BudgetVariance(total, actualValue.subtract(budget.plannedValue()), BigDecimal.ZERO,
                    budget.plannedCost().subtract(actualCost));
        }
        BigDecimal planned = Money.of(budget.plannedGoodUnits());
        BigDecimal actual = Money.of(actualGood);
        BigDecimal budgetPrice = Money.divide(budget.plannedValue(), planned);
        BigDecimal budgetUnitCost = Money.divide(budget.plannedCost(), planned);
        BigDecimal volume = actual.subtract(planned).multiply(budgetPrice.subtract(budgetUnitCost));
        BigDecimal price = actualValue.subtract(actual.multiply(budgetPrice));
        BigDecimal efficiency = actual.multiply(budgetUnitCost).subtract(actualCost);
        return new BudgetVariance(total, volume, price, efficiency);
    }

    /**
     * Rounded to pence for showing, the parts still adding up to the shown total: efficiency takes the
     * rounding remainder (never more than a penny or two).
     */
    public BudgetVariance shown() {
        BigDecimal shownTotal = Money.shown(total);
        BigDecimal shownVolume = Money.shown(volume);
        BigDecimal shownPrice = Money.shown(price);
        return new BudgetVariance(shownTotal, shownVolume, shownPrice, shownTotal.subtract(shownVolume).subtract(shownPrice));
    }
}
