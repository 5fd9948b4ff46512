package io.workshopmonitor.domain;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MonthProjectionTest {

    private static final ZoneId LONDON = MoneyFixtures.LONDON;
    /** Weekdays 08:30–11:30 and 13:30–16:30; November 2026 has 21 weekdays, 42 sessions, 126 planned hours. */
    private static final Schedule SCHEDULE = MoneyFixtures.SCHEDULE;
    /** 99.40 labour and 37.50 overhead a session: 136.90 conversion. */
    private static final WorkshopCosting COSTING = MoneyFixtures.COSTING;
    private static final Product CARD = MoneyFixtures.CARD;
    private static final Pricing PRICING = new Pricing(Map.of(CARD.code(), CARD), List.of());
    private static final Instant MONTH_START = at("2026-11-01T00:00");
    private static final Instant MONTH_END = at("2026-12-01T00:00");
    /** Monday 16 November, 11:30: 2–13 November (60 h) and the Monday morning (3 h) are 63 of the 126 hours. */
    private static final Instant HALFWAY = at("2026-11-16T11:30");

    private static Instant at(String local) {
        return LocalDateTime.parse(local).atZone(LONDON).toInstant();
    }

    private static CostSheet soFar(SessionCalendar calendar, Instant now, DailyUnits... units) {
        return Costing.sheet(calendar, COSTING, PRICING, List.of(units), new Interval(MONTH_START, MONTH_END), now);
    }

    /** The rest of the month, its sessions all costed (as if it had passed) and no units. */
    private static CostSheet rest(SessionCalendar calendar, Instant now) {
        return Costing.sheet(calendar, COSTING, PRICING, List.of(), new Interval(now, MONTH_END), MONTH_END);
    }

    private static DailyUnits cards(long good, long reject) {
        return new DailyUnits(LocalDate.parse("2026-11-10"), "GC-A6", good, reject);
    }

    @Test
    void halfTheMonthGoneDoublesUnitsAndValueAndAddsTheFixedCostsLeftAndTheirMaterial() {
        SessionCalendar calendar = new SessionCalendar(SCHEDULE, List.of());
        CostSheet soFar = soFar(calendar, HALFWAY, cards(1_000, 0));
        CostSheet rest = rest(calendar, HALFWAY);
        // 21 sessions each side: labour 2,087.40 and overhead 787.50, conversion 2,874.90
        assertThat(soFar.plannedSeconds()).isEqualTo(63 * 3600);
        assertThat(rest.plannedSeconds()).isEqualTo(63 * 3600);
        assertThat(soFar.conversion()).isEqualByComparingTo("2874.90");
        assertThat(rest.conversion()).isEqualByComparingTo("2874.90");

        MonthProjection projection = MonthProjection.of(soFar, rest);
        // 1,000 good so far, 1,000 more; material 1,000 × 0.35 = 350.00 so far and 350.00 more
        assertThat(projection.goodUnits()).isEqualTo(2_000);
        assertThat(projection.value()).isEqualByComparingTo("4000.00");
        // (2,874.90 + 350.00) + 2,874.90 + 350.00 = 6,449.80
        assertThat(projection.cost()).isEqualByComparingTo("6449.80");
        assertThat(projection.margin()).isEqualByComparingTo("-2449.80");
    }

    @Test
    void theRejectRateSoFarIsCarriedIntoTheProjectedMaterial() {
        SessionCalendar calendar = new SessionCalendar(SCHEDULE, List.of());
        CostSheet rest = rest(calendar, HALFWAY);
        // 1,000 good and 100 rejects so far: 1,100 × 0.35 = 385.00 of material; the rest of the month makes
        // another 1,000 good and, at the same rate, 100 rejects: another 385.00
        MonthProjection withRejects = MonthProjection.of(soFar(calendar, HALFWAY, cards(1_000, 100)), rest);
        MonthProjection without = MonthProjection.of(soFar(calendar, HALFWAY, cards(1_000, 0)), rest);
        assertThat(withRejects.goodUnits()).isEqualTo(2_000);
        // 2,874.90 + 385.00 + 2,874.90 + 385.00 = 6,519.80
        assertThat(withRejects.cost()).isEqualByComparingTo("6519.80");
        // 200 rejects over the month, 0.35 each
        assertThat(withRejects.cost().subtract(without.cost())).isEqualByComparingTo("70.00");
        assertThat(withRejects.value()).isEqualByComparingTo(without.value());
    }

    @Test
    void noUnitsSoFarProjectsOnlyTheFixedCostsAndNoValue() {
        SessionCalendar calendar = new SessionCalendar(SCHEDULE, List.of());
        MonthProjection projection = MonthProjection.of(soFar(calendar, HALFWAY), rest(calendar, HALFWAY));
        assertThat(projection.goodUnits()).isZero();
        // 2,874.90 + 2,874.90: every planned session's labour and overhead
        assertThat(projection.cost()).isEqualByComparingTo("5749.80");
        assertThat(projection.value()).isEqualByComparingTo("0");
    }

    @Test
    void onlyRejectsSoFarProjectNoMoreMaterialThanWasUsed() {
        SessionCalendar calendar = new SessionCalendar(SCHEDULE, List.of());
        // 50 rejects: 17.50 of material spent; no good unit to extrapolate from
        MonthProjection projection = MonthProjection.of(soFar(calendar, HALFWAY, cards(0, 50)), rest(calendar, HALFWAY));
        assertThat(projection.goodUnits()).isZero();
        assertThat(projection.cost()).isEqualByComparingTo("5767.30");
        assertThat(projection.value()).isEqualByComparingTo("0");
    }

    @Test
    void aClosureAheadIsTakenOutOfTheFixedCostsLeftAndUnitsRoundToWholeOnes() {
        // Thursday 12 November's morning half closed (a recorded closure still ahead at 10 November's end)
        Interval halfMorning = new Interval(at("2026-11-12T08:30"), at("2026-11-12T10:00"));
        SessionCalendar calendar = new SessionCalendar(SCHEDULE, List.of(halfMorning));
        Instant now = at("2026-11-10T16:30");
        // so far 2–10 November: 7 weekdays, 14 sessions, 42 h: labour 1,391.60, overhead 525.00
        CostSheet soFar = soFar(calendar, now, cards(100, 10));
        assertThat(soFar.plannedSeconds()).isEqualTo(42 * 3600);
        assertThat(soFar.total()).isEqualByComparingTo("1955.10");   // + 110 × 0.35 = 38.50
        // left: 14 weekdays, 28 sessions less half of one: 82.5 h, labour 2,783.20 − 49.70 = 2,733.50,
        // overhead 82.5 × 12.50 = 1,031.25
        CostSheet rest = rest(calendar, now);
        assertThat(rest.plannedSeconds()).isEqualTo(297_000);
        assertThat(rest.labour()).isEqualByComparingTo("2733.50");
        assertThat(rest.overhead()).isEqualByComparingTo("1031.25");

        MonthProjection projection = MonthProjection.of(soFar, rest);
        // 100 good in 42 h: 100 × 82.5 / 42 = 196.43 more, rounded to 196
        assertThat(projection.goodUnits()).isEqualTo(296);
        // material 38.50 per 100 good: 196 more cost 75.46; value 2.00 each: 392.00 more
        // 1,955.10 + 2,733.50 + 1,031.25 + 75.46 = 5,795.31
        assertThat(projection.cost()).isEqualByComparingTo("5795.31");
        assertThat(projection.value()).isEqualByComparingTo("592.00");
    }

    @Test
    void aMonthOverHasNothingLeftToProject() {
        SessionCalendar calendar = new SessionCalendar(SCHEDULE, List.of());
        CostSheet soFar = soFar(calendar, MONTH_END, cards(1_000, 100));
        MonthProjection projection = MonthProjection.of(soFar, CostSheet.EMPTY);
        assertThat(projection.goodUnits()).isEqualTo(1_000);
        assertThat(projection.cost()).isEqualByComparingTo(soFar.total());
        assertThat(projection.value()).isEqualByComparingTo("2000.00");
    }
}
