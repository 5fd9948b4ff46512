package io.workshopmonitor.report;

import io.vertx.core.Future;
import io.workshopmonitor.api.WorkshopJson;
import io.workshopmonitor.domain.Alert;
import io.workshopmonitor.domain.Budget;
import io.workshopmonitor.domain.Contract;
import io.workshopmonitor.domain.ContractEconomics;
import io.workshopmonitor.domain.ContractProjection;
import io.workshopmonitor.domain.ContractStatus;
import io.workshopmonitor.domain.ContractTerms;
import io.workshopmonitor.domain.CostSheet;
import io.workshopmonitor.domain.Interval;
import io.workshopmonitor.domain.Pricing;
import io.workshopmonitor.domain.Product;
import io.workshopmonitor.domain.PurposefulActivity;
import io.workshopmonitor.domain.SessionCalendar;
import io.workshopmonitor.domain.SessionWindow;
import io.workshopmonitor.domain.Workshop;
import io.workshopmonitor.domain.WorkshopCosting;
import io.workshopmonitor.domain.WorkshopKey;
import io.workshopmonitor.domain.WorkshopPeriod;
import io.workshopmonitor.live.ContractStatuses;
import io.workshopmonitor.store.AlertStore;
import io.workshopmonitor.store.ClosureStore;
import io.workshopmonitor.store.ContractStore;
import io.workshopmonitor.store.CostingStore;
import io.workshopmonitor.store.LossReader;
import io.workshopmonitor.store.ProductStore;
import io.workshopmonitor.store.ReportStore;
import io.workshopmonitor.store.WorkshopStore;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.IsoFields;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reads what a report needs from the stores and builds it. Every figure comes from the same stored rows and
 * domain rules as the live figures and the loss analysis, so a report and the dashboard agree for a span.
 * Workshops are read a few at a time ({@link Lanes}), so a 30-workshop prison report never takes every pooled
 * connection.
 */
public final class ReportReader {

    /** The stores a report reads. */
    public record Stores(WorkshopStore workshops, ClosureStore closures, ProductStore products, CostingStore costings,
                         ContractStore contracts, ContractStatuses statuses, ReportStore reports, AlertStore alerts,
                         LossReader losses) {
    }

    /** A prison's catalogue and contracts, read once per report. */
    record Book(Map<String, Product> products, List<Contract> contracts, Map<String, ContractTerms> terms,
                Map<String, WorkshopCosting> costings) {

        Pricing pricing(WorkshopKey workshop) {
            return new Pricing(products, contracts.stream().filter(c -> c.workshop().equals(workshop))
                    .map(c -> new Pricing.PricedContract(c, terms.getOrDefault(c.id(), ContractTerms.NONE))).toList());
        }

        WorkshopCosting costing(WorkshopKey workshop) {
            return costings.getOrDefault(workshop.workshop(), WorkshopCosting.NONE);
        }
    }

    /** How far back the pace of a contract is taken from: the last 7 days, today included. */
    private static final int RECENT_DAYS = 7;
    private static final int MAX_ALERTS = 200;

    private final Stores stores;
    private final Clock clock;
    private final String currency;

    public ReportReader(Stores stores, Clock clock, String currency) {
        this.stores = stores;
        this.clock = clock;
        this.currency = currency;
    }

    public String currency() {
        return currency;
    }

    public Future<Optional<Workshop>> workshop(WorkshopKey key) {
        return stores.workshops().get(key).map(found -> found.map(w -> WorkshopJson.fromStored(w.key(), w.document(), w.stations())));
    }

    Future<Book> book(String prison) {
        Future<List<Product>> products = stores.products().list(prison);
        Future<List<Contract>> contracts = stores.contracts().list(prison, null);
        Future<Map<String, ContractTerms>> terms = stores.contracts().terms(prison);
        Future<Map<String, WorkshopCosting>> costings = stores.costings().costings(prison);
        return Future.all(products, contracts, terms, costings).map(all -> new Book(
                products.result().stream().collect(Collectors.toMap(Product::code, Function.identity())),
                contracts.result(), terms.result(), costings.result()));
    }

    Future<WorkshopPeriod> period(Workshop workshop, Book book, Interval range, Instant now) {
        WorkshopKey key = workshop.key();
        var closures = stores.closures().list(key, range.start(), range.end());
        var units = stores.reports().dailyUnits(key, workshop.schedule().timezone(), range.start(), range.end());
        var counts = stores.reports().headcounts(key, range.start().minus(PurposefulActivity.OPENING_COUNT), range.end());
        return Future.all(closures, units, counts).map(all -> new WorkshopPeriod(workshop, book.costing(key),
                closures.result(), book.pricing(key), units.result(), counts.result(), range, now));
    }

    /** A workshop's costs and value over a span, up to now. */
    public Future<CostSheet> costs(Workshop workshop, Interval range) {
        Instant now = clock.instant();
        return book(workshop.key().prison()).compose(book -> period(workshop, book, range, now))
                .map(WorkshopPeriod::costSheet);
    }

    /** The session that starts at {@code start}, or the current or last one. */
    public Future<Report> session(Workshop workshop, Optional<Instant> start, boolean withMoney) {
        Instant now = clock.instant();
        Interval session;
        try {
            session = sessionOf(workshop, start, now);
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(e);
        }
        return book(workshop.key().prison()).compose(book -> period(workshop, book, session, now))
                .compose(period -> {
                    var losses = stores.losses().analyse(workshop, session.upTo(now), now);
                    var alerts = stores.alerts().list(new AlertStore.Filter(null, workshop.key().prison(),
                            workshop.key().workshop(), null, period.range().start(), MAX_ALERTS, Optional.empty()));
                    return Future.all(losses, alerts).map(all -> SessionReport.build(new SessionReport.Inputs(period,
                            losses.result(), alerts.result().stream()
                            .filter(a -> a.openedAt().isBefore(period.range().end()))
                            .sorted(Comparator.comparing(Alert::openedAt)).toList(), withMoney, currency)));
                });
    }

    /** A session as the schedule has it: closures cut planned time, never the session itself. */
    private static Interval sessionOf(Workshop workshop, Optional<Instant> start, Instant now) {
        var calendar = new SessionCalendar(workshop.schedule(), List.of());
        if (start.isPresent()) {
            return calendar.sessions(start.get(), start.get().plusMillis(1)).stream()
                    .filter(s -> s.start().equals(start.get())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no session of " + workshop.key() + " starts at "
                            + start.get() + "; give a session's start as the workshop's JSON or /losses shows it"));
        }
        return calendar.currentOrLast(now).map(SessionWindow::nominal)
                .orElseThrow(() -> new IllegalArgumentException(workshop.key() + " has no session yet"));
    }

    /** The ISO week ({@code 2026-W49}) in the workshop's time zone; the current week when empty. */
    public Future<Report> weekly(Workshop workshop, Optional<String> week, boolean withMoney) {
        Instant now = clock.instant();
        ZoneId zone = workshop.schedule().timezone();
        LocalDate monday = week.map(ReportReader::mondayOf)
                .orElseGet(() -> now.atZone(zone).toLocalDate().with(DayOfWeek.MONDAY));
        Interval range = new Interval(monday.atStartOfDay(zone).toInstant(), monday.plusDays(7).atStartOfDay(zone).toInstant());
        String label = monday.get(IsoFields.WEEK_BASED_YEAR) + "-W" + String.format("%02d", monday.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
        return book(workshop.key().prison())
                .compose(book -> period(workshop, book, range, now))
                .compose(period -> stores.losses().analyse(workshop, range.upTo(now), now)
                        .map(losses -> WeeklyReport.build(new WeeklyReport.Inputs(period, losses, label, withMoney, currency))));
    }

    public static LocalDate mondayOf(String week) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{4})-W(\\d{2})").matcher(week);
        if (!m.matches()) {
            throw new IllegalArgumentException("'week' must be an ISO week such as 2026-W49");
        }
        int year = Integer.parseInt(m.group(1));
        int number = Integer.parseInt(m.group(2));
        LocalDate mid = LocalDate.of(year, 6, 1);
        if (number < 1 || number > mid.range(IsoFields.WEEK_OF_WEEK_BASED_YEAR).getMaximum()) {
            throw new IllegalArgumentException("'week' " + week + " has no week " + number);
        }
        return mid.with(IsoFields.WEEK_OF_WEEK_BASED_YEAR, number).with(DayOfWeek.MONDAY);
    }

    /** A prison's month (this month, in the prison's time zone, when not asked): its workshops one after another. */
    public Future<Report> monthly(String prison, Optional<YearMonth> asked) {
        Instant now = clock.instant();
        Future<Book> book = book(prison);
        Future<List<Workshop>> workshops = stores.workshops().list(Optional.of(List.of(prison))).map(stored -> stored.stream()
                .map(w -> WorkshopJson.fromStored(w.key(), w.document(), w.stations())).toList());
        return Future.all(book, workshops).compose(all -> {
            // a prison's workshops share its time zone
            ZoneId zone = workshops.result().isEmpty() ? java.time.ZoneOffset.UTC
                    : workshops.result().get(0).schedule().timezone();
            YearMonth month = asked.orElse(YearMonth.from(now.atZone(zone)));
            return stores.costings().budgets(prison, null, month)
                    .compose(budgets -> monthOf(book.result(), prison, month, zone, workshops.result(), budgets, now));
        });
    }

    private Future<Report> monthOf(Book book, String prison, YearMonth month, ZoneId zone, List<Workshop> workshops,
                                   Map<String, List<Budget>> budgets, Instant now) {
        Future<List<MonthlyReport.WorkshopMonth>> months = Lanes.map(workshops, workshop -> workshopMonth(workshop, book,
                month, budgets.getOrDefault(workshop.key().workshop(), List.of()).stream().findFirst(), now));
        LocalDate first = month.atDay(1);
        LocalDate last = month.atEndOfMonth();
        List<Contract> running = book.contracts().stream().filter(c -> !c.start().isAfter(last)
                && c.completed().map(done -> !done.isBefore(first)).orElse(true)).toList();
        Map<WorkshopKey, Workshop> byKey = workshops.stream().collect(Collectors.toMap(Workshop::key, Function.identity()));
        return months.compose(done -> contractLines(book, running, byKey, now)
                .map(lines -> MonthlyReport.build(new MonthlyReport.Inputs(prison, month, zone, done, lines, currency, now))));
    }

    private Future<MonthlyReport.WorkshopMonth> workshopMonth(Workshop workshop, Book book, YearMonth month,
                                                              Optional<Budget> budget, Instant now) {
        ZoneId zone = workshop.schedule().timezone();
        Interval whole = new Interval(month.atDay(1).atStartOfDay(zone).toInstant(),
                month.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant());
        return period(workshop, book, whole, now).map(period -> {
            Instant from = whole.clamp(now);
            // what the rest of the month will cost to run: its planned sessions, no units yet
            WorkshopPeriod rest = new WorkshopPeriod(workshop, period.costing(), period.closures(),
                    period.pricing(), List.of(), List.of(), new Interval(from, whole.end()), whole.end());
            return new MonthlyReport.WorkshopMonth(period, rest.costSheet(), budget);
        });
    }

    /** One workshop's month so far, its budget and its rest: what the metrics show between reports. */
    public Future<MonthlyReport.WorkshopMonth> thisMonth(Workshop workshop) {
        Instant now = clock.instant();
        YearMonth month = YearMonth.from(now.atZone(workshop.schedule().timezone()));
        return Future.all(book(workshop.key().prison()), stores.costings().budgets(workshop.key().prison(),
                        workshop.key().workshop(), month))
                .compose(all -> {
                    Map<String, List<Budget>> budgets = all.resultAt(1);
                    return workshopMonth(workshop, all.resultAt(0), month,
                            budgets.getOrDefault(workshop.key().workshop(), List.of()).stream().findFirst(), now);
                });
    }

    private Future<List<MonthlyReport.ContractLine>> contractLines(Book book, List<Contract> contracts,
                                                                    Map<WorkshopKey, Workshop> workshops, Instant now) {
        return Lanes.map(contracts, contract -> economics(book, contract, Optional.ofNullable(workshops.get(contract.workshop())), now)
                .map(view -> new MonthlyReport.ContractLine(contract, view.status(), view.economics())));
    }

    record ContractView(Optional<ContractStatus> status, ContractEconomics economics,
                        WorkshopPeriod period) {
    }

    /** @param found the contract's workshop, empty when it is not configured */
    Future<ContractView> economics(Book book, Contract contract, Optional<Workshop> found, Instant now) {
        if (found.isEmpty()) {
            return Future.succeededFuture(new ContractView(Optional.empty(),
                    ContractEconomics.of(contract, 0, Optional.empty(), Optional.empty(), Optional.empty()), null));
        }
        Workshop workshop = found.get();
        ZoneId zone = workshop.schedule().timezone();
        ContractProjection.Spans spans = ContractProjection.spans(contract, zone, now);
        LocalDate today = now.atZone(zone).toLocalDate();
        Instant recent = today.minusDays(RECENT_DAYS - 1).atStartOfDay(zone).toInstant();
        return stores.statuses().status(contract).compose(standing -> period(workshop, book, spans.counted(), now)
                .map(period -> {
                    WorkshopPeriod pace = period.narrowed(new Interval(period.range().clamp(recent), period.range().end()));
                    Optional<BigDecimal> price = period.pricing().quote(contract.product(), today)
                            .map(Pricing.Quote::unitPrice);
                    ContractEconomics economics = ContractEconomics.of(contract,
                            standing.status().map(ContractStatus::produced).orElse(0L),
                            period.costSheet().line(contract.product()), pace.costSheet().line(contract.product()), price);
                    return new ContractView(standing.status(), economics, period);
                }));
    }

    public Future<Optional<Report>> contract(String prison, String id, boolean withMoney) {
        Instant now = clock.instant();
        return book(prison).compose(book -> {
            Optional<Contract> found = book.contracts().stream().filter(c -> c.id().equals(id)).findFirst();
            if (found.isEmpty()) {
                return Future.succeededFuture(Optional.empty());
            }
            Contract contract = found.get();
            return workshop(contract.workshop()).compose(workshop -> economics(book, contract, workshop, now)).map(view -> view.period() == null ? Optional.<Report>empty()
                    : Optional.of(ContractReport.build(new ContractReport.Inputs(contract,
                    book.terms().getOrDefault(contract.id(), ContractTerms.NONE), view.status(), view.economics(),
                    view.period(), withMoney, currency))));
        });
    }
}
