package io.workshopmonitor.report;

import io.workshopmonitor.config.AppConfig;
import io.workshopmonitor.domain.Interval;
import io.workshopmonitor.domain.Schedule;
import io.workshopmonitor.domain.SessionSpec;
import io.workshopmonitor.domain.Target;
import io.workshopmonitor.domain.Workshop;
import io.workshopmonitor.domain.WorkshopKey;
import io.workshopmonitor.store.DeliveryStore;
import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** When scheduled reports fall due: no mail server, no database, only the calendar. */
class ReportMailerScheduleTest {

    private static final ZoneId LONDON = ZoneId.of("Europe/London");
    private static final EnumSet<DayOfWeek> WEEKDAYS = EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY);

    private static Workshop workshop(String id, EnumSet<DayOfWeek> days) {
        return new Workshop(new WorkshopKey("MDI", id), id, "textiles", List.of(), new Schedule(LONDON, List.of(
                new SessionSpec(days, LocalTime.of(8, 30), LocalTime.of(11, 30)),
                new SessionSpec(days, LocalTime.of(13, 30), LocalTime.of(16, 30)))), new Target(100, 0.1), 0.95);
    }

    private static Instant at(String date, String time) {
        return LocalDate.parse(date).atTime(LocalTime.parse(time)).atZone(LONDON).toInstant();
    }

    private static ReportMailer mailer() {
        return new ReportMailer(new AppConfig.ReportsConfig("GBP", Optional.empty(), LocalTime.of(7, 0)), null, null, null, null, null);
    }

    @Test
    void aSessionIsDueOnceItHasEndedAndForThreeHoursAfter() {
        Workshop textiles = workshop("textiles-1", WEEKDAYS);
        assertThat(ReportMailer.endedSessions(textiles, at("2026-12-03", "11:29"))).isEmpty();
        assertThat(ReportMailer.endedSessions(textiles, at("2026-12-03", "11:31"))).extracting(Interval::start)
                .containsExactly(at("2026-12-03", "08:30"));
        assertThat(ReportMailer.endedSessions(textiles, at("2026-12-03", "14:31"))).extracting(Interval::start)
                .as("three hours after the morning ended, before the afternoon has").isEmpty();
        assertThat(ReportMailer.endedSessions(textiles, at("2026-12-03", "16:31"))).extracting(Interval::start)
                .containsExactly(at("2026-12-03", "13:30"));
    }

    @Test
    void lastWeekGoesAtSendAtOnTheFirstWorkingDayOfThisWeek() {
        ReportMailer mailer = mailer();
        List<Workshop> weekdays = List.of(workshop("textiles-1", WEEKDAYS));
        // Monday 7 December 2026
        assertThat(mailer.lastWeek(weekdays, at("2026-12-07", "06:59"))).isEmpty();
        assertThat(mailer.lastWeek(weekdays, at("2026-12-07", "07:00"))).contains("2026-W49");
        assertThat(mailer.lastWeek(weekdays, at("2026-12-11", "18:00"))).as("still last week's all week").contains("2026-W49");
        List<Workshop> noMondays = List.of(workshop("print-2", EnumSet.range(DayOfWeek.TUESDAY, DayOfWeek.FRIDAY)));
        assertThat(mailer.lastWeek(noMondays, at("2026-12-07", "09:00"))).as("Monday is not a working day").isEmpty();
        assertThat(mailer.lastWeek(noMondays, at("2026-12-08", "07:00"))).contains("2026-W49");
        assertThat(mailer.lastWeek(List.of(), at("2026-12-08", "07:00"))).isEmpty();
    }

    @Test
    void lastMonthGoesAtSendAtOnTheFirstWorkingDayOfTheMonth() {
        ReportMailer mailer = mailer();
        List<Workshop> prison = List.of(workshop("textiles-1", WEEKDAYS));
        // 1 August 2026 is a Saturday: the first working day is Monday the 3rd
        assertThat(mailer.lastMonth(prison, at("2026-08-01", "09:00"))).isEmpty();
        assertThat(mailer.lastMonth(prison, at("2026-08-03", "06:30"))).isEmpty();
        assertThat(mailer.lastMonth(prison, at("2026-08-03", "07:00"))).contains(YearMonth.of(2026, 7));
        // a prison with a weekend workshop works on the 1st
        List<Workshop> withWeekends = List.of(workshop("textiles-1", WEEKDAYS), workshop("laundry-1", EnumSet.allOf(DayOfWeek.class)));
        assertThat(mailer.lastMonth(withWeekends, at("2026-08-01", "07:00"))).contains(YearMonth.of(2026, 7));
    }

    @Test
    void subscriptionsBecomeDueReportsForTheirWorkshopsOnly() {
        ReportMailer mailer = mailer();
        List<Workshop> all = List.of(workshop("textiles-1", WEEKDAYS), workshop("print-2", WEEKDAYS));
        List<DeliveryStore.Subscription> subscriptions = List.of(
                new DeliveryStore.Subscription("MDI", "session", "print-2", List.of("print@prison.example")),
                new DeliveryStore.Subscription("MDI", "weekly", "", List.of("manager@prison.example")),
                new DeliveryStore.Subscription("LPI", "monthly", "", List.of("lpi@prison.example")));
        List<ReportMailer.Due> due = mailer.due(subscriptions, all, at("2026-12-07", "11:45"));
        assertThat(due).extracting(ReportMailer.Due::report, ReportMailer.Due::subject).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("session", "print-2/" + at("2026-12-07", "08:30")),
                org.assertj.core.groups.Tuple.tuple("weekly", "textiles-1/2026-W49"),
                org.assertj.core.groups.Tuple.tuple("weekly", "print-2/2026-W49"));
    }
}
