package io.workshopmonitor.domain;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BudgetVarianceTest {

    private static final YearMonth NOVEMBER = YearMonth.of(2026, 11);
    /** 1,000 units planned to cost 2,500.00 and earn 4,000.00: 4.00 a unit, 2.50 a unit, margin 1.50 a unit, 1,500.00. */
    private static final Budget BUDGET = new Budget(NOVEMBER, 1_000, new BigDecimal("2500.00"), new BigDecimal("4000.00"));

    private static BigDecimal money(String amount) {
        return new BigDecimal(amount);
    }

    private static BigDecimal sum(BudgetVariance v) {
        return v.volume().add(v.price()).add(v.efficiency());
    }

    @Test
    void theThreePartsAddUpExactlyToTheTotal() {
        // 1,100 good units cost 2,860.00 and earned 4,290.00: margin 1,430.00 against 1,500.00 planned, total −70.00
        BudgetVariance v = BudgetVariance.of(BUDGET, 1_100, money("2860.00"), money("4290.00"));
        assertThat(v.total()).isEqualByComparingTo("-70.00");
        // volume: (1,100 − 1,000) × (4.00 − 2.50) = 150.00
        assertThat(v.volume()).isEqualByComparingTo("150.00");
        // price: 4,290.00 − 1,100 × 4.00 = −110.00
        assertThat(v.price()).isEqualByComparingTo("-110.00");
        // efficiency: 1,100 × 2.50 − 2,860.00 = −110.00
        assertThat(v.efficiency()).isEqualByComparingTo("-110.00");
        assertThat(sum(v)).isEqualByComparingTo(v.total());
        assertThat(BUDGET.plannedMargin()).isEqualByComparingTo("1500.00");
    }

    @Test
    void moreUnitsAtTheBudgetsPriceAndCostAreAFavourableVolumeVariance() {
        // 1,200 units at 4.00 and 2.50 each: 4,800.00 and 3,000.00
        BudgetVariance v = BudgetVariance.of(BUDGET, 1_200, money("3000.00"), money("4800.00"));
        // 200 more × 1.50 = +300.00, nothing else
        assertThat(v.volume()).isEqualByComparingTo("300.00");
        assertThat(v.price()).isEqualByComparingTo("0");
        assertThat(v.efficiency()).isEqualByComparingTo("0");
        assertThat(v.total()).isEqualByComparingTo("300.00");
    }

    @Test
    void fewerUnitsAreAnAdverseVolumeVariance() {
        // 800 units at 4.00 and 2.50: 200 fewer × 1.50 = −300.00
        BudgetVariance v = BudgetVariance.of(BUDGET, 800, money("2000.00"), money("3200.00"));
        assertThat(v.volume()).isEqualByComparingTo("-300.00");
        assertThat(v.total()).isEqualByComparingTo("-300.00");
    }

    @Test
    void aHigherCostPerUnitIsAnAdverseEfficiencyVariance() {
        // the planned 1,000 units at the planned price, but they cost 2,600.00: 0.10 a unit over, −100.00
        BudgetVariance v = BudgetVariance.of(BUDGET, 1_000, money("2600.00"), money("4000.00"));
        assertThat(v.efficiency()).isEqualByComparingTo("-100.00");
        assertThat(v.volume()).isEqualByComparingTo("0");
        assertThat(v.price()).isEqualByComparingTo("0");
        assertThat(v.total()).isEqualByComparingTo("-100.00");
    }

    @Test
    void aHigherPriceIsAFavourablePriceVarianceAndALowerCostAFavourableEfficiency() {
        // 1,000 units earning 4,250.00 (4.25 each) and costing 2,400.00 (2.40 each)
        BudgetVariance v = BudgetVariance.of(BUDGET, 1_000, money("2400.00"), money("4250.00"));
        assertThat(v.price()).isEqualByComparingTo("250.00");
        assertThat(v.efficiency()).isEqualByComparingTo("100.00");
        assertThat(v.total()).isEqualByComparingTo("350.00");
    }

    @Test
    void aBudgetOfNoUnitsPutsAllValueInVolumeAndAllCostInEfficiency() {
        // nothing planned to be made, 500.00 of cost planned anyway; 100 units made for 700.00, earning 400.00
        Budget none = new Budget(NOVEMBER, 0, money("500.00"), money("0"));
        BudgetVariance v = BudgetVariance.of(none, 100, money("700.00"), money("400.00"));
        // total (400 − 700) − (0 − 500) = 200.00; volume 400 − 0; efficiency 500 − 700
        assertThat(v.total()).isEqualByComparingTo("200.00");
        assertThat(v.volume()).isEqualByComparingTo("400.00");
        assertThat(v.price()).isEqualByComparingTo("0");
        assertThat(v.efficiency()).isEqualByComparingTo("-200.00");
        assertThat(sum(v)).isEqualByComparingTo(v.total());
    }

    @Test
    void theShownPartsAddUpToTheShownTotalWithEfficiencyTakingTheRoundingRemainder() {
        // budget 3 units for 10.00 cost and 20.00 value: 6.666… and 3.333… a unit
        Budget thirds = new Budget(NOVEMBER, 3, money("10.00"), money("20.00"));
        BudgetVariance v = BudgetVariance.of(thirds, 4, money("13.00"), money("27.00"));
        // total (27 − 13) − (20 − 10) = 4.00
        assertThat(v.total()).isEqualByComparingTo("4.00");
        BudgetVariance shown = v.shown();
        // volume 1 × 3.333… = 3.33; price 27 − 26.666… = 0.33; efficiency 13.333… − 13 = 0.33 but shown 0.34
        assertThat(shown.total()).isEqualByComparingTo("4.00");
        assertThat(shown.volume()).isEqualByComparingTo("3.33");
        assertThat(shown.price()).isEqualByComparingTo("0.33");
        assertThat(shown.efficiency()).isEqualByComparingTo("0.34");
        assertThat(Money.shown(v.efficiency())).isEqualByComparingTo("0.33");
        assertThat(sum(shown)).isEqualByComparingTo(shown.total());
    }

    @Test
    void forRandomBudgetsThePartsAddUpToTheTotal() {
        Random random = new Random(20261123L);
        BigDecimal tolerance = new BigDecimal("1E-25");
        BigDecimal twoPence = new BigDecimal("0.02");
        for (int i = 0; i < 200; i++) {
            long plannedUnits = random.nextInt(10) == 0 ? 0 : 1 + random.nextInt(100_000);
            Budget budget = new Budget(NOVEMBER, plannedUnits, amount(random), amount(random));
            long actualUnits = random.nextInt(200_001);
            BigDecimal actualCost = amount(random);
            BigDecimal actualValue = amount(random);
            BudgetVariance v = BudgetVariance.of(budget, actualUnits, actualCost, actualValue);
            String what = "case " + i + ": " + budget + ", actual " + actualUnits + " / " + actualCost + " / " + actualValue;

            assertThat(v.total()).as(what)
                    .isEqualByComparingTo(actualValue.subtract(actualCost).subtract(budget.plannedMargin()));
            assertThat(sum(v).subtract(v.total()).abs()).as(what).isLessThanOrEqualTo(tolerance);

            BudgetVariance shown = v.shown();
            assertThat(shown.total()).as(what).isEqualTo(Money.shown(v.total()));
            assertThat(sum(shown)).as(what).isEqualByComparingTo(shown.total());
            assertThat(shown.volume()).as(what).isEqualTo(Money.shown(v.volume()));
            assertThat(shown.price()).as(what).isEqualTo(Money.shown(v.price()));
            // the remainder efficiency takes on is never more than a penny or two
            assertThat(shown.efficiency().subtract(Money.shown(v.efficiency())).abs()).as(what).isLessThanOrEqualTo(twoPence);
            assertThat(shown.total().scale()).isEqualTo(2);
            assertThat(shown.efficiency().scale()).isEqualTo(2);
        }
    }

    /** 0 to 1,000,000 with 2, 3 or 4 decimal places. */
    private static BigDecimal amount(Random random) {
        int scale = 2 + random.nextInt(3);
        long unscaled = random.nextLong(1_000_000L * BigDecimal.TEN.pow(scale).longValueExact() + 1);
        return BigDecimal.valueOf(unscaled, scale);
    }

    @Test
    void aBudgetRefusesNegativeOrTooManyUnitsAndUncheckedAmounts() {
        assertThatThrownBy(() -> new Budget(NOVEMBER, -1, money("1"), money("1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("plannedGoodUnits");
        assertThatThrownBy(() -> new Budget(NOVEMBER, Budget.MAX_UNITS + 1, money("1"), money("1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("plannedGoodUnits");
        assertThatThrownBy(() -> new Budget(NOVEMBER, 10, money("-1"), money("1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("'plannedCost' must not be negative");
        assertThatThrownBy(() -> new Budget(NOVEMBER, 10, money("1"), money("0.00001")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("'plannedValue' has more than 4 decimal places");
    }
}
