package io.workshopmonitor.domain;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;

/** The workshop the money tests cost: one calendar, one costing and one product, worked out by hand once. */
final class MoneyFixtures {

    static final ZoneId LONDON = ZoneId.of("Europe/London");
    /** Monday to Friday 08:30–11:30 and 13:30–16:30: two 3-hour sessions, 6 planned hours a weekday. */
    static final Schedule SCHEDULE = new Schedule(LONDON, List.of(
            new SessionSpec(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), LocalTime.of(8, 30), LocalTime.of(11, 30)),
            new SessionSpec(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), LocalTime.of(13, 30), LocalTime.of(16, 30))));
    /**
     * 3.5 instructor hours a session at 28.40 an hour: 99.40 a session. Overhead 12.50 a planned hour: 37.50 a
     * session. A whole weekday: labour 198.80, overhead 75.00, conversion 273.80.
     */
    static final WorkshopCosting COSTING = new WorkshopCosting(new BigDecimal("3.5"), new BigDecimal("28.40"),
            new BigDecimal("12.50"), 12);
    static final Product CARD = new Product("MDI", "GC-A6", "Greeting card A6", new BigDecimal("0.35"),
            new BigDecimal("1.5"), new BigDecimal("2.00"));

    private MoneyFixtures() {
    }
}
