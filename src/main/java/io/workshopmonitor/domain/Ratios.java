package io.workshopmonitor.domain;

/** The contract's ratios: numbers from 0 to 1, or null where nothing defines them; never NaN. */
public final class Ratios {
    private Ratios() {
    }

    public static Double quality(long good, long reject) {
        return good + reject == 0 ? null : (double) good / (good + reject);
    }

    public static Double ratio(double numerator, double denominator) {
        return denominator <= 0 ? null : Math.min(1.0, Math.max(0.0, numerator / denominator));
    }

    /** Availability × performance × quality, null when any part is. */
    public static Double product(Double a, Double p, Double q) {
        return a == null || p == null || q == null ? null : a * p * q;
    }
}
