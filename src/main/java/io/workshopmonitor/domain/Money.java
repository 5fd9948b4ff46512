package io.workshopmonitor.domain;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Money is a {@link BigDecimal} in the service's one currency, never a double. Sums and products stay exact;
 * the few divisions (a share of a session, a cost per unit) keep 34 significant digits, and a figure is
 * rounded to pence only when it is shown, half to even, so rounding never biases a total one way.
 */
public final class Money {

    /** What a stored price, cost or rate may hold: up to 4 decimal places (a screw costs 0.0035). */
    public static final int INPUT_SCALE = 4;
    public static final BigDecimal MAX_INPUT = new BigDecimal("1000000000000");
    public static final MathContext EXACT_ENOUGH = MathContext.DECIMAL128;
    public static final int SHOWN_SCALE = 2;

    private Money() {
    }

    /** Checks an amount someone typed: not negative, at most 4 decimal places, below a trillion. */
    public static BigDecimal checked(BigDecimal amount, String field) {
        if (amount == null) {
            throw new IllegalArgumentException("'" + field + "' is required");
        }
        BigDecimal plain = amount.stripTrailingZeros();
        if (plain.signum() < 0) {
            throw new IllegalArgumentException("'" + field + "' must not be negative");
        }
        if (plain.scale() > INPUT_SCALE) {
            throw new IllegalArgumentException("'" + field + "' has more than " + INPUT_SCALE + " decimal places");
        }
        if (plain.compareTo(MAX_INPUT) >= 0) {
            throw new IllegalArgumentException("'" + field + "' must be below " + MAX_INPUT.toPlainString());
        }
        return plain.scale() < 0 ? plain.setScale(0) : plain;
    }

    public static BigDecimal shown(BigDecimal amount) {
        return amount.setScale(SHOWN_SCALE, RoundingMode.HALF_EVEN);
    }

    /** The amount as a report or the API writes it: "1234.50". */
    public static String text(BigDecimal amount) {
        return shown(amount).toPlainString();
    }

    public static BigDecimal divide(BigDecimal amount, BigDecimal by) {
        return amount.divide(by, EXACT_ENOUGH);
    }

    public static BigDecimal of(long units) {
        return BigDecimal.valueOf(units);
    }

    /** Seconds as hours, to 34 significant digits (1 s is a recurring 1/3600 h): rounded only when shown. */
    public static BigDecimal hours(long seconds) {
        return BigDecimal.valueOf(seconds).divide(BigDecimal.valueOf(3600), EXACT_ENOUGH).stripTrailingZeros();
    }
}
