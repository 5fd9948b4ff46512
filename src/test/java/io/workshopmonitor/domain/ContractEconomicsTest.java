package io.workshopmonitor.domain;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ContractEconomicsTest {

    private static final WorkshopKey KEY = new WorkshopKey("MDI", "packing");
    private static final Optional<BigDecimal> FOUR = Optional.of(new BigDecimal("4.00"));

    /** 1,000 cards from 2 November, due 30 November. */
    private static Contract contract(Optional<LocalDate> completed) {
        return new Contract("c-1", KEY, "Acme", "GC-A6", 1_000, LocalDate.parse("2026-11-02"),
                LocalDate.parse("2026-11-30"), completed);
    }

    private static final Contract RUNNING = contract(Optional.empty());

    /** A card line: material 0.35 a unit made, value 4.00 a good unit, the given conversion share. */
    private static CostSheet.ProductLine cards(long good, long reject, String conversion) {
        long made = good + reject;
        return new CostSheet.ProductLine("GC-A6", good, reject, new BigDecimal("1.5").multiply(BigDecimal.valueOf(made)),
                new BigDecimal("0.35").multiply(BigDecimal.valueOf(made)), new BigDecimal(conversion),
                new BigDecimal("4.00").multiply(BigDecimal.valueOf(good)));
    }

    /** 600 good and 30 rejects so far: material 630 × 0.35 = 220.50, conversion 1,000.00, cost 1,220.50, value 2,400.00. */
    private static final Optional<CostSheet.ProductLine> TO_DATE = Optional.of(cards(600, 30, "1000.00"));

    @Test
    void atTheCurrentRejectRateAndPaceTheContractMakesMoney() {
        // last week: 200 good, 10 rejects, material 73.50, conversion 400.00: 473.50 / 200 = 2.3675 a good unit
        ContractEconomics e = ContractEconomics.of(RUNNING, 600, TO_DATE, Optional.of(cards(200, 10, "400.00")), FOUR);
        assertThat(e.valueToDate()).isEqualByComparingTo("2400.00");
        assertThat(e.costToDate()).isEqualByComparingTo("1220.50");
        assertThat(e.marginToDate()).isEqualByComparingTo("1179.50");
        assertThat(e.remaining()).isEqualTo(400);
        assertThat(e.unitCostAtPace()).hasValueSatisfying(c -> assertThat(c).isEqualByComparingTo("2.3675"));
        // 2,400.00 + 400 × 4.00 = 4,000.00; 1,220.50 + 400 × 2.3675 = 2,167.50
        assertThat(e.projectedValue()).hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("4000.00"));
        assertThat(e.projectedCost()).hasValueSatisfying(c -> assertThat(c).isEqualByComparingTo("2167.50"));
        assertThat(e.projectedMargin()).hasValueSatisfying(m -> assertThat(m).isEqualByComparingTo("1832.50"));
        assertThat(e.verdict()).isEqualTo(ContractEconomics.Verdict.MAKING_MONEY);
    }

    @Test
    void aHigherRejectRateLatelyTurnsTheVerdictToLosingMoney() {
        // the same week's material and hours, but only 100 of the 210 made were good: 473.50 / 100 = 4.735 > 4.00
        ContractEconomics e = ContractEconomics.of(RUNNING, 600, TO_DATE, Optional.of(cards(100, 110, "400.00")), FOUR);
        assertThat(e.unitCostAtPace()).hasValueSatisfying(c -> assertThat(c).isEqualByComparingTo("4.735"));
        // 1,220.50 + 400 × 4.735 = 3,114.50; margin 4,000.00 − 3,114.50 = 885.50, yet each unit from now loses
        assertThat(e.projectedCost()).hasValueSatisfying(c -> assertThat(c).isEqualByComparingTo("3114.50"));
        assertThat(e.projectedMargin()).hasValueSatisfying(m -> assertThat(m).isEqualByComparingTo("885.50"));
        assertThat(e.verdict()).isEqualTo(ContractEconomics.Verdict.LOSING_MONEY);
    }

    @Test
    void aSlowerPaceSpreadsTheSameHoursOverFewerUnitsAndLosesMoney() {
        // 100 good and 5 rejects in the same hours: (36.75 + 400.00) / 100 = 4.3675 > 4.00
        ContractEconomics e = ContractEconomics.of(RUNNING, 600, TO_DATE, Optional.of(cards(100, 5, "400.00")), FOUR);
        assertThat(e.unitCostAtPace()).hasValueSatisfying(c -> assertThat(c).isEqualByComparingTo("4.3675"));
        assertThat(e.verdict()).isEqualTo(ContractEconomics.Verdict.LOSING_MONEY);
    }

    @Test
    void aUnitCostEqualToThePriceIsNotLosingMoney() {
        // (70.00 + 330.00) / 100 = 4.00
        ContractEconomics e = ContractEconomics.of(RUNNING, 600, TO_DATE, Optional.of(cards(100, 100, "330.00")), FOUR);
        assertThat(e.unitCostAtPace()).hasValueSatisfying(c -> assertThat(c).isEqualByComparingTo("4.00"));
        assertThat(e.verdict()).isEqualTo(ContractEconomics.Verdict.MAKING_MONEY);
    }

    @Test
    void aCompletedContractHasNothingRemainingAndIsJudgedOnItsMarginToDate() {
        // completed short of its 1,000: nothing more will be made
        Contract completed = contract(Optional.of(LocalDate.parse("2026-11-20")));
        ContractEconomics making = ContractEconomics.of(completed, 600, TO_DATE, Optional.of(cards(100, 110, "400.00")), FOUR);
        assertThat(making.remaining()).isZero();
        assertThat(making.projectedValue()).hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("2400.00"));
        assertThat(making.projectedCost()).hasValueSatisfying(c -> assertThat(c).isEqualByComparingTo("1220.50"));
        // the recent line would lose money, but there is nothing left to make
        assertThat(making.verdict()).isEqualTo(ContractEconomics.Verdict.MAKING_MONEY);

        // 600 good worth 2,400.00 that cost 2,600.00 (material 220.50 + conversion 2,379.50)
        ContractEconomics losing = ContractEconomics.of(completed, 600, Optional.of(cards(600, 30, "2379.50")),
                Optional.empty(), FOUR);
        assertThat(losing.remaining()).isZero();
        assertThat(losing.marginToDate()).isEqualByComparingTo("-200.00");
        assertThat(losing.verdict()).isEqualTo(ContractEconomics.Verdict.LOSING_MONEY);
    }

    @Test
    void aContractWhoseQuantityIsMadeHasNothingRemainingEvenIfNotMarkedCompleted() {
        ContractEconomics e = ContractEconomics.of(RUNNING, 1_050, TO_DATE, Optional.empty(), FOUR);
        assertThat(e.remaining()).isZero();
        assertThat(e.verdict()).isEqualTo(ContractEconomics.Verdict.MAKING_MONEY);
    }

    @Test
    void aCompletedContractWithNothingMadeIsUnknown() {
        ContractEconomics e = ContractEconomics.of(contract(Optional.of(LocalDate.parse("2026-11-20"))), 0,
                Optional.empty(), Optional.empty(), FOUR);
        assertThat(e.valueToDate()).isEqualByComparingTo("0");
        assertThat(e.costToDate()).isEqualByComparingTo("0");
        assertThat(e.verdict()).isEqualTo(ContractEconomics.Verdict.UNKNOWN);
    }

    @Test
    void noRecentProductionLeavesTheVerdictUnknownButValuesWhatRemains() {
        ContractEconomics e = ContractEconomics.of(RUNNING, 600, TO_DATE, Optional.empty(), FOUR);
        assertThat(e.verdict()).isEqualTo(ContractEconomics.Verdict.UNKNOWN);
        assertThat(e.unitCostAtPace()).isEmpty();
        assertThat(e.projectedCost()).isEmpty();
        assertThat(e.projectedMargin()).isEmpty();
        // 2,400.00 + 400 × 4.00
        assertThat(e.projectedValue()).hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("4000.00"));
    }

    @Test
    void onlyRejectsRecentlyIsNoPaceToCostAt() {
        ContractEconomics e = ContractEconomics.of(RUNNING, 600, TO_DATE, Optional.of(cards(0, 40, "400.00")), FOUR);
        assertThat(e.unitCostAtPace()).isEmpty();
        assertThat(e.verdict()).isEqualTo(ContractEconomics.Verdict.UNKNOWN);
    }

    @Test
    void noPriceLeavesTheVerdictUnknown() {
        ContractEconomics e = ContractEconomics.of(RUNNING, 600, TO_DATE, Optional.of(cards(200, 10, "400.00")), Optional.empty());
        assertThat(e.verdict()).isEqualTo(ContractEconomics.Verdict.UNKNOWN);
        assertThat(e.projectedValue()).isEmpty();
        assertThat(e.projectedCost()).hasValueSatisfying(c -> assertThat(c).isEqualByComparingTo("2167.50"));
    }

    @Test
    void projectedValueIsValueToDatePlusWhatRemainsAtTodaysPrice() {
        // nothing made yet: 1,000 remain at 4.50
        ContractEconomics e = ContractEconomics.of(RUNNING, 0, Optional.empty(), Optional.empty(),
                Optional.of(new BigDecimal("4.50")));
        assertThat(e.remaining()).isEqualTo(1_000);
        assertThat(e.projectedValue()).hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("4500.00"));
        // 600 made and valued at 4.00 (2,400.00), 400 left at today's 4.50: 4,200.00
        ContractEconomics later = ContractEconomics.of(RUNNING, 600, TO_DATE, Optional.of(cards(200, 10, "400.00")),
                Optional.of(new BigDecimal("4.50")));
        assertThat(later.projectedValue()).hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("4200.00"));
    }
}
