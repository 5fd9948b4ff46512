package io.workshopmonitor.domain;

/** What one counter reading did to its station's count. */
public record CounterUpdate(Kind kind, long goodDelta, long rejectDelta) {

    public enum Kind {
        /** The first reading ever of a station: it sets the baseline and adds nothing. */
        BASELINE,
        /** In order: the difference from the last reading is added. */
        COUNTED,
        /** Lower than the last reading with a later ts: the device restarted its counter. */
        RESET,
        /** Already applied (QoS 1 redelivery): changes nothing. */
        DUPLICATE,
        /** Older than the last applied reading: cumulative counts make it redundant. */
        LATE,
        /** Units counted by hand and entered as a tally: added as they are, and no reference for a counter. */
        TALLY;

        /** Whether the reading is kept as history (duplicates are not). */
        public boolean stored() {
            return this != DUPLICATE;
        }

        /** Whether the reading becomes the station's new reference point. */
        public boolean advances() {
            return this == BASELINE || this == COUNTED || this == RESET;
        }
    }

    static CounterUpdate of(Kind kind) {
        return new CounterUpdate(kind, 0, 0);
    }
}
