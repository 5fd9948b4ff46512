package io.workshopmonitor.live;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** When a workshop's turn in the live feed sends its figures to a client: judged on the schedule, not the timer. */
class LiveFeedTurnTest {

    private static final long T = 1_000_000L;

    @Test
    void aClientNeverSentTheWorkshopGetsItsFirstTurn() {
        assertThat(LiveFeed.due(null, 1, T, T)).isTrue();
    }

    @Test
    void aTurnRunLateByTheTimerStillSendsChangedFigures() {
        // last turn ran 300 ms late, this one on time: 700 ms apart on the clock, one second apart in the schedule
        LiveFeed.Sent last = new LiveFeed.Sent(1, T, T + 300);
        assertThat(LiveFeed.due(last, 2, T + 1_000, T + 1_000)).isTrue();
    }

    @Test
    void twoTurnsInOneSecondOfTheScheduleNeverBothSend() {
        LiveFeed.Sent last = new LiveFeed.Sent(1, T, T);
        assertThat(LiveFeed.due(last, 2, T + 1_000 - LiveFeed.TICK_MS - 1, T + 2_000)).isFalse();
    }

    @Test
    void turnsCaughtUpAfterALongPauseSendOnlyHalfASecondApartAtLeast() {
        // the timer stood still for 2 s and now runs the missed turns back to back
        LiveFeed.Sent last = new LiveFeed.Sent(1, T + 1_000, T + 2_950);
        assertThat(LiveFeed.due(last, 2, T + 2_000, T + 3_000)).isFalse();
        assertThat(LiveFeed.due(last, 2, T + 3_000, T + 3_000 + LiveFeed.MIN_WALL_GAP_MS - 50)).isTrue();
    }

    @Test
    void unchangedFiguresGoAgainOnlyAfterTheRefreshTime() {
        LiveFeed.Sent last = new LiveFeed.Sent(7, T, T);
        assertThat(LiveFeed.due(last, 7, T + 1_000, T + 1_000)).isFalse();
        assertThat(LiveFeed.due(last, 7, T + LiveFeed.REFRESH_MS, T + LiveFeed.REFRESH_MS)).isTrue();
    }
}
