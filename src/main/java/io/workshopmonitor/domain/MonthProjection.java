package io.workshopmonitor.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Where a month will end if the rest of it goes as it has so far: good units per planned hour, rejects per
 * good unit, material and value per unit held; instructors and overhead for the planned sessions left (closures
 * already recorded taken out) costed exactly from the calendar.
 */
public record MonthProjection(long goodUnits, BigDecimal cost, BigDecimal value) {

    /**
     * @param soFar the month up to now
     * @param rest the planned time left in the month, with no units: its labour and overhead
     */
    public static MonthProjection of(CostSheet soFar, CostSheet rest) {
        long good = soFar.good();
        BigDecimal fixedLeft = rest.conversion();
        if (good == 0 || soFar.plannedSeconds() == 0) {
            return new MonthProjection(good, soFar.total().add(fixedLeft), soFar.value());
        }
        BigDecimal extraGood = Money.divide(Money.of(good).multiply(Money.of(rest.plannedSeconds())),
                Money.of(soFar.plannedSeconds())).setScale(0, RoundingMode.HALF_EVEN);
        BigDecimal made = Money.of(good + soFar.reject());
        BigDecimal extraMaterial = Money.divide(soFar.material().multiply(made).multiply(extraGood),
                Money.of(good).multiply(made));
        BigDecimal extraValue = Money.divide(soFar.value().multiply(extraGood), Money.of(good));
        return new MonthProjection(good + extraGood.longValueExact(), soFar.total().add(fixedLeft).add(extraMaterial),
                soFar.value().add(extraValue));
    }

    public BigDecimal margin() {
        return value.subtract(cost);
    }
}
