package io.workshopmonitor.domain;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What a contract is paid. An external customer pays the contract's price; internal supply is charged at the
 * product's transfer price unless the contract names its own. A price holds from its date (in the workshop's
 * time zone) until the next one, so a price change mid-contract values each day's units at that day's price.
 */
public record ContractTerms(Kind kind, List<PriceChange> prices) {

    public enum Kind { EXTERNAL, INTERNAL }

    public record PriceChange(LocalDate from, BigDecimal unitPrice) {
        public PriceChange {
            Money.checked(unitPrice, "unitPrice");
        }
    }

    public static final ContractTerms NONE = new ContractTerms(Kind.EXTERNAL, List.of());

    public ContractTerms {
        prices = prices.stream().sorted(Comparator.comparing(PriceChange::from)).toList();
        for (int i = 1; i < prices.size(); i++) {
            if (prices.get(i).from().equals(prices.get(i - 1).from())) {
                throw new IllegalArgumentException("two prices from " + prices.get(i).from());
            }
        }
    }

    /** The contract's own price on a day; empty before its first price, or when it has none. */
    public Optional<BigDecimal> priceOn(LocalDate day) {
        BigDecimal found = null;
        for (PriceChange change : prices) {
            if (!change.from().isAfter(day)) {
                found = change.unitPrice();
            }
        }
        return Optional.ofNullable(found);
    }
}
