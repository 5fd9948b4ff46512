package io.workshopmonitor.domain;

/** Output over the last {@code minutes}: throughput is always defined, quality is null when nothing was made. */
public record WindowFigures(int minutes, long good, long reject, double throughputPerHour, Double quality) {

    public static WindowFigures of(int minutes, long good, long reject) {
        return new WindowFigures(minutes, good, reject, minutes == 0 ? 0 : good * 60.0 / minutes, Ratios.quality(good, reject));
    }
}
