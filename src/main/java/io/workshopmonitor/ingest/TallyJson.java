package io.workshopmonitor.ingest;

import io.vertx.core.json.JsonObject;
import io.workshopmonitor.domain.StationKey;
import io.workshopmonitor.domain.TallyReading;
import io.workshopmonitor.domain.WorkshopKey;

import java.time.Instant;
import java.util.Optional;

/** A tally on its way from the API to the front door, over the local event bus. */
public final class TallyJson {

    private TallyJson() {
    }

    public static JsonObject encode(TallyReading tally) {
        return new JsonObject().put("workshop", tally.workshop().toString()).put("station", tally.station().station())
                .put("from", tally.from().toString()).put("to", tally.to().toString())
                .put("good", tally.good()).put("reject", tally.reject()).put("product", tally.product().orElse(null));
    }

    static TallyReading decode(JsonObject json) {
        StationKey station = WorkshopKey.parse(json.getString("workshop")).orElseThrow().station(json.getString("station"));
        return new TallyReading(station, Instant.parse(json.getString("from")), Instant.parse(json.getString("to")),
                json.getLong("good"), json.getLong("reject"), Optional.ofNullable(json.getString("product")));
    }
}
