package io.workshopmonitor.api;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.workshopmonitor.domain.Caller;
import io.workshopmonitor.domain.Identifiers;
import io.workshopmonitor.domain.WorkshopKey;
import io.workshopmonitor.report.Report;
import io.workshopmonitor.report.ReportCsv;
import io.workshopmonitor.report.ReportJson;
import io.workshopmonitor.report.ReportPdf;
import io.workshopmonitor.report.ReportReader;
import io.workshopmonitor.store.DeliveryStore;

import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reports a manager can hand on, as JSON (the dashboard's page), CSV or PDF ({@code ?format=} or the Accept
 * header), and who gets them by e-mail. Viewers, managers and administrators read every report of their
 * prisons; instructors read their workshops' session reports, without the money.
 */
final class ReportRoutes {

    private static final Pattern ADDRESS = Pattern.compile("[A-Za-z0-9._%+'-]{1,64}@[A-Za-z0-9.-]{1,190}\\.[A-Za-z]{2,24}");
    static final int MAX_RECIPIENTS = 20;
    static final int MAX_SUBSCRIPTIONS = 100;

    private final Vertx vertx;
    private final ReportReader reports;
    private final DeliveryStore deliveries;
    private final io.workshopmonitor.store.WorkshopStore workshops;
    private final Clock clock;

    ReportRoutes(Vertx vertx, ReportReader reports, DeliveryStore deliveries, io.workshopmonitor.store.WorkshopStore workshops,
                 Clock clock) {
        this.vertx = vertx;
        this.reports = reports;
        this.deliveries = deliveries;
        this.workshops = workshops;
        this.clock = clock;
    }

    void mount(Router router) {
        router.get("/api/v1/workshops/:prison/:workshop/reports/session").handler(this::session);
        router.get("/api/v1/workshops/:prison/:workshop/reports/weekly").handler(this::weekly);
        router.get("/api/v1/prisons/:prison/reports/monthly").handler(this::monthly);
        router.get("/api/v1/prisons/:prison/contracts/:id/report").handler(this::contract);
        router.get("/api/v1/prisons/:prison/report-subscriptions").handler(this::subscriptions);
        router.put("/api/v1/prisons/:prison/report-subscriptions").handler(this::replaceSubscriptions);
    }

    /** Money in reports is for viewers (governors, headquarters), managers and administrators, not instructors. */
    static boolean seesMoney(Caller caller) {
        return caller.role() != Caller.Role.INSTRUCTOR;
    }

    private static Caller beyondSession(RoutingContext ctx, String report) {
        Caller caller = Access.caller(ctx);
        if (caller.role() == Caller.Role.INSTRUCTOR) {
            throw new Problem(403, "Forbidden", "instructors read session reports; the " + report
                    + " report needs the VIEWER, MANAGER or ADMIN role");
        }
        return caller;
    }

    private void session(RoutingContext ctx) {
        Format format = Format.of(ctx);
        Caller caller = Access.caller(ctx);
        WorkshopKey key = Requests.visibleWorkshopKey(ctx);
        Optional<Instant> start = Optional.ofNullable(ctx.queryParams().get("start")).map(s -> Requests.instant(s, "start"));
        FigureRoutes.configured(workshops, key)
                .compose(workshop -> reports.session(workshop, start, seesMoney(caller)))
                .recover(ReportRoutes::notFound)
                .onSuccess(report -> send(ctx, format, report))
                .onFailure(ctx::fail);
    }

    private void weekly(RoutingContext ctx) {
        Format format = Format.of(ctx);
        Caller caller = beyondSession(ctx, "weekly");
        WorkshopKey key = Requests.visibleWorkshopKey(ctx);
        Optional<String> week = Optional.ofNullable(ctx.queryParams().get("week"));
        week.ifPresent(w -> {
            try {
                ReportReader.mondayOf(w);
            } catch (IllegalArgumentException e) {
                throw Problem.badRequest(e.getMessage());
            }
        });
        FigureRoutes.configured(workshops, key)
                .compose(workshop -> reports.weekly(workshop, week, seesMoney(caller)))
                .onSuccess(report -> send(ctx, format, report))
                .onFailure(ctx::fail);
    }

    private void monthly(RoutingContext ctx) {
        Format format = Format.of(ctx);
        beyondSession(ctx, "monthly");
        String prison = Requests.visiblePrison(ctx);
        String param = ctx.queryParams().get("month");
        Optional<YearMonth> month = Optional.ofNullable(param).map(m -> CostRoutes.month(m, "month"));
        reports.monthly(prison, month)
                .onSuccess(report -> send(ctx, format, report))
                .onFailure(ctx::fail);
    }

    private void contract(RoutingContext ctx) {
        Format format = Format.of(ctx);
        Caller caller = beyondSession(ctx, "contract");
        String prison = Requests.visiblePrison(ctx);
        String id = ctx.pathParam("id");
        if (!Identifiers.isSlug(id)) {
            throw Problem.badRequest("contract id '" + id + "' must be a slug [a-z0-9][a-z0-9-]{0,31}, such as c-2026-0142");
        }
        reports.contract(prison, id, seesMoney(caller))
                .map(found -> found.orElseThrow(() -> Problem.notFound("no contract " + id + " in " + prison
                        + " (or its workshop is not configured)")))
                .onSuccess(report -> send(ctx, format, report))
                .onFailure(ctx::fail);
    }

    private static Future<Report> notFound(Throwable e) {
        return Future.failedFuture(e instanceof IllegalArgumentException ? Problem.notFound(e.getMessage()) : e);
    }

    enum Format {
        JSON("application/json", "json"), CSV("text/csv; charset=utf-8", "csv"), PDF("application/pdf", "pdf");

        final String type;
        final String extension;

        Format(String type, String extension) {
            this.type = type;
            this.extension = extension;
        }

        static Format of(RoutingContext ctx) {
            String asked = ctx.queryParams().get("format");
            if (asked != null) {
                try {
                    return valueOf(asked.toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw Problem.badRequest("'format' must be json, csv or pdf");
                }
            }
            String accept = Optional.ofNullable(ctx.request().getHeader("Accept")).orElse("");
            return accept.contains("application/pdf") ? PDF : accept.contains("text/csv") ? CSV : JSON;
        }
    }

    /** PDF drawing is CPU work for tens of milliseconds: done off the event loop. */
    private void send(RoutingContext ctx, Format format, Report report) {
        switch (format) {
            case JSON -> Requests.json(ctx, 200, ReportJson.of(report));
            case CSV -> download(ctx, format, report, io.vertx.core.buffer.Buffer.buffer(ReportCsv.render(report)));
            case PDF -> vertx.executeBlocking(() -> ReportPdf.render(report), false)
                    .onSuccess(bytes -> download(ctx, format, report, io.vertx.core.buffer.Buffer.buffer(bytes)))
                    .onFailure(ctx::fail);
        }
    }

    private static void download(RoutingContext ctx, Format format, Report report, io.vertx.core.buffer.Buffer body) {
        ctx.response().putHeader("Content-Type", format.type)
                .putHeader("Content-Disposition", "attachment; filename=\"" + report.file() + "." + format.extension + "\"")
                .putHeader("Cache-Control", "no-store")
                .end(body);
    }

    private void subscriptions(RoutingContext ctx) {
        Access.require(ctx, Caller.Role.MANAGER, "reading who gets reports");
        String prison = Requests.visiblePrison(ctx);
        deliveries.subscriptions(prison)
                .map(list -> subscriptionsJson(prison, list))
                .onSuccess(body -> Requests.json(ctx, 200, body))
                .onFailure(ctx::fail);
    }

    /**
     * Body {@code {"subscriptions": [{"report": "session", "workshop": "textiles-1", "to": ["instructors@example.org"]},
     * {"report": "monthly", "to": ["industries.manager@example.org"]}]}}: replaces the prison's list.
     */
    private void replaceSubscriptions(RoutingContext ctx) {
        Access.require(ctx, Caller.Role.MANAGER, "choosing who gets reports");
        String prison = Requests.visiblePrison(ctx);
        Object value = Requests.bodyObject(ctx).getValue("subscriptions");
        if (!(value instanceof JsonArray array) || array.size() > MAX_SUBSCRIPTIONS) {
            throw Problem.badRequest("'subscriptions' must be a list of at most " + MAX_SUBSCRIPTIONS
                    + " {\"report\", \"workshop\", \"to\"}");
        }
        List<DeliveryStore.Subscription> list = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            list.add(subscription(prison, array.getValue(i), "subscriptions[" + i + "]"));
        }
        long distinct = list.stream().map(s -> s.report() + "/" + s.workshop()).distinct().count();
        if (distinct != list.size()) {
            throw Problem.badRequest("'subscriptions' names the same report and workshop twice: put every address in one 'to'");
        }
        deliveries.replace(prison, list)
                .onSuccess(done -> {
                    Audit.record(ctx, "reports.subscriptions", prison, list.size() + " report subscriptions");
                    Requests.json(ctx, 200, subscriptionsJson(prison, list));
                })
                .onFailure(ctx::fail);
    }

    private static DeliveryStore.Subscription subscription(String prison, Object value, String field) {
        if (!(value instanceof JsonObject json)) {
            throw Problem.badRequest("'" + field + "' must be an object {\"report\", \"workshop\", \"to\"}");
        }
        Object report = json.getValue("report");
        if (!(report instanceof String r) || !List.of("session", "weekly", "monthly").contains(r)) {
            throw Problem.badRequest("'" + field + ".report' must be session, weekly or monthly");
        }
        Object workshop = json.getValue("workshop");
        if (workshop != null && (!(workshop instanceof String w) || !Identifiers.isSlug(w))) {
            throw Problem.badRequest("'" + field + ".workshop' must be a workshop id such as textiles-1, or absent for every workshop");
        }
        if (workshop != null && r.equals("monthly")) {
            throw Problem.badRequest("'" + field + ".workshop' must be absent: the monthly report covers the prison");
        }
        Object to = json.getValue("to");
        if (!(to instanceof JsonArray addresses) || addresses.isEmpty() || addresses.size() > MAX_RECIPIENTS) {
            throw Problem.badRequest("'" + field + ".to' must be a list of 1 to " + MAX_RECIPIENTS + " e-mail addresses");
        }
        List<String> recipients = new ArrayList<>();
        for (Object address : addresses) {
            if (!(address instanceof String a) || !ADDRESS.matcher(a).matches()) {
                throw Problem.badRequest("'" + field + ".to' holds '" + address + "', which is not an e-mail address");
            }
            recipients.add(a);
        }
        return new DeliveryStore.Subscription(prison, r, workshop == null ? "" : (String) workshop, recipients);
    }

    private static JsonObject subscriptionsJson(String prison, List<DeliveryStore.Subscription> list) {
        JsonArray array = new JsonArray();
        for (DeliveryStore.Subscription s : list) {
            array.add(new JsonObject().put("report", s.report()).put("workshop", s.workshop().isEmpty() ? null : s.workshop())
                    .put("to", new JsonArray(s.recipients())));
        }
        return new JsonObject().put("prison", prison).put("subscriptions", array);
    }
}
