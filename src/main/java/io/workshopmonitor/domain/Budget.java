package io.workshopmonitor.domain;

import java.math.BigDecimal;
import java.time.YearMonth;

/** A workshop's plan for one month: good units, what making them should cost and what they should earn. */
public record Budget(YearMonth month, long plannedGoodUnits, BigDecimal plannedCost, BigDecimal plannedValue) {

    public static final long MAX_UNITS = 1_000_000_000L;

    public Budget {
        if (plannedGoodUnits < 0 || plannedGoodUnits > MAX_UNITS) {
            throw new IllegalArgumentException("'plannedGoodUnits' must be 0 to " + MAX_UNITS);
        }
        Money.checked(plannedCost, "plannedCost");
        Money.checked(plannedValue, "plannedValue");
    }

    public BigDecimal plannedMargin() {
        return plannedValue.subtract(plannedCost);
    }
}
