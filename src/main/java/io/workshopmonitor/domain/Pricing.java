package io.workshopmonitor.domain;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a good unit made in a workshop on a day is worth. A contract for the product that is running that day
 * (from its start until it is completed; one never completed runs on) and has a price then sets it, the one
 * due first when several do; otherwise the product's transfer price. A product missing from the catalogue has
 * no price: its units are counted as uncosted, never valued at zero without saying so.
 */
public final class Pricing {

    public record PricedContract(Contract contract, ContractTerms terms) {
    }

    public record Quote(BigDecimal unitPrice, Optional<String> contract) {
    }

    private final Map<String, Product> products;
    private final List<PricedContract> contracts;

    public Pricing(Map<String, Product> products, List<PricedContract> contracts) {
        this.products = Map.copyOf(products);
        this.contracts = contracts.stream()
                .sorted(Comparator.comparing((PricedContract c) -> c.contract().due()).thenComparing(c -> c.contract().id()))
                .toList();
    }

    public Optional<Product> product(String code) {
        return Optional.ofNullable(products.get(code));
    }

    public Optional<Quote> quote(String product, LocalDate day) {
        for (PricedContract priced : contracts) {
            Contract contract = priced.contract();
            boolean running = contract.product().equals(product) && !day.isBefore(contract.start())
                    && contract.completed().map(done -> !day.isAfter(done)).orElse(true);
            if (running) {
                Optional<BigDecimal> price = priced.terms().priceOn(day);
                if (price.isPresent()) {
                    return Optional.of(new Quote(price.get(), Optional.of(contract.id())));
                }
            }
        }
        return product(product).map(p -> new Quote(p.transferPrice(), Optional.empty()));
    }
}
