package io.workshopmonitor.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.workshopmonitor.domain.AlertKind;
import io.workshopmonitor.domain.Contract;
import io.workshopmonitor.domain.SessionFigures;
import io.workshopmonitor.domain.StationKey;
import io.workshopmonitor.domain.WorkshopFigures;
import io.workshopmonitor.domain.WorkshopKey;
import io.workshopmonitor.domain.Applied;
import io.workshopmonitor.live.FiguresView;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The contract's business metrics: units counted per station ({@code workshop_units_good_total},
 * {@code workshop_units_rejected_total}) and each workshop's live figures as gauges. Label values are configured
 * workshop identifiers only, so a device cannot add a time series. A figure that is not defined (nothing
 * made, no planned time) is reported as NaN, which Prometheus and Grafana show as no value. In a cluster each
 * workshop's series are exported by its owner only (an instance drops them when the workshop moves on), so sums
 * over instances in Grafana count every workshop once.
 */
public final class BusinessMetrics {

    private final MeterRegistry registry;
    private final FiguresView view;
    private final Map<WorkshopKey, Meters> meters = new ConcurrentHashMap<>();
    private final Map<StationKey, StationCounters> stations = new ConcurrentHashMap<>();
    private final Map<String, AtomicReference<Double>> contracts = new ConcurrentHashMap<>();
    private final Supplier<Map<WorkshopKey, int[]>> openAlerts;
    private static final int[] NO_ALERTS = new int[AlertKind.values().length];

    /**
     * @param openAlerts per workshop, alerts not yet resolved indexed by {@link AlertKind#ordinal()}
     */
    public BusinessMetrics(MeterRegistry registry, FiguresView view, Supplier<Map<WorkshopKey, int[]>> openAlerts) {
        this.registry = registry;
        this.view = view;
        this.openAlerts = openAlerts;
    }

    /** A contract's progress (produced / quantity, capped at 1), as its last evaluation found it. */
    public void contract(Contract contract, double progress) {
        // ids are per prison
        contracts.computeIfAbsent(contract.workshop().prison() + "/" + contract.id(), key -> {
            AtomicReference<Double> value = new AtomicReference<>(Double.NaN);
            Gauge.builder("contract_progress_ratio", value, AtomicReference::get)
                    .description("Units of the contract's product made since its start, over its quantity")
                    .tags("prison", contract.workshop().prison(), "workshop", contract.workshop().workshop(),
                            "contract", contract.id())
                    .strongReference(true).register(registry);
            return value;
        }).set(progress);
    }

    /** Units a committed batch added, summed per station before the counters are touched. */
    public void committed(List<Applied> applied) {
        Map<StationKey, long[]> added = new HashMap<>();
        for (Applied a : applied) {
            if (a instanceof Applied.Units counted) {
                long[] units = added.computeIfAbsent(counted.station(), k -> new long[2]);
                units[0] += counted.good();
                units[1] += counted.reject();
            }
        }
        added.forEach((station, units) -> {
            StationCounters c = stations.computeIfAbsent(station, this::register);
            c.good.increment(units[0]);
            c.rejected.increment(units[1]);
        });
    }

    /** Takes each owned workshop's newest figures for the gauges; run every few seconds, not per scrape. */
    public void refresh() {
        Map<WorkshopKey, int[]> alerts = openAlerts.get();
        java.util.Set<WorkshopKey> owned = new java.util.HashSet<>();
        for (FiguresView.Snapshot live : view.owned()) {
            owned.add(live.key());
            Meters m = meters.computeIfAbsent(live.key(), this::register);
            WorkshopFigures figures = live.figures();
            SessionFigures session = figures.session();
            m.throughput = figures.window().throughputPerHour();
            m.quality = value(figures.window().quality());
            m.availability = session == null ? Double.NaN : value(session.availability());
            m.performance = session == null ? Double.NaN : value(session.performance());
            m.oee = session == null ? Double.NaN : value(session.oee());
            m.attendance = figures.attendance() == null ? Double.NaN : figures.attendance();
            m.elements = figures.elements();
            m.sessionGood = session == null ? 0 : session.good();
            m.sessionReject = session == null ? 0 : session.reject();
            m.alerts = alerts.getOrDefault(live.key(), NO_ALERTS);
        }
        meters.keySet().removeIf(key -> {
            if (owned.contains(key)) {
                return false;
            }
            unregister(key);
            return true;
        });
    }

    /** A workshop another instance owns now: its series go from here, and its station counters with them. */
    private void unregister(WorkshopKey key) {
        registry.getMeters().stream()
                .filter(meter -> meter.getId().getName().startsWith("workshop_")
                        && key.prison().equals(meter.getId().getTag("prison"))
                        && key.workshop().equals(meter.getId().getTag("workshop")))
                .toList()
                .forEach(registry::remove);
        stations.keySet().removeIf(station -> station.workshop().equals(key));
    }

    private static double value(Double ratio) {
        return ratio == null ? Double.NaN : ratio;
    }

    /**
     * Station ids here are only those ingest accepted: configured, or auto-registered within
     * {@code ingest.maxStationsPerWorkshop}, so a device inventing names cannot add series without bound.
     */
    private StationCounters register(StationKey key) {
        Tags tags = Tags.of("prison", key.workshop().prison(), "workshop", key.workshop().workshop(), "station", key.station());
        return new StationCounters(
                Counter.builder("workshop_units_good").description("Good units counted").tags(tags).register(registry),
                Counter.builder("workshop_units_rejected").description("Rejected units counted").tags(tags).register(registry));
    }

    private record StationCounters(Counter good, Counter rejected) {
    }

    private Meters register(WorkshopKey key) {
        Tags tags = Tags.of("prison", key.prison(), "workshop", key.workshop());
        Meters m = new Meters();
        gauge("workshop_throughput_units_per_hour", "Good units in the window, per hour", tags, m, x -> x.throughput);
        gauge("workshop_quality_ratio", "Good / (good + reject) over the window", tags, m, x -> x.quality);
        gauge("workshop_availability_ratio", "Running / planned time, current session so far", tags, m, x -> x.availability);
        gauge("workshop_performance_ratio", "Ideal / running time, current session so far", tags, m, x -> x.performance);
        gauge("workshop_oee_ratio", "Availability x performance x quality, current session so far", tags, m, x -> x.oee);
        gauge("workshop_attendance", "Headcount in the workshop now", tags, m, x -> x.attendance);
        // the session's sums behind its ratios: a prison's or the estate's OEE is divided from their sums, never
        // averaged from workshops' ratios (a small workshop would weigh as much as a big one)
        gauge("workshop_session_planned_seconds", "Planned station-seconds so far this session, stations that report state",
                tags, m, x -> x.elements.plannedSeconds());
        gauge("workshop_session_running_seconds", "Running station-seconds so far this session", tags, m,
                x -> x.elements.runningSeconds());
        gauge("workshop_session_ideal_seconds", "Ideal cycle x units this session, stations with an ideal cycle", tags, m,
                x -> x.elements.idealSeconds());
        gauge("workshop_session_performance_running_seconds", "Running station-seconds this session of the stations"
                + " with an ideal cycle: what performance divides by", tags, m, x -> x.elements.performanceRunningSeconds());
        gauge("workshop_session_good_units", "Good units this session", tags, m, x -> x.sessionGood);
        gauge("workshop_session_rejected_units", "Rejected units this session", tags, m, x -> x.sessionReject);
        for (AlertKind kind : AlertKind.values()) {
            gauge("workshop_alerts_open", "Alerts not yet resolved (open or acknowledged)", tags.and("kind", kind.name()), m,
                    x -> x.alerts[kind.ordinal()]);
        }
        return m;
    }

    private void gauge(String name, String description, Tags tags, Meters m,
                       java.util.function.ToDoubleFunction<Meters> value) {
        Gauge.builder(name, m, value).description(description).tags(tags).strongReference(true).register(registry);
    }

    /** The gauge values the last refresh found for one workshop. */
    private static final class Meters {
        volatile double throughput;
        volatile double quality = Double.NaN;
        volatile double availability = Double.NaN;
        volatile double performance = Double.NaN;
        volatile double oee = Double.NaN;
        volatile double attendance = Double.NaN;
        volatile int[] alerts = NO_ALERTS;
        volatile io.workshopmonitor.domain.OeeElements elements = io.workshopmonitor.domain.OeeElements.NONE;
        volatile double sessionGood;
        volatile double sessionReject;
    }
}
