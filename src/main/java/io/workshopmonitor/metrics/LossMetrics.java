package io.workshopmonitor.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.vertx.core.Future;
import io.workshopmonitor.domain.Interval;
import io.workshopmonitor.domain.LossBreakdown;
import io.workshopmonitor.domain.LossCategory;
import io.workshopmonitor.domain.Workshop;
import io.workshopmonitor.domain.WorkshopKey;
import io.workshopmonitor.live.FiguresView;
import io.workshopmonitor.store.LossReader;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where each owned workshop's time went today (its own local day, so far), as gauges: scheduled and planned
 * minutes, and minutes lost by category ({@code workshop_lost_minutes{category}}: the loss categories, then
 * {@code speed} and {@code quality} for running time that made less than it could, or made rejects). From the
 * same analysis as the API's losses, refreshed every 15 seconds rather than per scrape: it reads the store.
 * <p>
 * The day's units are not summed afresh each time: at thousands of readings a second, summing the whole day's
 * readings of every workshop every 15 seconds grew into the largest load on PostgreSQL by mid-morning (it took
 * the ingest tail with it). Each refresh adds only the readings since the last one, and the gauges stand
 * {@link #SETTLE} behind now so that readings still on their way are not skipped. The day is summed whole again
 * every {@link #RESUM_EVERY}, which counts a reading that arrived late (a device that was offline) within that time.
 * Workshops are refreshed one after another, so PostgreSQL gives this at most one backend at a time.
 */
public final class LossMetrics {

    /** The {@code category} label's values, in a fixed order so Grafana's colours stay put. */
    static final List<String> CATEGORIES;

    static {
        List<String> categories = new ArrayList<>();
        for (LossCategory category : LossCategory.values()) {
            categories.add(category.name().toLowerCase(Locale.ROOT));
        }
        categories.add("speed");
        categories.add("quality");
        CATEGORIES = List.copyOf(categories);
    }

    /** How far behind now the gauges stand: a reading is committed within a second or two of being made. */
    static final Duration SETTLE = Duration.ofSeconds(30);
    /** How often the day's readings are summed whole again, to count those that arrived late. */
    static final Duration RESUM_EVERY = Duration.ofMinutes(10);

    private final MeterRegistry registry;
    private final FiguresView view;
    private final LossReader reader;
    private final Clock clock;
    private final Map<WorkshopKey, double[]> values = new ConcurrentHashMap<>();
    private final Map<WorkshopKey, DayUnits> days = new ConcurrentHashMap<>();
    private boolean refreshing;

    /** Units each station made from the start of a workshop's day up to {@code until}, and when they were last summed whole. */
    record DayUnits(Instant dayStart, Instant until, Map<String, long[]> units, Instant summedWhole) {

        /** Arrays are never changed once summed: a merge makes a new one. */
        DayUnits plus(Map<String, long[]> more, Instant to) {
            Map<String, long[]> sum = new HashMap<>(units);
            more.forEach((station, made) -> sum.merge(station, made, (a, b) -> new long[]{a[0] + b[0], a[1] + b[1]}));
            return new DayUnits(dayStart, to, Map.copyOf(sum), summedWhole);
        }
    }

    public LossMetrics(MeterRegistry registry, FiguresView view, LossReader reader, Clock clock) {
        this.registry = registry;
        this.view = view;
        this.reader = reader;
        this.clock = clock;
    }

    /** A refresh still running when the next is due makes that one a no-op: the gauges then move less often. */
    public Future<Void> refresh() {
        if (refreshing) {
            return Future.succeededFuture();
        }
        refreshing = true;
        Instant at = clock.instant().minus(SETTLE);
        Set<WorkshopKey> owned = new HashSet<>();
        Future<Void> chain = Future.succeededFuture();
        List<Throwable> failures = new ArrayList<>();
        for (FiguresView.Snapshot snapshot : view.owned()) {
            Workshop workshop = snapshot.owned().orElseThrow();
            owned.add(workshop.key());
            // one workshop's failure leaves its gauges as they were and the next ones still refresh
            chain = chain.compose(ignored -> refresh(workshop, at).otherwise(e -> {
                failures.add(e);
                return null;
            }));
        }
        days.keySet().retainAll(owned);
        OwnedSeries.forgetAllBut(registry, values, owned, name -> name.startsWith("workshop_") && name.endsWith("_minutes"));
        return chain.eventually(() -> {
            refreshing = false;
            return Future.succeededFuture();
        }).compose(ignored -> failures.isEmpty() ? Future.succeededFuture() : Future.failedFuture(failures.get(0)));
    }

    private Future<Void> refresh(Workshop workshop, Instant at) {
        WorkshopKey key = workshop.key();
        ZoneId zone = workshop.schedule().timezone();
        Instant dayStart = at.atZone(zone).toLocalDate().atStartOfDay(zone).toInstant();
        DayUnits known = days.get(key);
        Future<DayUnits> summed;
        if (known == null || !known.dayStart().equals(dayStart) || at.isBefore(known.until())
                || !at.isBefore(known.summedWhole().plus(RESUM_EVERY))) {
            summed = reader.unitsBetween(key, dayStart, at).map(units -> new DayUnits(dayStart, at, Map.copyOf(units), at));
        } else {
            summed = reader.unitsBetween(key, known.until(), at).map(more -> known.plus(more, at));
        }
        return summed
                .compose(day -> {
                    days.put(key, day);
                    return reader.analyse(workshop, new Interval(dayStart, at), at, day.units());
                })
                .onSuccess(result -> set(key, result.total()))
                .mapEmpty();
    }

    private void set(WorkshopKey key, LossBreakdown b) {
        double[] minutes = values.computeIfAbsent(key, k -> new double[CATEGORIES.size() + 2]);
        Map<LossCategory, LossBreakdown.Lost> byCategory = b.byCategory();
        for (LossCategory category : LossCategory.values()) {
            minutes[category.ordinal()] = minutes(byCategory.getOrDefault(category, LossBreakdown.Lost.NONE).millis());
        }
        minutes[CATEGORIES.indexOf("speed")] = minutes(b.speedLoss());
        minutes[CATEGORIES.indexOf("quality")] = minutes(b.rejectLoss());
        minutes[CATEGORIES.size()] = minutes(b.scheduled());
        minutes[CATEGORIES.size() + 1] = minutes(b.planned());
        register(key, minutes);
    }

    /** Idempotent, and again after another owner had the workshop and its series were dropped. */
    private void register(WorkshopKey key, double[] minutes) {
        Tags tags = Tags.of("prison", key.prison(), "workshop", key.workshop());
        for (int i = 0; i < CATEGORIES.size(); i++) {
            int at = i;
            Gauge.builder("workshop_lost_minutes", minutes, m -> m[at])
                    .description("Station-minutes lost today so far, by category (closures and stops by reason, speed, rejects)")
                    .tags(tags.and("category", CATEGORIES.get(i))).strongReference(true).register(registry);
        }
        Gauge.builder("workshop_scheduled_minutes", minutes, m -> m[CATEGORIES.size()])
                .description("Station-minutes of scheduled sessions today so far").tags(tags).strongReference(true).register(registry);
        Gauge.builder("workshop_planned_minutes", minutes, m -> m[CATEGORIES.size() + 1])
                .description("Station-minutes of planned time today so far: scheduled less closures").tags(tags)
                .strongReference(true).register(registry);
    }

    private static double minutes(long millis) {
        return millis / 60_000.0;
    }
}
