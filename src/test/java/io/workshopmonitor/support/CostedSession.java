package io.workshopmonitor.support;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.eclipse.paho.client.mqttv3.MqttClient;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The costed session the report tests share, with its money worked out by hand: MDI/textiles-9, a manual bench,
 * a two-hour session that ended ten minutes ago in a zone that puts now in the early afternoon (so the session
 * lies inside one local day whenever the test runs). Product TOTE-1 (material 1.50, 6 standard minutes,
 * transfer 4.00); instructors 2 h × 30.00 a session, overhead 10.00 a planned hour, 10 places; contract c-totes
 * at 5.00 from ten days ago and 6.00 from today; a month's budget of 1000 units, 2000.00 cost, 5000.00 value.
 * Recorded: tallies of 100 good and 10 rejected TOTE-1 and 50 good of an uncatalogued product; headcounts of 8
 * from the start and 6 from the second hour. The session then costs 245.00 and earns 600.00.
 */
public final class CostedSession {

    public final ZoneId zone;
    public final Instant start;
    public final Instant end;
    public final LocalDate today;

    /** @param zone in which {@code now} is early afternoon: see {@link #afternoonOffset(Instant)} */
    public CostedSession(ZoneId zone, Instant now) {
        this.zone = zone;
        this.end = now.truncatedTo(ChronoUnit.MINUTES).minus(10, ChronoUnit.MINUTES);
        this.start = end.minus(2, ChronoUnit.HOURS);
        this.today = LocalDate.ofInstant(now, zone);
    }

    /** Whole hours east of UTC that put {@code now} between 14:00 and 15:00. */
    public static int afternoonOffset(Instant now) {
        return 14 - now.atZone(ZoneOffset.UTC).getHour();
    }

    public JsonObject workshop(String name) {
        DateTimeFormatter hhmm = DateTimeFormatter.ofPattern("HH:mm").withZone(zone);
        return new JsonObject().put("name", name).put("kind", "textiles")
                .put("stations", new JsonArray().add(new JsonObject().put("id", "bench-1").put("name", "Bench 1")
                        .put("idealCycleSeconds", 30).put("manual", true)))
                .put("schedule", new JsonObject().put("timezone", zone.getId()).put("sessions", new JsonArray()
                        .add(new JsonObject().put("days", new JsonArray(List.of("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN")))
                                .put("start", hhmm.format(start)).put("end", hhmm.format(end)))))
                .put("target", new JsonObject().put("unitsPerSession", 200).put("tolerance", 0.1))
                .put("qualityTarget", 0.95);
    }

    public String month() {
        return today.toString().substring(0, 7);
    }

    /** The workshop, its product, costing, contract and budget, as a manager would set them. */
    public void configure(Http admin) {
        assertThat(admin.put("/api/v1/workshops/MDI/textiles-9", workshop("Textiles 9").encode()).status()).isEqualTo(201);
        assertThat(admin.put("/api/v1/prisons/MDI/products/TOTE-1", new JsonObject().put("name", "Tote bag")
                .put("materialCost", "1.50").put("standardMinutes", "6").put("transferPrice", "4.00").encode()).status())
                .isEqualTo(201);
        assertThat(admin.put("/api/v1/workshops/MDI/textiles-9/costing", new JsonObject()
                .put("instructorHoursPerSession", "2").put("instructorHourlyRate", "30.00")
                .put("overheadPerPlannedHour", 10).put("allocatedPlaces", 10).encode()).status()).isEqualTo(200);
        assertThat(admin.put("/api/v1/contracts/c-totes", new JsonObject().put("workshop", "MDI/textiles-9")
                .put("customer", "Outside Ltd").put("product", "TOTE-1").put("quantity", 1000)
                .put("start", today.minusDays(10).toString()).put("due", today.plusDays(30).toString())
                .put("kind", "EXTERNAL").put("prices", new JsonArray()
                        .add(new JsonObject().put("from", today.minusDays(10).toString()).put("unitPrice", "5.00"))
                        .add(new JsonObject().put("from", today.toString()).put("unitPrice", "6.00")))
                .encode()).status()).isEqualTo(201);
        assertThat(admin.put("/api/v1/workshops/MDI/textiles-9/budgets/" + month(), new JsonObject()
                .put("plannedGoodUnits", 1000).put("plannedCost", "2000.00").put("plannedValue", "5000.00").encode()).status())
                .isEqualTo(201);
    }

    /** The tallies over the API and the headcounts over MQTT; {@code more} is published with them, topic then payload. */
    public void record(Http admin, String mqttUri, String... more) {
        String bench = "/api/v1/workshops/MDI/textiles-9/stations/bench-1/tallies";
        assertThat(admin.post(bench, tally(start.plus(5, ChronoUnit.MINUTES), start.plus(60, ChronoUnit.MINUTES),
                100, 10, "TOTE-1")).status()).isEqualTo(201);
        assertThat(admin.post(bench, tally(start.plus(61, ChronoUnit.MINUTES), end.minus(1, ChronoUnit.MINUTES),
                50, 0, "MYSTERY-9")).status()).isEqualTo(201);
        MqttClient tablet = Devices.connect(mqttUri, "textiles-9-tablet");
        try {
            Devices.publish(tablet, "industries/MDI/textiles-9/attendance", headcount(start, 8), 1);
            Devices.publish(tablet, "industries/MDI/textiles-9/attendance", headcount(start.plus(60, ChronoUnit.MINUTES), 6), 1);
            for (int i = 0; i + 1 < more.length; i += 2) {
                Devices.publish(tablet, more[i], more[i + 1], 1);
            }
        } finally {
            Devices.closeQuietly(tablet);
        }
    }

    public static String tally(Instant from, Instant to, long good, long reject, String product) {
        return new JsonObject().put("from", from.toString()).put("to", to.toString()).put("good", good)
                .put("reject", reject).put("product", product).encode();
    }

    public static String headcount(Instant ts, int present) {
        return new JsonObject().put("ts", ts.toString()).put("present", present).encode();
    }
}
