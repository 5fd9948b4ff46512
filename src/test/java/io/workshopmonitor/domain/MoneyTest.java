package io.workshopmonitor.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MoneyTest {

    @Test
    void aMissingAmountIsRefusedNamingTheField() {
        assertThatThrownBy(() -> Money.checked(null, "materialCost"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'materialCost' is required");
    }

    @Test
    void aNegativeAmountIsRefusedNamingTheField() {
        assertThatThrownBy(() -> Money.checked(new BigDecimal("-0.01"), "unitPrice"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'unitPrice' must not be negative");
    }

    @Test
    void moreThanFourDecimalPlacesIsRefusedNamingTheField() {
        assertThatThrownBy(() -> Money.checked(new BigDecimal("0.00035"), "materialCost"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'materialCost' has more than 4 decimal places");
    }

    @Test
    void aTrillionOrMoreIsRefusedNamingTheField() {
        assertThatThrownBy(() -> Money.checked(new BigDecimal("1000000000000"), "plannedValue"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'plannedValue' must be below 1000000000000");
        assertThatThrownBy(() -> Money.checked(new BigDecimal("1E+13"), "plannedCost"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'plannedCost'");
    }

    @Test
    void justBelowATrillionWithFourPlacesIsAccepted() {
        assertThat(Money.checked(new BigDecimal("999999999999.9999"), "plannedValue"))
                .isEqualByComparingTo("999999999999.9999");
    }

    @Test
    void trailingZerosBeyondFourPlacesAreNotExtraPlacesAndTheResultIsPlain() {
        // 1.50000 has scale 5 but only one significant decimal place
        assertThat(Money.checked(new BigDecimal("1.50000"), "rate")).isEqualByComparingTo("1.5");
        // 1.00E+2 stripped would be 1E+2; what comes back is written plainly with no exponent
        BigDecimal hundred = Money.checked(new BigDecimal("1.00E+2"), "rate");
        assertThat(hundred.scale()).isZero();
        assertThat(hundred.toString()).isEqualTo("100");
        assertThat(Money.checked(BigDecimal.ZERO, "rate")).isEqualByComparingTo("0");
        assertThat(Money.checked(new BigDecimal("0.0035"), "rate")).isEqualByComparingTo("0.0035");
    }

    @ParameterizedTest(name = "{0} is shown as {1}")
    @CsvSource({
            "2.345, 2.34",      // half to even: 4 is even, stays
            "2.355, 2.36",      // half to even: 5 is odd, goes up
            "2.3451, 2.35",     // past half goes up
            "2.3449, 2.34",
            "1234.5, 1234.50",
            "0, 0.00",
            "-2.345, -2.34",
            "1E+3, 1000.00",
    })
    void textRoundsHalfToEvenToPence(String amount, String shown) {
        assertThat(Money.text(new BigDecimal(amount))).isEqualTo(shown);
    }

    @Test
    void hoursOfWholeSecondsAreExact() {
        // 5,400 s = 1.5 h and 36 s = 0.01 h terminate (1 s = 1/3600 h would not: 3600 has the factor 9)
        assertThat(Money.hours(5_400)).isEqualByComparingTo("1.5");
        assertThat(Money.hours(36)).isEqualByComparingTo("0.01");
        assertThat(Money.hours(10_800)).isEqualByComparingTo("3");
    }
}
