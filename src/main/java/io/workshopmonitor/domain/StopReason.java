package io.workshopmonitor.domain;

/**
 * The one list of reasons a station stopped or a session was cut, each in its category. A device's own
 * {@link StateReason} and a closure's {@link Closure.Reason} map onto it, so every lost minute lands in one
 * list whoever gave its reason.
 */
public enum StopReason {
    REGIME_CURTAILMENT(LossCategory.REGIME),
    LOCKDOWN(LossCategory.REGIME),
    /** A late unlock or a movement that kept people from the workshop. */
    LATE_UNLOCK(LossCategory.REGIME),
    STAFF_SHORTAGE(LossCategory.REGIME),
    EQUIPMENT_FAULT(LossCategory.EQUIPMENT),
    MAINTENANCE(LossCategory.EQUIPMENT),
    CHANGEOVER(LossCategory.EQUIPMENT),
    QUALITY_CHECK(LossCategory.EQUIPMENT),
    MATERIAL_SHORTAGE(LossCategory.MATERIAL),
    NO_WORK(LossCategory.MATERIAL),
    TRAINING(LossCategory.PEOPLE),
    LOW_ATTENDANCE(LossCategory.PEOPLE),
    OTHER(LossCategory.OTHER);

    private final LossCategory category;

    StopReason(LossCategory category) {
        this.category = category;
    }

    public LossCategory category() {
        return category;
    }

    /** A device reports a subset of the same codes. */
    public static StopReason of(StateReason reason) {
        return valueOf(reason.name());
    }

    public static StopReason of(Closure.Reason reason) {
        return switch (reason) {
            case STAFF_UNAVAILABLE -> STAFF_SHORTAGE;
            case REGIME_CURTAILMENT -> REGIME_CURTAILMENT;
            case LOCKDOWN -> LOCKDOWN;
            case MAINTENANCE -> MAINTENANCE;
            case OTHER -> OTHER;
        };
    }
}
