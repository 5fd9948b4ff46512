package io.workshopmonitor.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TopicTest {

    @Test
    void parsesCounterTopic() {
        Topic topic = Topic.parse("industries", "industries/MDI/textiles-1/sew-04/counter");
        assertThat(topic.kind()).isEqualTo(Topic.Kind.COUNTER);
        assertThat(topic.stationKey().toString()).isEqualTo("MDI/textiles-1/sew-04");
    }

    @Test
    void parsesStateAndAttendanceTopics() {
        assertThat(Topic.parse("industries", "industries/LPI/print/press-1/state").kind()).isEqualTo(Topic.Kind.STATE);
        Topic attendance = Topic.parse("industries", "industries/LPI/print/attendance");
        assertThat(attendance.kind()).isEqualTo(Topic.Kind.ATTENDANCE);
        assertThat(attendance.station()).isEmpty();
    }

    @Test
    void honoursAConfiguredMultiLevelPrefix() {
        assertThat(Topic.parse("site/a", "site/a/MDI/w/s/counter").kind()).isEqualTo(Topic.Kind.COUNTER);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "other/MDI/textiles-1/sew-04/counter",
            "industries/mdi/textiles-1/sew-04/counter",
            "industries/MDIX/textiles-1/sew-04/counter",
            "industries/MDI/Textiles/sew-04/counter",
            "industries/MDI/textiles-1/SEW/counter",
            "industries/MDI/textiles-1/sew-04/speed",
            "industries/MDI/textiles-1/sew-04/counter/extra",
            "industries/MDI/textiles-1/headcount",
            "industries/MDI/textiles-1",
            "industries/MDI//sew-04/counter",
            "industries",
            ""})
    void rejectsTopicsOutsideTheScheme(String topic) {
        assertThatThrownBy(() -> Topic.parse("industries", topic))
                .isInstanceOf(Rejection.class)
                .extracting(e -> ((Rejection) e).reason()).isEqualTo(RejectReason.TOPIC_INVALID);
    }
}
