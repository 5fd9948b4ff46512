package io.workshopmonitor.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A stretch in which a station was not running: a run of {@code IDLE}, {@code DOWN} or {@code OFF} reports
 * with the same reason, or, before its first report, no report at all ({@code state} empty). It is known by
 * its station and the instant it began, so an instructor's reason stays attached to it. {@code planned} is
 * the part of it that fell in planned time within the range asked about: only that part is lost time.
 *
 * @param ended   when the station reported something else; empty while it lasts
 * @param reported the device's own reason, if it gave one
 * @param recorded the reason an instructor gave, which wins over the device's
 */
public record Stop(String station, Instant started, Optional<Instant> ended, Optional<MachineState> state,
                   Optional<StopReason> reported, Optional<Recorded> recorded, Duration planned) {

    /** An instructor's reason for a stop, with an optional short note (checked by {@link FreeText}). */
    public record Recorded(StopReason reason, Optional<String> note, String by, Instant at) {
    }

    public Optional<StopReason> reason() {
        return recorded.map(Recorded::reason).or(() -> reported);
    }

    public LossCategory category() {
        return reason().map(StopReason::category).orElse(LossCategory.UNEXPLAINED);
    }
}
