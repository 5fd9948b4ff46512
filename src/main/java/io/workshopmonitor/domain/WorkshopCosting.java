package io.workshopmonitor.domain;

import java.math.BigDecimal;

/**
 * What running a workshop costs beyond its materials, and how many places it offers. Instructors are paid
 * for the hours a session is planned: a session closed outright costs no instructor hours, one cut by half
 * costs half (they are redeployed, and the cost lands where they go). Overhead (heat, light, supervision) is
 * charged per planned hour. {@code allocatedPlaces} is how many people are allocated to each session.
 */
public record WorkshopCosting(BigDecimal instructorHoursPerSession, BigDecimal instructorHourlyRate,
                              BigDecimal overheadPerPlannedHour, int allocatedPlaces) {

    public static final int MAX_PLACES = AttendanceReading.MAX_PRESENT;
    public static final WorkshopCosting NONE = new WorkshopCosting(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, 0);

    public WorkshopCosting {
        Money.checked(instructorHoursPerSession, "instructorHoursPerSession");
        Money.checked(instructorHourlyRate, "instructorHourlyRate");
        Money.checked(overheadPerPlannedHour, "overheadPerPlannedHour");
        if (allocatedPlaces < 0 || allocatedPlaces > MAX_PLACES) {
            throw new IllegalArgumentException("'allocatedPlaces' must be 0 to " + MAX_PLACES);
        }
    }

    /** Instructor cost of one whole planned session. */
    public BigDecimal labourPerSession() {
        return instructorHoursPerSession.multiply(instructorHourlyRate);
    }
}
