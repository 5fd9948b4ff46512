package io.workshopmonitor.cluster;

import io.vertx.core.json.JsonObject;
import io.workshopmonitor.domain.Accepted;
import io.workshopmonitor.domain.AttendanceReading;
import io.workshopmonitor.domain.CounterReading;
import io.workshopmonitor.domain.MachineState;
import io.workshopmonitor.domain.StateReading;
import io.workshopmonitor.domain.TallyReading;
import io.workshopmonitor.domain.StateReason;
import io.workshopmonitor.domain.StationKey;
import io.workshopmonitor.domain.Telemetry;
import io.workshopmonitor.domain.WorkshopKey;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * An accepted reading as a record of the readings topic: compact JSON, with the id the front door gave it, so
 * the owner stores it under that id however often Kafka delivers it.
 */
public final class AcceptedCodec {

    private AcceptedCodec() {
    }

    public static byte[] encode(Accepted accepted) {
        Telemetry reading = accepted.reading();
        JsonObject json = new JsonObject()
                .put("id", accepted.id().toString())
                .put("workshop", reading.workshop().toString())
                .put("ts", reading.ts().toString())
                .put("receivedAt", accepted.receivedAt().toString());
        accepted.newStation().ifPresent(station -> json.put("newStation", true));
        if (reading instanceof CounterReading counter) {
            json.put("kind", "counter").put("station", counter.station().station())
                    .put("good", counter.good()).put("reject", counter.reject());
            counter.seq().ifPresent(seq -> json.put("seq", seq));
            counter.product().ifPresent(product -> json.put("product", product));
        } else if (reading instanceof TallyReading tally) {
            json.put("kind", "tally").put("station", tally.station().station()).put("from", tally.from().toString())
                    .put("good", tally.good()).put("reject", tally.reject());
            tally.product().ifPresent(product -> json.put("product", product));
        } else if (reading instanceof StateReading state) {
            json.put("kind", "state").put("station", state.station().station()).put("state", state.state().name());
            state.reason().ifPresent(reason -> json.put("reason", reason.name()));
        } else if (reading instanceof AttendanceReading headcount) {
            json.put("kind", "attendance").put("present", headcount.present());
        }
        return json.encode().getBytes(StandardCharsets.UTF_8);
    }

    /** @throws IllegalArgumentException for a record no instance of ours wrote */
    public static Accepted decode(byte[] value) {
        try {
            JsonObject json = new JsonObject(new String(value, StandardCharsets.UTF_8));
            WorkshopKey workshop = WorkshopKey.parse(json.getString("workshop"))
                    .orElseThrow(() -> new IllegalArgumentException("no workshop"));
            Instant ts = Instant.parse(json.getString("ts"));
            Telemetry reading = switch (json.getString("kind", "")) {
                case "counter" -> new CounterReading(workshop.station(json.getString("station")), ts,
                        json.containsKey("seq") ? OptionalLong.of(json.getLong("seq")) : OptionalLong.empty(),
                        json.getLong("good"), json.getLong("reject"), Optional.ofNullable(json.getString("product")));
                case "state" -> new StateReading(workshop.station(json.getString("station")), ts,
                        MachineState.valueOf(json.getString("state")),
                        Optional.ofNullable(json.getString("reason")).map(StateReason::valueOf));
                case "attendance" -> new AttendanceReading(workshop, ts, json.getInteger("present"));
                case "tally" -> new TallyReading(workshop.station(json.getString("station")), Instant.parse(json.getString("from")),
                        ts, json.getLong("good"), json.getLong("reject"), Optional.ofNullable(json.getString("product")));
                default -> throw new IllegalArgumentException("unknown kind " + json.getString("kind"));
            };
            Optional<StationKey> newStation = json.getBoolean("newStation", false) && !(reading instanceof AttendanceReading)
                    ? Optional.of(workshop.station(json.getString("station"))) : Optional.empty();
            return new Accepted(UUID.fromString(json.getString("id")), reading, Instant.parse(json.getString("receivedAt")),
                    newStation);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a reading record: " + e.getMessage(), e);
        }
    }
}
