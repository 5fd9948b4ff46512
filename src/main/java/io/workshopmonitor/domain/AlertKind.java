package io.workshopmonitor.domain;

public enum AlertKind {
    TARGET_BEHIND, TARGET_MISSED, QUALITY_LOW, STATION_DOWN, CONTRACT_AT_RISK;

    /** TARGET_MISSED is about a session that is over: nothing can clear it but an acknowledgement. */
    public boolean resolvesByItself() {
        return this != TARGET_MISSED;
    }
}
