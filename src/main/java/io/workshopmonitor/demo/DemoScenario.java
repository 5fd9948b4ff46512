package io.workshopmonitor.demo;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.workshopmonitor.demo.DemoStation.Episode;
import io.workshopmonitor.demo.DemoStation.Spec;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The demo's estate: three prisons, workshops of different kinds with AM and PM sessions, contracts and a
 * curtailed session, with today's scripted trouble placed so every alert kind shows within the morning:
 * a slow woodwork shop (behind, then missed target), a misfeeding press (low quality), a sewing machine
 * that breaks down (station down), a power cycle (counter reset) and a contract that cannot be met.
 */
final class DemoScenario {

    static final ZoneId ZONE = ZoneId.of("Europe/London");
    static final LocalTime AM_START = LocalTime.of(8, 30);
    static final LocalTime AM_END = LocalTime.of(11, 30);
    static final LocalTime PM_START = LocalTime.of(13, 30);
    static final LocalTime PM_END = LocalTime.of(16, 30);
    /** Friday afternoons are shorter: the regime's association and visits take the end of the week. */
    static final LocalTime FRIDAY_PM_END = LocalTime.of(15, 30);
    /** Share of the ideal output a session's target asks for. */
    private static final double TARGET_SHARE = 0.75;

    /** {@code manual}: benches without counters, whose units the instructor enters as tallies on the tablet. */
    record Workshop(String prison, String slug, String name, String kind, int crew, double qualityTarget,
                    List<Spec> stations, List<List<Episode>> episodes, boolean manual) {

        Workshop(String prison, String slug, String name, String kind, int crew, double qualityTarget,
                 List<Spec> stations, List<List<Episode>> episodes) {
            this(prison, slug, name, kind, crew, qualityTarget, stations, episodes, false);
        }

        String key() {
            return prison + "/" + slug;
        }

        long target() {
            double ideal = 0;
            for (Spec s : stations) {
                ideal += Duration.between(AM_START, AM_END).toSeconds() / s.idealCycleSeconds();
            }
            return Math.round(ideal * TARGET_SHARE / 10) * 10;
        }
    }

    record Contract(String id, String workshop, String customer, String product, long quantity, int startDaysAgo,
                    int dueInDays) {
    }

    static final List<Workshop> WORKSHOPS = List.of(
            new Workshop("MDI", "textiles-1", "Textiles 1", "textiles", 14, 0.95,
                    stations("sew", "Sewing machine", 6, 40, 0.88, 0.975, "PRISON-SHIRT-L"),
                    List.of(List.of(), List.of(), List.of(Episode.down(Duration.ofMinutes(20), Duration.ofMinutes(25), "EQUIPMENT_FAULT")),
                            List.of(), List.of(Episode.counterReset(Duration.ofMinutes(40))), List.of())),
            new Workshop("MDI", "print-2", "Print 2", "print", 6, 0.96,
                    stations("press", "Press", 2, 3, 0.9, 0.985, "GC-A6-XMAS"),
                    List.of(List.of(Episode.poorQuality(Duration.ofMinutes(8), Duration.ofMinutes(14), 0.78)), List.of())),
            new Workshop("LPI", "woodwork-1", "Woodwork", "woodwork", 8, 0.95,
                    stations("bench", "Bench", 3, 240, 0.5, 0.97, "GARDEN-BENCH"),
                    List.of(List.of(), List.of(), List.of()), true),
            new Workshop("LPI", "laundry-1", "Laundry", "laundry", 5, 0.9,
                    stations("washer", "Washer", 2, 90, 0.9, 0.99, "LAUNDRY-BAG"),
                    List.of(List.of(Episode.unexplainedIdle(Duration.ofMinutes(25), Duration.ofMinutes(6))), List.of())),
            new Workshop("BWI", "packing-3", "Contract packing 3", "contract-packing", 16, 0.95,
                    stations("line", "Packing line", 4, 5, 0.87, 0.98, "KIT-HYGIENE"),
                    List.of(List.of(), List.of(), List.of(), List.of())));

    static final List<Contract> CONTRACTS = List.of(
            new Contract("c-2026-0142", "MDI/print-2", "Acme Cards", "GC-A6-XMAS", 200_000, 6, 12),
            new Contract("c-2026-0099", "MDI/textiles-1", "HMPPS uniform supply", "PRISON-SHIRT-L", 40_000, 6, 20),
            new Contract("c-2026-0107", "LPI/woodwork-1", "Parks department", "GARDEN-BENCH", 2_000, 6, 3),
            new Contract("c-2026-0150", "BWI/packing-3", "Northern Health Trust", "KIT-HYGIENE", 150_000, 6, 10));

    /**
     * What each workshop's product costs and earns, and what the workshop costs to run: one product per workshop,
     * priced so the estate makes money overall while the print contract, cut price, loses it at its reject rate.
     */
    record Costs(String product, String productName, String materialCost, String standardMinutes, String transferPrice,
                 String instructorHours, String overheadPerHour) {
    }

    static final Map<String, Costs> COSTS = Map.of(
            "MDI/textiles-1", new Costs("PRISON-SHIRT-L", "Prison shirt, large", "2.10", "0.75", "3.20", "6", "35.00"),
            "MDI/print-2", new Costs("GC-A6-XMAS", "A6 Christmas card", "0.12", "0.05", "0.30", "3", "25.00"),
            "LPI/woodwork-1", new Costs("GARDEN-BENCH", "Garden bench", "38.00", "4", "90.00", "3", "20.00"),
            "LPI/laundry-1", new Costs("LAUNDRY-BAG", "Laundry bag washed", "0.40", "0.8", "1.10", "3", "30.00"),
            "BWI/packing-3", new Costs("KIT-HYGIENE", "Hygiene kit", "0.85", "0.04", "1.10", "6", "40.00"));
    static final String INSTRUCTOR_RATE = "28.40";

    /** Contract prices: Acme's cards at a cut price; the health trust's kits went up three days ago. */
    static JsonArray prices(Contract c, LocalDate today) {
        JsonArray prices = new JsonArray();
        LocalDate start = today.minusDays(c.startDaysAgo());
        switch (c.id()) {
            case "c-2026-0142" -> prices.add(price(start, "0.16"));
            case "c-2026-0107" -> prices.add(price(start, "95.00"));
            case "c-2026-0150" -> prices.add(price(start, "1.20")).add(price(today.minusDays(3), "1.25"));
            default -> { } // internal uniform supply: the shirt's transfer price
        }
        return prices;
    }

    private static JsonObject price(LocalDate from, String unitPrice) {
        return new JsonObject().put("from", from.toString()).put("unitPrice", unitPrice);
    }

    static JsonObject productBody(Costs costs) {
        return new JsonObject().put("name", costs.productName()).put("materialCost", costs.materialCost())
                .put("standardMinutes", costs.standardMinutes()).put("transferPrice", costs.transferPrice());
    }

    static JsonObject costingBody(Workshop w, Costs costs) {
        return new JsonObject().put("instructorHoursPerSession", costs.instructorHours())
                .put("instructorHourlyRate", INSTRUCTOR_RATE).put("overheadPerPlannedHour", costs.overheadPerHour())
                .put("allocatedPlaces", w.crew() + 2);
    }

    /** A month's budget: the session target on 40 sessions, at the transfer price, costed at three quarters of it. */
    static JsonObject budgetBody(Workshop w, Costs costs) {
        long units = w.target() * 40;
        java.math.BigDecimal value = new java.math.BigDecimal(costs.transferPrice()).multiply(java.math.BigDecimal.valueOf(units));
        return new JsonObject().put("plannedGoodUnits", units)
                .put("plannedCost", value.multiply(new java.math.BigDecimal("0.75")).setScale(2, java.math.RoundingMode.HALF_EVEN).toPlainString())
                .put("plannedValue", value.setScale(2, java.math.RoundingMode.HALF_EVEN).toPlainString());
    }

    /** Berwyn's afternoon is curtailed today: the regime needs the staff elsewhere. */
    static final String CURTAILED = "BWI/packing-3";
    static final LocalTime CURTAILED_FROM = PM_START;
    static final LocalTime CURTAILED_TO = LocalTime.of(15, 0);

    private DemoScenario() {
    }

    private static List<Spec> stations(String prefix, String name, int count, double cycle, double performance,
                                       double quality, String product) {
        List<Spec> specs = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            // each machine a little different, as real ones are
            double p = Math.min(0.97, performance * (0.94 + 0.03 * (i % 4)));
            specs.add(new Spec(String.format("%s-%02d", prefix, i), name + " " + i, cycle, p, quality, product));
        }
        return specs;
    }

    /** Workshops work weekdays only. */
    static boolean workingDay(LocalDate date) {
        return date.getDayOfWeek() != DayOfWeek.SATURDAY && date.getDayOfWeek() != DayOfWeek.SUNDAY;
    }

    /** The demo's day: today on a weekday, else the Friday before, so a demo always has a working day to show. */
    static LocalDate demoDay(LocalDate today) {
        LocalDate day = today;
        while (!workingDay(day)) {
            day = day.minusDays(1);
        }
        return day;
    }

    static LocalTime pmEnd(LocalDate date) {
        return date.getDayOfWeek() == DayOfWeek.FRIDAY ? FRIDAY_PM_END : PM_END;
    }

    /** The session {@code at} falls in, if any. */
    static Optional<Instant> sessionStart(Instant at) {
        ZonedDateTime local = at.atZone(ZONE);
        if (!workingDay(local.toLocalDate())) {
            return Optional.empty();
        }
        LocalTime time = local.toLocalTime();
        if (!time.isBefore(AM_START) && time.isBefore(AM_END)) {
            return Optional.of(local.with(AM_START).toInstant());
        }
        if (!time.isBefore(PM_START) && time.isBefore(pmEnd(local.toLocalDate()))) {
            return Optional.of(local.with(PM_START).toInstant());
        }
        return Optional.empty();
    }

    /** The end of the session that ended last on {@code at}'s day, before {@code at}; empty before the first. */
    static Optional<Instant> lastSessionEnd(Instant at) {
        ZonedDateTime local = at.atZone(ZONE);
        LocalDate date = local.toLocalDate();
        if (!workingDay(date)) {
            return Optional.empty();
        }
        LocalTime time = local.toLocalTime();
        if (!time.isBefore(pmEnd(date))) {
            return Optional.of(date.atTime(pmEnd(date)).atZone(ZONE).toInstant());
        }
        if (!time.isBefore(AM_END)) {
            return Optional.of(date.atTime(AM_END).atZone(ZONE).toInstant());
        }
        return Optional.empty();
    }

    static boolean curtailed(Workshop workshop, Instant at, LocalDate today) {
        ZonedDateTime local = at.atZone(ZONE);
        return workshop.key().equals(CURTAILED) && local.toLocalDate().equals(today)
                && !local.toLocalTime().isBefore(CURTAILED_FROM) && local.toLocalTime().isBefore(CURTAILED_TO);
    }

    static JsonObject workshopBody(Workshop w) {
        JsonArray stations = new JsonArray();
        w.stations().forEach(s -> stations.add(new JsonObject().put("id", s.id()).put("name", s.name())
                .put("idealCycleSeconds", s.idealCycleSeconds()).put("manual", w.manual())));
        JsonArray weekdays = new JsonArray().add("MON").add("TUE").add("WED").add("THU").add("FRI");
        JsonArray toThursday = new JsonArray().add("MON").add("TUE").add("WED").add("THU");
        return new JsonObject().put("name", w.name()).put("kind", w.kind()).put("stations", stations)
                .put("schedule", new JsonObject().put("timezone", ZONE.getId()).put("sessions", new JsonArray()
                        .add(new JsonObject().put("days", weekdays).put("start", AM_START.toString()).put("end", AM_END.toString()))
                        .add(new JsonObject().put("days", toThursday).put("start", PM_START.toString()).put("end", PM_END.toString()))
                        .add(new JsonObject().put("days", new JsonArray().add("FRI")).put("start", PM_START.toString())
                                .put("end", FRIDAY_PM_END.toString()))))
                .put("target", new JsonObject().put("unitsPerSession", w.target()).put("tolerance", 0.1))
                .put("qualityTarget", w.qualityTarget());
    }

    static JsonObject contractBody(Contract c, LocalDate today) {
        return new JsonObject().put("workshop", c.workshop()).put("customer", c.customer()).put("product", c.product())
                .put("quantity", c.quantity()).put("start", today.minusDays(c.startDaysAgo()).toString())
                .put("due", today.plusDays(c.dueInDays()).toString())
                .put("kind", c.customer().startsWith("HMPPS") ? "INTERNAL" : "EXTERNAL").put("prices", prices(c, today));
    }

    static JsonObject closureBody(LocalDate today) {
        return new JsonObject()
                .put("from", today.atTime(CURTAILED_FROM).atZone(ZONE).toOffsetDateTime().toString())
                .put("to", today.atTime(CURTAILED_TO).atZone(ZONE).toOffsetDateTime().toString())
                .put("reason", "REGIME_CURTAILMENT");
    }
}
