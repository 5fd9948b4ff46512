package io.workshopmonitor.domain;

/**
 * The sums a workshop's session OEE is divided from: availability is running / planned, performance is ideal /
 * (running of the stations with an ideal cycle), quality is good / (good + reject). Exported as they are, so a
 * prison's or the estate's OEE is built from its workshops' sums, never an average of their ratios.
 */
public record OeeElements(double plannedSeconds, double runningSeconds, double idealSeconds,
                          double performanceRunningSeconds) {

    public static final OeeElements NONE = new OeeElements(0, 0, 0, 0);
}
