package io.workshopmonitor.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.workshopmonitor.domain.SessionFigures;
import io.workshopmonitor.domain.WorkshopFigures;
import io.workshopmonitor.domain.WorkshopKey;
import io.workshopmonitor.domain.WorkshopLive;

import io.workshopmonitor.store.WriteBatch;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The contract's business metrics per workshop: units counted ({@code workshop_units_good_total},
 * {@code workshop_units_rejected_total}) and the live figures as gauges. Label values are configured
 * workshop identifiers only, so a device cannot add a time series. A figure that is not defined (nothing
 * made, no planned time) is reported as NaN, which Prometheus and Grafana show as no value.
 */
public final class BusinessMetrics {

    private final MeterRegistry registry;
    private final Supplier<Iterable<WorkshopLive>> workshops;
    private final Clock clock;
    private final Map<WorkshopKey, Meters> meters = new ConcurrentHashMap<>();

    public BusinessMetrics(MeterRegistry registry, Supplier<Iterable<WorkshopLive>> workshops, Clock clock) {
        this.registry = registry;
        this.workshops = workshops;
        this.clock = clock;
    }

    /** Units a committed batch added, summed per workshop before the counters are touched. */
    public void committed(List<Object> rows) {
        Map<WorkshopKey, long[]> added = new HashMap<>();
        for (Object row : rows) {
            if (row instanceof WriteBatch.CounterRow counter
                    && (counter.update().goodDelta() != 0 || counter.update().rejectDelta() != 0)) {
                long[] units = added.computeIfAbsent(counter.reading().station().workshop(), k -> new long[2]);
                units[0] += counter.update().goodDelta();
                units[1] += counter.update().rejectDelta();
            }
        }
        added.forEach((workshop, units) -> {
            Meters m = meters.computeIfAbsent(workshop, this::register);
            m.good.increment(units[0]);
            m.rejected.increment(units[1]);
        });
    }

    /** Recomputes every workshop's figures for the gauges; run every few seconds, not per scrape. */
    public void refresh() {
        for (WorkshopLive live : workshops.get()) {
            Meters m = meters.computeIfAbsent(live.key(), this::register);
            WorkshopFigures figures = live.figures(clock.instant());
            SessionFigures session = figures.session();
            m.throughput = figures.window().throughputPerHour();
            m.quality = value(figures.window().quality());
            m.availability = session == null ? Double.NaN : value(session.availability());
            m.performance = session == null ? Double.NaN : value(session.performance());
            m.oee = session == null ? Double.NaN : value(session.oee());
            m.attendance = figures.attendance() == null ? Double.NaN : figures.attendance();
        }
    }

    private static double value(Double ratio) {
        return ratio == null ? Double.NaN : ratio;
    }

    private Meters register(WorkshopKey key) {
        Tags tags = Tags.of("prison", key.prison(), "workshop", key.workshop());
        Meters m = new Meters(
                Counter.builder("workshop_units_good").description("Good units counted").tags(tags).register(registry),
                Counter.builder("workshop_units_rejected").description("Rejected units counted").tags(tags).register(registry));
        gauge("workshop_throughput_units_per_hour", "Good units in the window, per hour", tags, m, x -> x.throughput);
        gauge("workshop_quality_ratio", "Good / (good + reject) over the window", tags, m, x -> x.quality);
        gauge("workshop_availability_ratio", "Running / planned time, current session so far", tags, m, x -> x.availability);
        gauge("workshop_performance_ratio", "Ideal / running time, current session so far", tags, m, x -> x.performance);
        gauge("workshop_oee_ratio", "Availability x performance x quality, current session so far", tags, m, x -> x.oee);
        gauge("workshop_attendance", "Headcount in the workshop now", tags, m, x -> x.attendance);
        return m;
    }

    private void gauge(String name, String description, Tags tags, Meters m,
                       java.util.function.ToDoubleFunction<Meters> value) {
        Gauge.builder(name, m, value).description(description).tags(tags).strongReference(true).register(registry);
    }

    /** One workshop's meters and the gauge values the last refresh found. */
    private static final class Meters {
        final Counter good;
        final Counter rejected;
        volatile double throughput;
        volatile double quality = Double.NaN;
        volatile double availability = Double.NaN;
        volatile double performance = Double.NaN;
        volatile double oee = Double.NaN;
        volatile double attendance = Double.NaN;

        Meters(Counter good, Counter rejected) {
            this.good = good;
            this.rejected = rejected;
        }
    }
}
