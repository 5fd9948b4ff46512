package io.workshopmonitor.domain;

import java.math.BigDecimal;

/**
 * A product a prison's workshops make, by the code devices send. Its standard material cost and standard
 * minutes are per unit; the transfer price is what internal supply is charged at, and what a unit is worth when
 * no contract with a price covers it.
 */
public record Product(String prison, String code, String name, BigDecimal materialCost, BigDecimal standardMinutes,
                      BigDecimal transferPrice) {

    public Product {
        Money.checked(materialCost, "materialCost");
        Money.checked(standardMinutes, "standardMinutes");
        Money.checked(transferPrice, "transferPrice");
    }
}
