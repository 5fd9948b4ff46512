package io.workshopmonitor.domain;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class CostingTest {

    private static final ZoneId LONDON = MoneyFixtures.LONDON;
    private static final WorkshopKey KEY = new WorkshopKey("MDI", "textiles-1");
    /** Monday to Friday 08:30–11:30 and 13:30–16:30: two 3-hour sessions, 6 planned hours a weekday. */
    private static final Schedule SCHEDULE = MoneyFixtures.SCHEDULE;
    /**
     * 3.5 instructor hours a session at 28.40 an hour: 99.40 a session. Overhead 12.50 a planned hour: 37.50 a
     * session. A whole weekday: labour 198.80, overhead 75.00, conversion 273.80.
     */
    private static final WorkshopCosting COSTING = MoneyFixtures.COSTING;

    private static final Product CARD = MoneyFixtures.CARD;
    private static final Product BOX = new Product("MDI", "BX-10", "Gift box", new BigDecimal("1.20"),
            new BigDecimal("4.5"), new BigDecimal("6.00"));
    private static final Map<String, Product> CATALOGUE = Map.of(CARD.code(), CARD, BOX.code(), BOX);
    private static final Pricing TRANSFER_PRICES = new Pricing(CATALOGUE, List.of());

    /** Monday 23 November 2026, the whole day. */
    private static final Interval MONDAY = day("2026-11-23");
    private static final Interval TUESDAY = day("2026-11-24");
    /** November 2026: 21 weekdays, 42 sessions, 126 planned hours. */
    private static final Interval NOVEMBER = new Interval(at("2026-11-01T00:00"), at("2026-12-01T00:00"));
    private static final Instant LATER = at("2026-12-07T12:00");

    private static Instant at(String local) {
        return LocalDateTime.parse(local).atZone(LONDON).toInstant();
    }

    private static Interval day(String date) {
        LocalDate d = LocalDate.parse(date);
        return new Interval(d.atStartOfDay(LONDON).toInstant(), d.plusDays(1).atStartOfDay(LONDON).toInstant());
    }

    private static SessionCalendar calendar(Interval... closures) {
        return new SessionCalendar(SCHEDULE, List.of(closures));
    }

    private static DailyUnits units(String date, String product, long good, long reject) {
        return new DailyUnits(LocalDate.parse(date), product, good, reject);
    }

    private static CostSheet monday(Pricing pricing, DailyUnits... units) {
        return Costing.sheet(calendar(), COSTING, pricing, List.of(units), MONDAY, LATER);
    }

    private static Contract contract(String id, String product, String start, String due, Optional<LocalDate> completed) {
        return new Contract(id, KEY, "Acme", product, 5_000, LocalDate.parse(start), LocalDate.parse(due), completed);
    }

    private static BigDecimal money(String amount) {
        return new BigDecimal(amount);
    }

    @Test
    void aWholeDayCostsTwoSessionsOfLabourAndSixHoursOfOverhead() {
        CostSheet sheet = monday(TRANSFER_PRICES);
        // 2 × 3.5 h × 28.40 = 198.80; 6 h × 12.50 = 75.00
        assertThat(sheet.sessions()).isEqualTo(2);
        assertThat(sheet.scheduledSeconds()).isEqualTo(6 * 3600);
        assertThat(sheet.plannedSeconds()).isEqualTo(6 * 3600);
        assertThat(sheet.labour()).isEqualByComparingTo("198.80");
        assertThat(sheet.overhead()).isEqualByComparingTo("75.00");
        assertThat(sheet.conversion()).isEqualByComparingTo("273.80");
        assertThat(sheet.total()).isEqualByComparingTo("273.80");
        assertThat(sheet.material()).isEqualByComparingTo("0");
        assertThat(sheet.value()).isEqualByComparingTo("0");
        assertThat(sheet.lines()).isEmpty();
        assertThat(COSTING.labourPerSession()).isEqualByComparingTo("99.40");
    }

    @Test
    void halfASessionElapsedCostsHalfASession() {
        // now 10:00: 08:30–10:00 of the morning, 1.5 h: labour 99.40 / 2 = 49.70, overhead 1.5 × 12.50 = 18.75
        CostSheet sheet = Costing.sheet(calendar(), COSTING, TRANSFER_PRICES, List.of(), MONDAY, at("2026-11-23T10:00"));
        assertThat(sheet.sessions()).isEqualTo(1);
        assertThat(sheet.scheduledSeconds()).isEqualTo(5_400);
        assertThat(sheet.plannedSeconds()).isEqualTo(5_400);
        assertThat(sheet.labour()).isEqualByComparingTo("49.70");
        assertThat(sheet.overhead()).isEqualByComparingTo("18.75");
    }

    @Test
    void theLunchBreakCostsNothing() {
        // now 13:00: the morning is over and the afternoon not begun: one session, 99.40 and 37.50
        CostSheet sheet = Costing.sheet(calendar(), COSTING, TRANSFER_PRICES, List.of(), MONDAY, at("2026-11-23T13:00"));
        assertThat(sheet.sessions()).isEqualTo(1);
        assertThat(sheet.labour()).isEqualByComparingTo("99.40");
        assertThat(sheet.overhead()).isEqualByComparingTo("37.50");
    }

    @Test
    void aRangeInTheFutureCostsNothing() {
        CostSheet sheet = Costing.sheet(calendar(), COSTING, TRANSFER_PRICES, List.of(), TUESDAY, at("2026-11-23T10:00"));
        assertThat(sheet.sessions()).isZero();
        assertThat(sheet.scheduledSeconds()).isZero();
        assertThat(sheet.plannedSeconds()).isZero();
        assertThat(sheet.labour()).isEqualByComparingTo("0");
        assertThat(sheet.overhead()).isEqualByComparingTo("0");
        assertThat(sheet.total()).isEqualByComparingTo("0");
    }

    @Test
    void aRangeStartingMidSessionCostsOnlyItsShareOfThatSession() {
        // 10:00 to midnight: 1.5 h of the morning (49.70) and the whole afternoon (99.40): 149.10; 4.5 h overhead 56.25
        Interval fromTen = new Interval(at("2026-11-23T10:00"), MONDAY.end());
        CostSheet sheet = Costing.sheet(calendar(), COSTING, TRANSFER_PRICES, List.of(), fromTen, LATER);
        assertThat(sheet.sessions()).isEqualTo(2);
        assertThat(sheet.scheduledSeconds()).isEqualTo(16_200);
        assertThat(sheet.labour()).isEqualByComparingTo("149.10");
        assertThat(sheet.overhead()).isEqualByComparingTo("56.25");
    }

    @Test
    void aMonthCostsEveryPlannedSession() {
        CostSheet sheet = Costing.sheet(calendar(), COSTING, TRANSFER_PRICES, List.of(), NOVEMBER, LATER);
        // 21 weekdays: 42 sessions × 99.40 = 4,174.80; 126 h × 12.50 = 1,575.00
        assertThat(sheet.sessions()).isEqualTo(42);
        assertThat(sheet.scheduledSeconds()).isEqualTo(126 * 3600);
        assertThat(sheet.plannedSeconds()).isEqualTo(126 * 3600);
        assertThat(sheet.labour()).isEqualByComparingTo("4174.80");
        assertThat(sheet.overhead()).isEqualByComparingTo("1575.00");
    }

    @Test
    void aMonthWithAWholeSessionClosedCostsOneSessionLessLabourAndThreeHoursLessOverhead() {
        // Tuesday 10 November's afternoon closed outright
        Interval afternoon = new Interval(at("2026-11-10T13:30"), at("2026-11-10T16:30"));
        CostSheet sheet = Costing.sheet(calendar(afternoon), COSTING, TRANSFER_PRICES, List.of(), NOVEMBER, LATER);
        // 41 × 99.40 = 4,075.40; 123 h × 12.50 = 1,537.50; the closed session is still scheduled
        assertThat(sheet.sessions()).isEqualTo(41);
        assertThat(sheet.scheduledSeconds()).isEqualTo(126 * 3600);
        assertThat(sheet.plannedSeconds()).isEqualTo(123 * 3600);
        assertThat(sheet.labour()).isEqualByComparingTo("4075.40");
        assertThat(sheet.overhead()).isEqualByComparingTo("1537.50");
    }

    @Test
    void aMonthWithAWholeAndAHalfSessionClosedCostsOneAndAHalfSessionsLess() {
        Interval afternoon = new Interval(at("2026-11-10T13:30"), at("2026-11-10T16:30"));
        Interval halfMorning = new Interval(at("2026-11-11T08:30"), at("2026-11-11T10:00"));
        // a closure on a Saturday closes nothing that was planned
        Interval saturday = new Interval(at("2026-11-14T08:00"), at("2026-11-14T17:00"));
        CostSheet sheet = Costing.sheet(calendar(afternoon, halfMorning, saturday), COSTING, TRANSFER_PRICES, List.of(),
                NOVEMBER, LATER);
        // labour 4,174.80 − 99.40 − 49.70 = 4,025.70; overhead (126 − 3 − 1.5) h = 121.5 h × 12.50 = 1,518.75
        assertThat(sheet.sessions()).isEqualTo(41);   // the half-closed session still ran
        assertThat(sheet.plannedSeconds()).isEqualTo(437_400);
        assertThat(sheet.labour()).isEqualByComparingTo("4025.70");
        assertThat(sheet.overhead()).isEqualByComparingTo("1518.75");
    }

    @Test
    void aClosedSessionCostsNoInstructorHours() {
        Interval morning = new Interval(at("2026-11-23T08:30"), at("2026-11-23T11:30"));
        CostSheet sheet = Costing.sheet(calendar(morning), COSTING, TRANSFER_PRICES, List.of(), MONDAY, LATER);
        assertThat(sheet.sessions()).isEqualTo(1);
        assertThat(sheet.labour()).isEqualByComparingTo("99.40");
        assertThat(sheet.overhead()).isEqualByComparingTo("37.50");
    }

    @Test
    void materialIsEveryUnitMadeAndValueOnlyTheGoodOnes() {
        CostSheet sheet = monday(TRANSFER_PRICES, units("2026-11-23", "GC-A6", 100, 10));
        CostSheet.ProductLine line = sheet.line("GC-A6").orElseThrow();
        // (100 + 10) × 0.35 = 38.50; 100 × 2.00 = 200.00
        assertThat(line.material()).isEqualByComparingTo("38.50");
        assertThat(line.value()).isEqualByComparingTo("200.00");
        assertThat(line.standardMinutes()).isEqualByComparingTo("165");   // 110 × 1.5
        assertThat(sheet.material()).isEqualByComparingTo("38.50");
        assertThat(sheet.value()).isEqualByComparingTo("200.00");
        assertThat(sheet.good()).isEqualTo(100);
        assertThat(sheet.reject()).isEqualTo(10);
    }

    @Test
    void costPerGoodUnitCarriesTheRejectsAndMarginIsValueLessTotal() {
        CostSheet sheet = monday(TRANSFER_PRICES, units("2026-11-23", "GC-A6", 100, 10));
        // total 38.50 + 273.80 = 312.30; per good unit 312.30 / 100 = 3.123; margin 200.00 − 312.30 = −112.30
        assertThat(sheet.total()).isEqualByComparingTo("312.30");
        assertThat(sheet.costPerGoodUnit()).hasValueSatisfying(each -> assertThat(each).isEqualByComparingTo("3.123"));
        assertThat(sheet.margin()).isEqualByComparingTo("-112.30");
    }

    @Test
    void noGoodUnitsHaveNoCostPerUnit() {
        assertThat(monday(TRANSFER_PRICES).costPerGoodUnit()).isEmpty();
        assertThat(monday(TRANSFER_PRICES, units("2026-11-23", "GC-A6", 0, 10)).costPerGoodUnit()).isEmpty();
    }

    @Test
    void aContractAcrossAPriceChangeValuesEachDaysUnitsAtThatDaysPrice() {
        ContractTerms terms = new ContractTerms(ContractTerms.Kind.EXTERNAL, List.of(
                new ContractTerms.PriceChange(LocalDate.parse("2026-11-10"), money("4.50")),
                new ContractTerms.PriceChange(LocalDate.parse("2026-11-01"), money("4.00"))));
        Pricing pricing = new Pricing(CATALOGUE, List.of(new Pricing.PricedContract(
                contract("c-1", "GC-A6", "2026-11-01", "2026-11-30", Optional.empty()), terms)));
        CostSheet sheet = Costing.sheet(calendar(), COSTING, pricing, List.of(
                units("2026-11-05", "GC-A6", 100, 4),
                units("2026-11-09", "GC-A6", 10, 0),
                units("2026-11-10", "GC-A6", 10, 0),
                units("2026-11-12", "GC-A6", 200, 6)), NOVEMBER, LATER);
        // 100 × 4.00 + 10 × 4.00 + 10 × 4.50 + 200 × 4.50 = 400 + 40 + 45 + 900 = 1,385.00
        assertThat(sheet.value()).isEqualByComparingTo("1385.00");
        assertThat(sheet.line("GC-A6").orElseThrow().good()).isEqualTo(320);
        assertThat(sheet.line("GC-A6").orElseThrow().reject()).isEqualTo(10);
        assertThat(pricing.quote("GC-A6", LocalDate.parse("2026-11-09")))
                .contains(new Pricing.Quote(money("4.00"), Optional.of("c-1")));
        assertThat(pricing.quote("GC-A6", LocalDate.parse("2026-11-10")))
                .contains(new Pricing.Quote(money("4.50"), Optional.of("c-1")));
    }

    @Test
    void daysOutsideTheContractAreValuedAtTheTransferPrice() {
        ContractTerms terms = new ContractTerms(ContractTerms.Kind.EXTERNAL, List.of(
                new ContractTerms.PriceChange(LocalDate.parse("2026-11-01"), money("4.00"))));
        // runs from Tuesday 3rd and was completed on Friday 13th (to the end of that day)
        Pricing pricing = new Pricing(CATALOGUE, List.of(new Pricing.PricedContract(
                contract("c-1", "GC-A6", "2026-11-03", "2026-11-30", Optional.of(LocalDate.parse("2026-11-13"))), terms)));
        CostSheet sheet = Costing.sheet(calendar(), COSTING, pricing, List.of(
                units("2026-11-02", "GC-A6", 10, 0),     // before it started: 2.00
                units("2026-11-03", "GC-A6", 10, 0),     // its first day: 4.00
                units("2026-11-13", "GC-A6", 10, 0),     // the day it was completed: 4.00
                units("2026-11-16", "GC-A6", 10, 0)),    // after: 2.00
                NOVEMBER, LATER);
        // 20 + 40 + 40 + 20 = 120.00
        assertThat(sheet.value()).isEqualByComparingTo("120.00");
    }

    @Test
    void anInternalContractWithoutItsOwnPriceUsesTheTransferPrice() {
        Pricing pricing = new Pricing(CATALOGUE, List.of(new Pricing.PricedContract(
                contract("int-1", "GC-A6", "2026-11-01", "2026-11-30", Optional.empty()),
                new ContractTerms(ContractTerms.Kind.INTERNAL, List.of()))));
        CostSheet sheet = monday(pricing, units("2026-11-23", "GC-A6", 100, 10));
        // 100 × 2.00
        assertThat(sheet.value()).isEqualByComparingTo("200.00");
        assertThat(pricing.quote("GC-A6", LocalDate.parse("2026-11-23")))
                .contains(new Pricing.Quote(money("2.00"), Optional.empty()));
    }

    @Test
    void anInternalContractWithItsOwnPriceUsesIt() {
        Pricing pricing = new Pricing(CATALOGUE, List.of(new Pricing.PricedContract(
                contract("int-1", "GC-A6", "2026-11-01", "2026-11-30", Optional.empty()),
                new ContractTerms(ContractTerms.Kind.INTERNAL,
                        List.of(new ContractTerms.PriceChange(LocalDate.parse("2026-11-01"), money("1.75")))))));
        // 100 × 1.75
        assertThat(monday(pricing, units("2026-11-23", "GC-A6", 100, 10)).value()).isEqualByComparingTo("175.00");
    }

    @Test
    void ofSeveralRunningContractsTheOneDueFirstSetsThePrice() {
        ContractTerms five = new ContractTerms(ContractTerms.Kind.EXTERNAL,
                List.of(new ContractTerms.PriceChange(LocalDate.parse("2026-11-01"), money("5.00"))));
        ContractTerms four = new ContractTerms(ContractTerms.Kind.EXTERNAL,
                List.of(new ContractTerms.PriceChange(LocalDate.parse("2026-11-01"), money("4.00"))));
        Pricing pricing = new Pricing(CATALOGUE, List.of(
                new Pricing.PricedContract(contract("c-late", "GC-A6", "2026-11-01", "2026-12-31", Optional.empty()), five),
                new Pricing.PricedContract(contract("c-soon", "GC-A6", "2026-11-01", "2026-11-30", Optional.empty()), four),
                new Pricing.PricedContract(contract("c-box", "BX-10", "2026-11-01", "2026-11-02", Optional.empty()), four)));
        assertThat(pricing.quote("GC-A6", LocalDate.parse("2026-11-23")))
                .contains(new Pricing.Quote(money("4.00"), Optional.of("c-soon")));
        assertThat(pricing.quote("BX-10", LocalDate.parse("2026-11-23")))
                .contains(new Pricing.Quote(money("4.00"), Optional.of("c-box")));
        assertThat(pricing.quote("NOPE", LocalDate.parse("2026-11-23"))).isEmpty();
    }

    @Test
    void aProductNotInTheCatalogueIsUncostedButCountedAsGood() {
        CostSheet sheet = monday(TRANSFER_PRICES,
                units("2026-11-23", "GC-A6", 100, 10),
                units("2026-11-23", "XX-99", 50, 5));
        assertThat(sheet.uncostedGood()).isEqualTo(50);
        assertThat(sheet.uncostedReject()).isEqualTo(5);
        assertThat(sheet.good()).isEqualTo(150);
        assertThat(sheet.reject()).isEqualTo(15);
        assertThat(sheet.line("XX-99")).isEmpty();
        assertThat(sheet.lines()).extracting(CostSheet.ProductLine::product).containsExactly("GC-A6");
        // no material and no value for it: only the card's 38.50 and 200.00
        assertThat(sheet.material()).isEqualByComparingTo("38.50");
        assertThat(sheet.value()).isEqualByComparingTo("200.00");
        // the catalogued line carries the whole conversion cost
        assertThat(sheet.line("GC-A6").orElseThrow().conversion()).isEqualByComparingTo("273.80");
        // cost per good unit spreads the total over all good units: 312.30 / 150 = 2.082
        assertThat(sheet.costPerGoodUnit()).hasValueSatisfying(each -> assertThat(each).isEqualByComparingTo("2.082"));
    }

    @Test
    void conversionCostIsSharedByStandardMinutesAndTheSharesAddUpToIt() {
        CostSheet sheet = Costing.sheet(calendar(), COSTING, TRANSFER_PRICES, List.of(
                units("2026-11-24", "GC-A6", 90, 10),
                units("2026-11-24", "BX-10", 40, 10)), TUESDAY, LATER);
        // cards 100 × 1.5 = 150 min, boxes 50 × 4.5 = 225 min: 375 min, shares 0.4 and 0.6 of 273.80
        CostSheet.ProductLine card = sheet.line("GC-A6").orElseThrow();
        CostSheet.ProductLine box = sheet.line("BX-10").orElseThrow();
        assertThat(card.standardMinutes()).isEqualByComparingTo("150");
        assertThat(box.standardMinutes()).isEqualByComparingTo("225");
        assertThat(card.conversion()).isEqualByComparingTo("109.52");
        assertThat(box.conversion()).isEqualByComparingTo("164.28");
        assertThat(card.conversion().add(box.conversion())).isEqualByComparingTo(sheet.conversion());
        // lines in product order
        assertThat(sheet.lines()).extracting(CostSheet.ProductLine::product).containsExactly("BX-10", "GC-A6");
        // material 100 × 0.35 = 35.00 and 50 × 1.20 = 60.00; line costs 144.52 and 224.28, together the sheet's 368.80
        assertThat(card.cost()).isEqualByComparingTo("144.52");
        assertThat(box.cost()).isEqualByComparingTo("224.28");
        assertThat(card.cost().add(box.cost())).isEqualByComparingTo(sheet.total());
        assertThat(sheet.total()).isEqualByComparingTo("368.80");
    }

    @Test
    void sharesThatDoNotTerminateStillAddUpToTheConversionCostWellBelowAPenny() {
        Product a = new Product("MDI", "A", "A", BigDecimal.ZERO, BigDecimal.ONE, BigDecimal.ONE);
        Product b = new Product("MDI", "B", "B", BigDecimal.ZERO, BigDecimal.ONE, BigDecimal.ONE);
        Product c = new Product("MDI", "C", "C", BigDecimal.ZERO, BigDecimal.ONE, BigDecimal.ONE);
        Pricing pricing = new Pricing(Map.of("A", a, "B", b, "C", c), List.of());
        CostSheet sheet = monday(pricing, units("2026-11-23", "A", 10, 0), units("2026-11-23", "B", 10, 0),
                units("2026-11-23", "C", 10, 0));
        // a third each of 273.80 = 91.2666…, kept to 34 significant digits
        BigDecimal shares = sheet.lines().stream().map(CostSheet.ProductLine::conversion)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(shares.subtract(sheet.conversion()).abs()).isLessThan(new BigDecimal("1E-25"));
        assertThat(Money.text(sheet.line("A").orElseThrow().conversion())).isEqualTo("91.27");
    }

    @Test
    void whereNoProductMadeHasStandardMinutesConversionIsSharedByUnits() {
        Product a = new Product("MDI", "A", "A", new BigDecimal("0.10"), BigDecimal.ZERO, new BigDecimal("1.00"));
        Product b = new Product("MDI", "B", "B", new BigDecimal("0.10"), BigDecimal.ZERO, new BigDecimal("1.00"));
        Pricing pricing = new Pricing(Map.of("A", a, "B", b), List.of());
        CostSheet sheet = monday(pricing, units("2026-11-23", "A", 90, 10), units("2026-11-23", "B", 300, 0));
        // 100 and 300 made: a quarter and three quarters of 273.80
        assertThat(sheet.line("A").orElseThrow().conversion()).isEqualByComparingTo("68.45");
        assertThat(sheet.line("B").orElseThrow().conversion()).isEqualByComparingTo("205.35");
    }

    @Test
    void rejectsAreCostedAtTheirShareOfTheirLine() {
        CostSheet sheet = Costing.sheet(calendar(), COSTING, TRANSFER_PRICES, List.of(
                units("2026-11-24", "GC-A6", 90, 10),
                units("2026-11-24", "BX-10", 40, 10)), TUESDAY, LATER);
        // cards: 144.52 × 10 / 100 = 14.452; boxes: 224.28 × 10 / 50 = 44.856; together 59.308
        assertThat(sheet.line("GC-A6").orElseThrow().costOfRejects()).isEqualByComparingTo("14.452");
        assertThat(sheet.line("BX-10").orElseThrow().costOfRejects()).isEqualByComparingTo("44.856");
        assertThat(sheet.costOfRejects()).isEqualByComparingTo("59.308");
    }

    @Test
    void rejectsOfOnlyUncostedProductsShareTheConversionCostByUnits() {
        CostSheet sheet = monday(TRANSFER_PRICES, units("2026-11-23", "XX-99", 90, 10));
        // 273.80 × 10 / 100 = 27.38
        assertThat(sheet.costOfRejects()).isEqualByComparingTo("27.38");
        assertThat(monday(TRANSFER_PRICES).costOfRejects()).isEqualByComparingTo("0");
    }

    @Test
    void twoSheetsSummedAddEverythingAndMergeTheirLines() {
        CostSheet monday = monday(TRANSFER_PRICES,
                units("2026-11-23", "GC-A6", 90, 10),
                units("2026-11-23", "XX-99", 5, 1));
        CostSheet tuesday = Costing.sheet(calendar(), COSTING, TRANSFER_PRICES, List.of(
                units("2026-11-24", "GC-A6", 90, 10),
                units("2026-11-24", "BX-10", 40, 10)), TUESDAY, LATER);
        // Monday's cards carry all of Monday's 273.80; Tuesday's 109.52: 383.32
        assertThat(monday.line("GC-A6").orElseThrow().conversion()).isEqualByComparingTo("273.80");

        CostSheet both = tuesday.plus(monday);
        assertThat(both.scheduledSeconds()).isEqualTo(12 * 3600);
        assertThat(both.plannedSeconds()).isEqualTo(12 * 3600);
        assertThat(both.sessions()).isEqualTo(4);
        assertThat(both.labour()).isEqualByComparingTo("397.60");
        assertThat(both.overhead()).isEqualByComparingTo("150.00");
        assertThat(both.uncostedGood()).isEqualTo(5);
        assertThat(both.uncostedReject()).isEqualTo(1);
        assertThat(both.lines()).extracting(CostSheet.ProductLine::product).containsExactly("BX-10", "GC-A6");
        CostSheet.ProductLine card = both.line("GC-A6").orElseThrow();
        assertThat(card.good()).isEqualTo(180);
        assertThat(card.reject()).isEqualTo(20);
        assertThat(card.standardMinutes()).isEqualByComparingTo("300");
        assertThat(card.material()).isEqualByComparingTo("70.00");
        assertThat(card.conversion()).isEqualByComparingTo("383.32");
        assertThat(card.value()).isEqualByComparingTo("360.00");
        CostSheet.ProductLine box = both.line("BX-10").orElseThrow();
        assertThat(box.good()).isEqualTo(40);
        assertThat(box.material()).isEqualByComparingTo("60.00");
        assertThat(box.conversion()).isEqualByComparingTo("164.28");
        // good 180 + 40 + 5; material 130.00 + conversion 547.60 = 677.60; value 360 + 240 = 600.00
        assertThat(both.good()).isEqualTo(225);
        assertThat(both.reject()).isEqualTo(31);
        assertThat(both.material()).isEqualByComparingTo("130.00");
        assertThat(both.total()).isEqualByComparingTo("677.60");
        assertThat(both.value()).isEqualByComparingTo("600.00");
        assertThat(both.margin()).isEqualByComparingTo("-77.60");
        // the lines' conversion still adds up to the summed sheet's
        assertThat(card.conversion().add(box.conversion())).isEqualByComparingTo(both.conversion());
        // summing in either order gives the same figures
        CostSheet other = monday.plus(tuesday);
        assertThat(other.lines()).isEqualTo(both.lines());
        assertThat(other.total()).isEqualByComparingTo(both.total());
        assertThat(CostSheet.EMPTY.plus(monday).total()).isEqualByComparingTo(monday.total());
    }
}
