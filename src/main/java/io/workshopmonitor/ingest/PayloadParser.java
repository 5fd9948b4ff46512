package io.workshopmonitor.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.workshopmonitor.domain.AttendanceReading;
import io.workshopmonitor.domain.Identifiers;
import io.workshopmonitor.domain.CounterReading;
import io.workshopmonitor.domain.MachineState;
import io.workshopmonitor.domain.RejectReason;
import io.workshopmonitor.domain.Rejection;
import io.workshopmonitor.domain.StateReading;
import io.workshopmonitor.domain.StateReason;
import io.workshopmonitor.domain.StationKey;
import io.workshopmonitor.domain.WorkshopKey;

import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Turns a telemetry payload into a domain reading or a {@link Rejection} naming the field and the fix.
 * Thread-safe; the Jackson limits keep hostile payloads cheap to refuse.
 */
public final class PayloadParser {

    /** Far beyond any real counter, and small enough that no sum of them can overflow a bigint column. */
    static final long MAX_COUNT = 1_000_000_000_000L;
    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(16).maxStringLength(4096).maxNumberLength(40).build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build())
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final int maxPayloadBytes;

    public PayloadParser(int maxPayloadBytes) {
        this.maxPayloadBytes = maxPayloadBytes;
    }

    public CounterReading counter(StationKey station, byte[] payload) {
        JsonNode json = object(payload);
        return new CounterReading(station, ts(json), seq(json), count(json, "good"), count(json, "reject"),
                product(json));
    }

    public StateReading state(StationKey station, byte[] payload) {
        JsonNode json = object(payload);
        Instant ts = ts(json);
        MachineState state = enumField(json, "state", MachineState.class, true)
                .orElseThrow(() -> missing("state"));
        // A reason explains IDLE and DOWN only; with RUNNING or OFF it carries no meaning and is dropped.
        Optional<StateReason> reason = enumField(json, "reason", StateReason.class, false)
                .filter(r -> state == MachineState.IDLE || state == MachineState.DOWN);
        return new StateReading(station, ts, state, reason);
    }

    public AttendanceReading attendance(WorkshopKey workshop, byte[] payload) {
        JsonNode json = object(payload);
        Instant ts = ts(json);
        long present = count(json, "present");
        if (present > AttendanceReading.MAX_PRESENT) {
            throw new Rejection(RejectReason.INVALID_FIELD,
                    "field 'present' must be a headcount from 0 to " + AttendanceReading.MAX_PRESENT + ", got " + present);
        }
        return new AttendanceReading(workshop, ts, (int) present);
    }

    private JsonNode object(byte[] payload) {
        if (payload.length > maxPayloadBytes) {
            throw new Rejection(RejectReason.PAYLOAD_TOO_LARGE,
                    "payload is " + payload.length + " bytes; the limit is " + maxPayloadBytes);
        }
        JsonNode json;
        try (JsonParser parser = MAPPER.createParser(payload)) {
            json = MAPPER.readTree(parser);
        } catch (IOException | RuntimeException e) {
            throw new Rejection(RejectReason.MALFORMED_JSON, "payload is not valid JSON: " + firstLine(e.getMessage()));
        }
        if (json == null || !json.isObject()) {
            throw new Rejection(RejectReason.MALFORMED_JSON, "payload must be a JSON object");
        }
        return json;
    }

    private static Instant ts(JsonNode json) {
        JsonNode ts = required(json, "ts");
        if (ts.isIntegralNumber() && ts.canConvertToLong() && ts.asLong() >= 0) {
            return Instant.ofEpochMilli(ts.asLong());
        }
        if (ts.isTextual()) {
            try {
                return OffsetDateTime.parse(ts.asText(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
            } catch (DateTimeException e) {
                // reported below
            }
        }
        throw new Rejection(RejectReason.INVALID_FIELD,
                "field 'ts' must be an ISO-8601 instant with an offset (2026-11-23T09:15:02.120Z) or epoch milliseconds");
    }

    private static OptionalLong seq(JsonNode json) {
        JsonNode seq = json.get("seq");
        if (seq == null || seq.isNull()) {
            return OptionalLong.empty();
        }
        if (seq.isIntegralNumber() && seq.canConvertToLong() && seq.asLong() >= 0) {
            return OptionalLong.of(seq.asLong());
        }
        throw new Rejection(RejectReason.INVALID_FIELD, "field 'seq' must be a non-negative integer");
    }

    private static long count(JsonNode json, String field) {
        JsonNode value = required(json, field);
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new Rejection(RejectReason.INVALID_FIELD, "field '" + field + "' must be a whole number");
        }
        if (value.asLong() < 0) {
            throw new Rejection(RejectReason.NEGATIVE_COUNT, "field '" + field + "' must not be negative, got " + value.asLong());
        }
        if (value.asLong() > MAX_COUNT) {
            throw new Rejection(RejectReason.INVALID_FIELD, "field '" + field + "' must be at most " + MAX_COUNT);
        }
        return value.asLong();
    }

    private static Optional<String> product(JsonNode json) {
        JsonNode product = json.get("product");
        if (product == null || product.isNull()) {
            return Optional.empty();
        }
        if (product.isTextual() && Identifiers.isProductCode(product.asText())) {
            return Optional.of(product.asText());
        }
        throw new Rejection(RejectReason.INVALID_FIELD,
                "field 'product' must be a product code of 1 to 64 letters, digits, '.', '_' or '-'");
    }

    private static <E extends Enum<E>> Optional<E> enumField(JsonNode json, String field, Class<E> type, boolean required) {
        JsonNode value = required ? required(json, field) : json.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (value.isTextual()) {
            for (E constant : type.getEnumConstants()) {
                if (constant.name().equals(value.asText())) {
                    return Optional.of(constant);
                }
            }
        }
        throw new Rejection(RejectReason.INVALID_FIELD,
                "field '" + field + "' must be one of " + java.util.Arrays.toString(type.getEnumConstants())
                        + (required ? "" : " or null"));
    }

    private static JsonNode required(JsonNode json, String field) {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) {
            throw missing(field);
        }
        return value;
    }

    private static Rejection missing(String field) {
        return new Rejection(RejectReason.MISSING_FIELD, "field '" + field + "' is required");
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int end = message.indexOf('\n');
        String line = end < 0 ? message : message.substring(0, end);
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }
}
