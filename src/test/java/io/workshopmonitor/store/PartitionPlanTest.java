package io.workshopmonitor.store;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PartitionPlanTest {

    private static final List<String> PARTITIONS = List.of("counter_readings_default", "counter_readings_y2025m11",
            "counter_readings_y2025m12", "counter_readings_y2026m01", "counter_readings_y2026m02", "counter_readings_y2026m03");

    @Test
    void aMonthGoesOnlyOnceItsLastDayHasExpired() {
        // 31 days before 2026-02-01T00:00Z is 2026-01-01T00:00Z: December has just expired, January not
        Instant now = Instant.parse("2026-02-01T00:00:00Z");
        assertThat(PartitionPlan.expired("counter_readings", PARTITIONS, now, 31))
                .containsExactly("counter_readings_y2025m11", "counter_readings_y2025m12");
        assertThat(PartitionPlan.expired("counter_readings", PARTITIONS, now.minusSeconds(1), 31))
                .as("a second earlier December still has a day to keep").containsExactly("counter_readings_y2025m11");
    }

    @Test
    void theMonthBeingWrittenIsNeverDroppedHoweverShortTheRetention() {
        Instant now = Instant.parse("2026-03-31T23:59:59Z");
        assertThat(PartitionPlan.expired("counter_readings", PARTITIONS, now, 1))
                .doesNotContain("counter_readings_y2026m03")
                .containsExactly("counter_readings_y2025m11", "counter_readings_y2025m12", "counter_readings_y2026m01",
                        "counter_readings_y2026m02");
    }

    @Test
    void zeroDaysKeepsEverythingAndTheDefaultPartitionIsNeverAMonth() {
        assertThat(PartitionPlan.expired("counter_readings", PARTITIONS, Instant.parse("2030-01-01T00:00:00Z"), 0)).isEmpty();
        assertThat(PartitionPlan.expired("counter_readings", PARTITIONS, Instant.parse("2030-01-01T00:00:00Z"), 7))
                .doesNotContain("counter_readings_default").hasSize(5);
    }

    @Test
    void anotherTablesPartitionsAreNotThisOnes() {
        assertThat(PartitionPlan.monthOf("counter_readings", "state_readings_y2026m01")).isEmpty();
        assertThat(PartitionPlan.monthOf("counter_readings", "counter_readings_y2026m01")).contains(YearMonth.of(2026, 1));
        assertThat(PartitionPlan.monthOf("workshop_minutes", "workshop_minutes_default")).isEmpty();
    }

    @Test
    void theCurrentMonthAndThreeAheadAreWanted() {
        LocalDate[] wanted = PartitionPlan.wanted(Instant.parse("2026-11-30T23:30:00Z"));
        assertThat(wanted).containsExactly(LocalDate.of(2026, 11, 1), LocalDate.of(2027, 2, 1));
    }
}
