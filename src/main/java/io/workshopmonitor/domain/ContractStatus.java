package io.workshopmonitor.domain;

import java.time.Instant;

/**
 * Where a contract stands. {@code ratePerHour} is good units per planned hour over the last 7 days (since the
 * start if later); {@code requiredPerHour} is what the planned hours left before the due date need; either is
 * null where no planned hours define it. {@code projectedCompletion} is null when complete or when nothing
 * is being made.
 */
public record ContractStatus(long produced, double progress, Double ratePerHour, Double requiredPerHour,
                             Instant projectedCompletion, Status status) {

    public enum Status { COMPLETE, ON_TRACK, AT_RISK, LATE }
}
