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
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
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

    private final MeterRegistry registry;
    private final FiguresView view;
    private final LossReader reader;
    private final Clock clock;
    private final Map<WorkshopKey, double[]> values = new ConcurrentHashMap<>();

    public LossMetrics(MeterRegistry registry, FiguresView view, LossReader reader, Clock clock) {
        this.registry = registry;
        this.view = view;
        this.reader = reader;
        this.clock = clock;
    }

    public Future<Void> refresh() {
        Instant now = clock.instant();
        Set<WorkshopKey> owned = new HashSet<>();
        List<Future<?>> done = new ArrayList<>();
        for (FiguresView.Snapshot snapshot : view.owned()) {
            Workshop workshop = snapshot.owned().orElseThrow();
            owned.add(workshop.key());
            LocalDate today = now.atZone(workshop.schedule().timezone()).toLocalDate();
            Interval day = new Interval(today.atStartOfDay(workshop.schedule().timezone()).toInstant(), now);
            done.add(reader.analyse(workshop, day, now).onSuccess(result -> set(workshop.key(), result.total())));
        }
        OwnedSeries.forgetAllBut(registry, values, owned, name -> name.startsWith("workshop_") && name.endsWith("_minutes"));
        return Future.join(done).mapEmpty();
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
