package io.workshopmonitor.ingest;

import io.workshopmonitor.domain.CounterReading;
import io.workshopmonitor.domain.MachineState;
import io.workshopmonitor.domain.RejectReason;
import io.workshopmonitor.domain.Rejection;
import io.workshopmonitor.domain.StateReading;
import io.workshopmonitor.domain.StateReason;
import io.workshopmonitor.domain.StationKey;
import io.workshopmonitor.domain.WorkshopKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PayloadParserTest {

    private static final WorkshopKey WORKSHOP = new WorkshopKey("MDI", "textiles-1");
    private static final StationKey STATION = WORKSHOP.station("sew-04");
    private final PayloadParser parser = new PayloadParser(4096);

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void parsesTheSpecCounterExample() {
        CounterReading reading = parser.counter(STATION, bytes(
                "{\"ts\": \"2026-11-23T09:15:02.120Z\", \"seq\": 1042, \"good\": 1234, \"reject\": 17, \"product\": \"GC-A6-XMAS\"}"));
        assertThat(reading.ts()).isEqualTo(Instant.parse("2026-11-23T09:15:02.120Z"));
        assertThat(reading.seq().getAsLong()).isEqualTo(1042);
        assertThat(reading.good()).isEqualTo(1234);
        assertThat(reading.reject()).isEqualTo(17);
        assertThat(reading.product()).contains("GC-A6-XMAS");
    }

    @Test
    void acceptsEpochMillisAndOffsetsAndNoSeq() {
        assertThat(parser.counter(STATION, bytes("{\"ts\": 1763889302120, \"good\": 1, \"reject\": 0}")).ts())
                .isEqualTo(Instant.ofEpochMilli(1763889302120L));
        CounterReading offset = parser.counter(STATION, bytes("{\"ts\": \"2026-11-23T10:15:02+01:00\", \"good\": 1, \"reject\": 0}"));
        assertThat(offset.ts()).isEqualTo(Instant.parse("2026-11-23T09:15:02Z"));
        assertThat(offset.seq()).isEmpty();
    }

    @Test
    void parsesStateWithReasonAndDropsReasonWhenRunning() {
        StateReading down = parser.state(STATION, bytes("{\"ts\": \"2026-11-23T09:15:02Z\", \"state\": \"DOWN\", \"reason\": \"EQUIPMENT_FAULT\"}"));
        assertThat(down.state()).isEqualTo(MachineState.DOWN);
        assertThat(down.reason()).contains(StateReason.EQUIPMENT_FAULT);
        StateReading running = parser.state(STATION, bytes("{\"ts\": \"2026-11-23T09:15:02Z\", \"state\": \"RUNNING\", \"reason\": \"OTHER\"}"));
        assertThat(running.reason()).isEmpty();
    }

    @Test
    void parsesAttendance() {
        assertThat(parser.attendance(WORKSHOP, bytes("{\"ts\": \"2026-11-23T09:15:02Z\", \"present\": 14}")).present()).isEqualTo(14);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "not json                                                         | MALFORMED_JSON",
            "[1, 2]                                                           | MALFORMED_JSON",
            "\"text\"                                                         | MALFORMED_JSON",
            "{\"ts\": \"2026-11-23T09:15:02Z\", \"good\": 1, \"reject\": 0} x   | MALFORMED_JSON",
            "{\"ts\": \"2026-11-23T09:15:02Z\", \"ts\": 1, \"good\": 1, \"reject\": 0} | MALFORMED_JSON",
            "{\"good\": 1, \"reject\": 0}                                     | MISSING_FIELD",
            "{\"ts\": \"2026-11-23T09:15:02Z\", \"reject\": 0}                | MISSING_FIELD",
            "{\"ts\": \"2026-11-23T09:15:02Z\", \"good\": null, \"reject\": 0} | MISSING_FIELD",
            "{\"ts\": \"2026-11-23T09:15:02Z\", \"good\": 1}                  | MISSING_FIELD",
            "{\"ts\": \"2026-11-23 09:15\", \"good\": 1, \"reject\": 0}       | INVALID_FIELD",
            "{\"ts\": \"2026-11-23T09:15:02\", \"good\": 1, \"reject\": 0}    | INVALID_FIELD",
            "{\"ts\": true, \"good\": 1, \"reject\": 0}                       | INVALID_FIELD",
            "{\"ts\": -5, \"good\": 1, \"reject\": 0}                         | INVALID_FIELD",
            "{\"ts\": \"2026-11-23T09:15:02Z\", \"good\": \"1\", \"reject\": 0} | INVALID_FIELD",
            "{\"ts\": \"2026-11-23T09:15:02Z\", \"good\": 1.5, \"reject\": 0} | INVALID_FIELD",
            "{\"ts\": \"2026-11-23T09:15:02Z\", \"good\": 99999999999999999999999, \"reject\": 0} | INVALID_FIELD",
            "{\"ts\": \"2026-11-23T09:15:02Z\", \"seq\": -1, \"good\": 1, \"reject\": 0} | INVALID_FIELD",
            "{\"ts\": \"2026-11-23T09:15:02Z\", \"seq\": \"7\", \"good\": 1, \"reject\": 0} | INVALID_FIELD",
            "{\"ts\": \"2026-11-23T09:15:02Z\", \"good\": 1, \"reject\": 0, \"product\": \"a b\"} | INVALID_FIELD",
            "{\"ts\": \"2026-11-23T09:15:02Z\", \"good\": 1, \"reject\": 0, \"product\": 7} | INVALID_FIELD",
            "{\"ts\": \"2026-11-23T09:15:02Z\", \"good\": 1000000000001, \"reject\": 0} | INVALID_FIELD",
            "{\"ts\": \"2026-11-23T09:15:02Z\", \"good\": 9223372036854775807, \"reject\": 0} | INVALID_FIELD",
            "{\"ts\": \"2026-11-23T09:15:02Z\", \"good\": -1, \"reject\": 0}  | NEGATIVE_COUNT",
            "{\"ts\": \"2026-11-23T09:15:02Z\", \"good\": 1, \"reject\": -3}  | NEGATIVE_COUNT",
    })
    void rejectsBadCounterPayloadsWithTheirReason(String payload, RejectReason reason) {
        assertThatThrownBy(() -> parser.counter(STATION, bytes(payload)))
                .isInstanceOf(Rejection.class)
                .satisfies(e -> {
                    assertThat(((Rejection) e).reason()).isEqualTo(reason);
                    assertThat(((Rejection) e).detail()).isNotBlank();
                });
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "{\"ts\": \"2026-11-23T09:15:02Z\"}                                | MISSING_FIELD",
            "{\"ts\": \"2026-11-23T09:15:02Z\", \"state\": \"BROKEN\"}         | INVALID_FIELD",
            "{\"ts\": \"2026-11-23T09:15:02Z\", \"state\": \"DOWN\", \"reason\": \"BORED\"} | INVALID_FIELD",
    })
    void rejectsBadStatePayloads(String payload, RejectReason reason) {
        assertThatThrownBy(() -> parser.state(STATION, bytes(payload)))
                .isInstanceOf(Rejection.class).extracting(e -> ((Rejection) e).reason()).isEqualTo(reason);
    }

    @ParameterizedTest(name = "present {0} -> {1}")
    @CsvSource({"501, INVALID_FIELD", "-1, NEGATIVE_COUNT", "'\"many\"', INVALID_FIELD"})
    void rejectsHeadcountsOutsideTheRange(String present, RejectReason reason) {
        assertThatThrownBy(() -> parser.attendance(WORKSHOP, bytes("{\"ts\": \"2026-11-23T09:15:02Z\", \"present\": " + present + "}")))
                .isInstanceOf(Rejection.class).extracting(e -> ((Rejection) e).reason()).isEqualTo(reason);
    }

    @Test
    void rejectsOversizedPayloadBeforeParsingIt() {
        byte[] big = new byte[4097];
        assertThatThrownBy(() -> parser.counter(STATION, big))
                .isInstanceOf(Rejection.class).extracting(e -> ((Rejection) e).reason()).isEqualTo(RejectReason.PAYLOAD_TOO_LARGE);
    }

    @Test
    void rejectsDeepNestingCheaply() {
        String deep = "{\"ts\": \"2026-11-23T09:15:02Z\", \"good\": 1, \"reject\": 0, \"x\": " + "[".repeat(1000) + "]".repeat(1000) + "}";
        assertThatThrownBy(() -> parser.counter(STATION, bytes(deep)))
                .isInstanceOf(Rejection.class).extracting(e -> ((Rejection) e).reason()).isEqualTo(RejectReason.MALFORMED_JSON);
    }

    @Test
    void ignoresUnknownFields() {
        assertThat(parser.counter(STATION, bytes("{\"ts\": 0, \"good\": 1, \"reject\": 0, \"firmware\": \"1.2\"}")).good()).isEqualTo(1);
    }
}
