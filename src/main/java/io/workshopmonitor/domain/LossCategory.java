package io.workshopmonitor.domain;

/**
 * Where lost time belongs. {@link #REGIME} is time the prison's regime took (lockdowns, curtailed or late
 * unlocks, staff shortages): governors and headquarters need it apart from what the workshop controls.
 */
public enum LossCategory {
    REGIME(false), EQUIPMENT(true), MATERIAL(true), PEOPLE(true), OTHER(true), UNEXPLAINED(true);

    private final boolean workshopControlled;

    LossCategory(boolean workshopControlled) {
        this.workshopControlled = workshopControlled;
    }

    public boolean workshopControlled() {
        return workshopControlled;
    }
}
