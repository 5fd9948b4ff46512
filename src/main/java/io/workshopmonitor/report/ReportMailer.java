package io.workshopmonitor.report;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.mail.LoginOption;
import io.vertx.ext.mail.MailAttachment;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.StartTLSOptions;
import io.workshopmonitor.api.WorkshopJson;
import io.workshopmonitor.config.AppConfig;
import io.workshopmonitor.domain.Interval;
import io.workshopmonitor.domain.SessionCalendar;
import io.workshopmonitor.domain.Workshop;
import io.workshopmonitor.store.DeliveryStore;
import io.workshopmonitor.store.WorkshopStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Sends reports by e-mail as their spans end: each session's report to its subscribers as the session ends,
 * the week's and the month's at {@code reports.sendAt} on the first working day after them (a day on which the
 * workshop, or any of the prison's workshops, has a session). A report is claimed in the store before it is
 * built, so it goes once whatever restarts or how many instances run; a failed send is tried again every
 * five minutes, up to 20 times. Session reports carry no money: they go to instructors.
 */
public final class ReportMailer extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(ReportMailer.class);
    /** A session that ended longer ago than this when first seen (the service was down, or just subscribed) is not sent. */
    static final Duration SESSION_CATCH_UP = Duration.ofHours(3);
    private static final long CHECK_MS = 30_000;

    /** A report due to go, with what builds it. */
    record Due(String prison, String report, String subject, List<String> to, Supplier<Future<Report>> build) {
    }

    private final AppConfig.ReportsConfig config;
    private final ReportReader reports;
    private final DeliveryStore deliveries;
    private final WorkshopStore workshops;
    private final MeterRegistry registry;
    private final Clock clock;
    private MailClient mail;
    private long timer;
    private boolean checking;

    public ReportMailer(AppConfig.ReportsConfig config, ReportReader reports, DeliveryStore deliveries,
                        WorkshopStore workshops, MeterRegistry registry, Clock clock) {
        this.config = config;
        this.reports = reports;
        this.deliveries = deliveries;
        this.workshops = workshops;
        this.registry = registry;
        this.clock = clock;
    }

    @Override
    public Future<?> start() {
        AppConfig.MailConfig smtp = config.mail().orElseThrow();
        io.vertx.ext.mail.MailConfig options = new io.vertx.ext.mail.MailConfig().setHostname(smtp.host()).setPort(smtp.port())
                .setStarttls(smtp.security() == AppConfig.MailConfig.Security.STARTTLS ? StartTLSOptions.REQUIRED
                        : StartTLSOptions.DISABLED)
                .setSsl(smtp.security() == AppConfig.MailConfig.Security.TLS)
                .setLogin(smtp.username().isPresent() ? LoginOption.REQUIRED : LoginOption.DISABLED)
                .setKeepAlive(false);
        smtp.username().ifPresent(options::setUsername);
        smtp.password().ifPresent(options::setPassword);
        mail = MailClient.create(vertx, options);
        timer = vertx.setPeriodic(2_000, CHECK_MS, id -> check());
        LOG.info("Reports are e-mailed through {}:{} ({})", smtp.host(), smtp.port(), smtp.security());
        return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
        vertx.cancelTimer(timer);
        return mail == null ? Future.succeededFuture() : mail.close();
    }

    /** One pass: what is due, claimed and sent one after another. A pass still running skips the next tick. */
    Future<Void> check() {
        if (checking) {
            return Future.succeededFuture();
        }
        checking = true;
        Instant now = clock.instant();
        return Future.all(deliveries.subscriptions(null), workshops.list())
                .compose(all -> {
                    List<DeliveryStore.Subscription> subscriptions = all.resultAt(0);
                    List<WorkshopStore.StoredWorkshop> stored = all.resultAt(1);
                    List<Workshop> list = stored.stream().map(w -> WorkshopJson.fromStored(w.key(), w.document(), w.stations())).toList();
                    Future<Void> chain = Future.succeededFuture();
                    for (Due due : due(subscriptions, list, now)) {
                        chain = chain.compose(v -> deliver(due).recover(e -> Future.succeededFuture()));
                    }
                    return chain;
                })
                .onFailure(e -> LOG.warn("Checking for reports to e-mail failed: {}", e.toString()))
                .onComplete(done -> checking = false)
                .mapEmpty();
    }

    List<Due> due(List<DeliveryStore.Subscription> subscriptions, List<Workshop> all, Instant now) {
        Map<String, List<Workshop>> byPrison = all.stream().collect(Collectors.groupingBy(w -> w.key().prison()));
        List<Due> due = new ArrayList<>();
        for (DeliveryStore.Subscription s : subscriptions) {
            List<Workshop> prison = byPrison.getOrDefault(s.prison(), List.of());
            List<Workshop> chosen = s.workshop().isEmpty() ? prison
                    : prison.stream().filter(w -> w.key().workshop().equals(s.workshop())).toList();
            switch (s.report()) {
                case "session" -> chosen.forEach(w -> endedSessions(w, now).forEach(session -> due.add(new Due(s.prison(),
                        "session", w.key().workshop() + "/" + session.start(), s.recipients(),
                        () -> reports.session(w, Optional.of(session.start()), false)))));
                case "weekly" -> chosen.forEach(w -> lastWeek(List.of(w), now).ifPresent(week -> due.add(new Due(s.prison(),
                        "weekly", w.key().workshop() + "/" + week, s.recipients(),
                        () -> reports.weekly(w, Optional.of(week), true)))));
                case "monthly" -> lastMonth(prison, now).ifPresent(month -> due.add(new Due(s.prison(), "monthly",
                        month.toString(), s.recipients(), () -> reports.monthly(s.prison(), Optional.of(month)))));
                default -> LOG.warn("Unknown report '{}' in {}'s subscriptions", s.report(), s.prison());
            }
        }
        return due;
    }

    /** Sessions of the workshop that ended in the last few hours. */
    static List<Interval> endedSessions(Workshop workshop, Instant now) {
        return new SessionCalendar(workshop.schedule(), List.of()).sessions(now.minus(SESSION_CATCH_UP), now).stream()
                .filter(s -> !s.end().isAfter(now) && s.end().isAfter(now.minus(SESSION_CATCH_UP))).toList();
    }

    /** Last week's ISO label, once this week's first working day has reached {@code sendAt}. */
    Optional<String> lastWeek(List<Workshop> workshops, Instant now) {
        if (workshops.isEmpty()) {
            return Optional.empty();
        }
        ZoneId zone = workshops.get(0).schedule().timezone();
        LocalDate monday = now.atZone(zone).toLocalDate().with(DayOfWeek.MONDAY);
        return firstWorkingDay(workshops, monday, monday.plusDays(7))
                .filter(day -> !now.isBefore(ZonedDateTime.of(day, config.sendAt(), zone).toInstant()))
                .map(day -> {
                    LocalDate previous = monday.minusDays(7);
                    return previous.get(IsoFields.WEEK_BASED_YEAR) + "-W"
                            + String.format("%02d", previous.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
                });
    }

    /** Last month, once this month's first working day has reached {@code sendAt}. */
    Optional<YearMonth> lastMonth(List<Workshop> workshops, Instant now) {
        if (workshops.isEmpty()) {
            return Optional.empty();
        }
        ZoneId zone = workshops.get(0).schedule().timezone();
        YearMonth month = YearMonth.from(now.atZone(zone));
        return firstWorkingDay(workshops, month.atDay(1), month.plusMonths(1).atDay(1))
                .filter(day -> !now.isBefore(ZonedDateTime.of(day, config.sendAt(), zone).toInstant()))
                .map(day -> month.minusMonths(1));
    }

    private static Optional<LocalDate> firstWorkingDay(List<Workshop> workshops, LocalDate from, LocalDate before) {
        for (LocalDate day = from; day.isBefore(before); day = day.plusDays(1)) {
            LocalDate d = day;
            boolean working = workshops.stream().anyMatch(w -> w.schedule().sessions().stream()
                    .anyMatch(spec -> spec.days().contains(d.getDayOfWeek())));
            if (working) {
                return Optional.of(day);
            }
        }
        return Optional.empty();
    }

    private Future<Void> deliver(Due due) {
        return deliveries.claim(due.prison(), due.report(), due.subject()).compose(claimed -> {
            if (!claimed) {
                return Future.succeededFuture();
            }
            return due.build().get()
                    .compose(report -> vertx.executeBlocking(() -> ReportPdf.render(report), false)
                            .compose(pdf -> mail.sendMail(message(due, report, pdf))))
                    .compose(sent -> deliveries.sent(due.prison(), due.report(), due.subject()))
                    .onSuccess(v -> {
                        counter("reports_emailed", due.report()).increment();
                        LOG.info("E-mailed the {} report {} of {} to {} recipient(s)", due.report(), due.subject(),
                                due.prison(), due.to().size());
                    })
                    .recover(e -> {
                        counter("reports_email_failures", due.report()).increment();
                        LOG.warn("E-mailing the {} report {} of {} failed (tried again in 5 minutes): {}", due.report(),
                                due.subject(), due.prison(), e.toString());
                        return deliveries.failed(due.prison(), due.report(), due.subject(), e.toString())
                                .compose(v -> Future.failedFuture(e));
                    });
        });
    }

    private MailMessage message(Due due, Report report, byte[] pdf) {
        MailAttachment attachment = MailAttachment.create().setName(report.file() + ".pdf").setContentType("application/pdf")
                .setData(Buffer.buffer(pdf)).setDisposition("attachment");
        MailAttachment csv = MailAttachment.create().setName(report.file() + ".csv").setContentType("text/csv; charset=utf-8")
                .setData(Buffer.buffer(ReportCsv.render(report))).setDisposition("attachment");
        String text = report.title() + "\n" + report.subtitle() + "\n\nThe report is attached as PDF and CSV."
                + "\nSent by Workshop Monitor because this address is on " + due.prison() + "'s list for "
                + due.report() + " reports.";
        return new MailMessage().setFrom(config.mail().orElseThrow().from()).setTo(due.to())
                .setSubject(report.title() + " (" + report.subtitle() + ")").setText(text)
                .setAttachment(List.of(attachment, csv));
    }

    private Counter counter(String name, String report) {
        return Counter.builder(name).description("Scheduled reports e-mailed, or failed to be, by report")
                .tag("report", report).register(registry);
    }
}
