package io.workshopmonitor.cluster;

import io.workshopmonitor.alert.AlertJson;
import io.workshopmonitor.domain.Accepted;
import io.workshopmonitor.domain.Alert;
import io.workshopmonitor.domain.AlertCondition;
import io.workshopmonitor.domain.AlertKind;
import io.workshopmonitor.domain.AttendanceReading;
import io.workshopmonitor.domain.CounterReading;
import io.workshopmonitor.domain.MachineState;
import io.workshopmonitor.domain.SessionFigures;
import io.workshopmonitor.domain.StateReading;
import io.workshopmonitor.domain.StateReason;
import io.workshopmonitor.domain.StationFigures;
import io.workshopmonitor.domain.WindowFigures;
import io.workshopmonitor.domain.WorkshopFigures;
import io.workshopmonitor.domain.WorkshopKey;
import io.workshopmonitor.live.FiguresJson;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What crosses Kafka between instances comes back as it went, and workshops land where the producer puts them. */
class ClusterCodecsTest {

    private static final WorkshopKey WORKSHOP = new WorkshopKey("MDI", "textiles-1");
    private static final Instant TS = Instant.parse("2026-11-23T09:15:02.120Z");

    @Test
    void everyKindOfReadingSurvivesTheReadingsTopicWithItsId() {
        List<Accepted> readings = List.of(
                new Accepted(UUID.randomUUID(), new CounterReading(WORKSHOP.station("sew-01"), TS, OptionalLong.of(1042),
                        1234, 17, Optional.of("GC-A6")), TS.plusMillis(5), Optional.of(WORKSHOP.station("sew-01"))),
                new Accepted(UUID.randomUUID(), new CounterReading(WORKSHOP.station("sew-02"), TS, OptionalLong.empty(),
                        0, 0, Optional.empty()), TS, Optional.empty()),
                new Accepted(UUID.randomUUID(), new StateReading(WORKSHOP.station("sew-01"), TS, MachineState.DOWN,
                        Optional.of(StateReason.CHANGEOVER)), TS, Optional.empty()),
                new Accepted(UUID.randomUUID(), new StateReading(WORKSHOP.station("sew-01"), TS, MachineState.RUNNING,
                        Optional.empty()), TS, Optional.empty()),
                new Accepted(UUID.randomUUID(), new AttendanceReading(WORKSHOP, TS, 14), TS, Optional.empty()));
        for (Accepted accepted : readings) {
            assertThat(AcceptedCodec.decode(AcceptedCodec.encode(accepted))).isEqualTo(accepted);
        }
    }

    @Test
    void aRecordNoInstanceWroteIsRefusedWithAReason() {
        for (String value : List.of("", "{}", "[1]", "{\"kind\":\"counter\",\"workshop\":\"MDI/x\"}", "\u0000")) {
            assertThatThrownBy(() -> AcceptedCodec.decode(value.getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a reading record");
        }
    }

    @Test
    void aWorkshopsPartitionIsTheOneTheProducerWritesItTo() {
        for (int partitions : new int[]{1, 3, 6, 12, 100}) {
            for (int i = 0; i < 200; i++) {
                WorkshopKey key = new WorkshopKey("MDI", "line-" + i);
                assertThat(Partitioning.partition(key, partitions))
                        .isEqualTo(BuiltInPartitioner.partitionForKey(Partitioning.key(key), partitions));
            }
        }
    }

    @Test
    void figuresReadBackFromAnotherInstanceRenderTheSameJson() {
        SessionFigures session = new SessionFigures(TS, TS.plusSeconds(10_800), 1200, 30, 2400L, true, 0.8123, 0.9, 0.9756,
                0.7134);
        WorkshopFigures figures = new WorkshopFigures(WORKSHOP, TS, WindowFigures.of(15, 300, 7), session, 14,
                List.of(new StationFigures("sew-01", MachineState.DOWN, StateReason.EQUIPMENT_FAULT, TS, TS,
                                WindowFigures.of(15, 300, 7), new SessionFigures(TS, TS.plusSeconds(10_800), 1200, 30, null,
                                null, 0.8, null, 0.97, null)),
                        new StationFigures("sew-02", null, null, null, null, WindowFigures.of(15, 0, 0), null)));
        assertThat(FiguresJson.workshop(FiguresJson.parse(FiguresJson.workshop(figures))))
                .isEqualTo(FiguresJson.workshop(figures));
        WorkshopFigures none = new WorkshopFigures(WORKSHOP, TS, WindowFigures.of(15, 0, 0), null, null, List.of());
        assertThat(FiguresJson.parse(FiguresJson.workshop(none))).isEqualTo(none);
    }

    @Test
    void anAlertReadBackFromAnotherInstanceIsTheSameAlert() {
        Alert alert = new Alert(UUID.randomUUID(), AlertKind.QUALITY_LOW, WORKSHOP, "station:sew-01",
                AlertCondition.Severity.WARNING, Alert.State.ACKNOWLEDGED, 0.91, 0.95, "quality 91% under 95%", TS,
                TS.plusSeconds(60), "instructor-1", "on it", null);
        assertThat(AlertJson.parse(AlertJson.render(alert), alert.subject())).isEqualTo(alert);
    }
}
