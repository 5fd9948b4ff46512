package io.workshopmonitor.report;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.workshopmonitor.domain.Caller;
import io.workshopmonitor.support.CostedSession;
import io.workshopmonitor.support.Devices;
import io.workshopmonitor.support.Http;
import io.workshopmonitor.support.Ports;
import io.workshopmonitor.support.RunningService;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Reports from one stored day, over real sockets: a session with tallies and headcounts, products, a contract
 * whose price changed today, a budget. The JSON, CSV and PDF (read back with PDFBox) carry the same figures,
 * the figures equal the live ones and the costs call for the same span, roles see what they should, and the
 * scheduled reports reach a real SMTP server (GreenMail) once, even across a restart.
 */
class ReportsIT {

    @TempDir
    static Path dir;
    static RunningService service;
    static GreenMail smtp;
    static Map<String, String> env;
    static Http admin;
    static Instant sessionStart;
    static Instant sessionEnd;
    static ZoneOffset zone;

    /**
     * The workshop's zone puts "now" in its early afternoon, so the session (ended 10 minutes ago, two hours
     * long) lies inside one local day whenever the test runs.
     */
    @BeforeAll
    static void start() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        // a fixed offset: the daily units query must read it the ISO way (ReportsBrowserIT uses a named zone)
        zone = ZoneOffset.ofHours(CostedSession.afternoonOffset(now));
        int smtpPort = Ports.free();
        smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        env = RunningService.env(dir, Map.of("WM_REPORTS_MAIL_HOST", "127.0.0.1",
                "WM_REPORTS_MAIL_PORT", String.valueOf(smtpPort), "WM_REPORTS_MAIL_SECURITY", "NONE",
                "WM_REPORTS_MAIL_FROM", "reports@workshop-monitor.example"));
        service = RunningService.start(env);
        admin = service.http;
        CostedSession costed = new CostedSession(zone, now);
        sessionStart = costed.start;
        sessionEnd = costed.end;
        costed.configure(admin);
        assertThat(admin.put("/api/v1/workshops/LPI/textiles-1", costed.workshop("Textiles 1").encode()).status()).isEqualTo(201);
        costed.record(admin, service.mqttUri());
        await().atMost(Duration.ofSeconds(15)).until(() ->
                admin.get("/api/v1/workshops/MDI/textiles-9/kpis").json().getInteger("attendance", -1) == 6);
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
        if (smtp != null) {
            smtp.stop();
        }
    }



    private static String sessionReport(String format) {
        return "/api/v1/workshops/MDI/textiles-9/reports/session?start=" + sessionStart + "&format=" + format;
    }

    /** The value of the row whose first cell is {@code label} in the section titled (in part) {@code section}. */
    private static String cell(JsonObject report, String section, String label, int column) {
        return report.getJsonArray("sections").stream().map(JsonObject.class::cast)
                .filter(s -> s.getString("title").startsWith(section)).findFirst().orElseThrow()
                .getJsonArray("rows").stream().map(JsonArray.class::cast)
                .filter(row -> row.getString(0).equals(label)).findFirst().orElseThrow().getString(column);
    }

    static String pdfText(byte[] pdf) throws Exception {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(document);
        }
    }

    @Test
    void aSessionReportCostsTheSessionExactlyAndAgreesWithTheLiveFigures() {
        JsonObject report = admin.get(sessionReport("json")).json();
        // 100 TOTE-1 and 50 of a product not in the catalogue; 10 rejected
        assertThat(cell(report, "Summary", "Good units", 1)).isEqualTo("150");
        assertThat(cell(report, "Summary", "Rejected units", 1)).isEqualTo("10");
        assertThat(cell(report, "Summary", "Output against target (%)", 1)).isEqualTo("75.0");
        // a bench that only enters tallies never says whether it ran: no availability, so no OEE, rather than 0
        assertThat(cell(report, "Summary", "Availability (%)", 1)).isEqualTo("-");
        assertThat(cell(report, "Summary", "OEE (%)", 1)).isEqualTo("-");
        // headcount 8 for the first hour, 6 for the second, 10 places for two hours: 14 of 20 place-hours
        assertThat(cell(report, "Summary", "Attended hours", 1)).isEqualTo("14.00");
        assertThat(cell(report, "Summary", "Purposeful activity (% of place-hours)", 1)).isEqualTo("70.0");
        assertThat(cell(report, "Summary", "Headcount attended", 1)).isEqualTo("8");
        // material 110 × 1.50; instructors 2 h × 30.00; overhead 2 planned hours × 10.00; value 100 × 6.00 (today's price)
        assertThat(cell(report, "Cost and value", "Material cost", 1)).isEqualTo("165.00");
        assertThat(cell(report, "Cost and value", "Instructor cost", 1)).isEqualTo("60.00");
        assertThat(cell(report, "Cost and value", "Overhead", 1)).isEqualTo("20.00");
        assertThat(cell(report, "Cost and value", "Total cost", 1)).isEqualTo("245.00");
        assertThat(cell(report, "Cost and value", "Value earned", 1)).isEqualTo("600.00");
        assertThat(cell(report, "Cost and value", "Margin", 1)).isEqualTo("355.00");
        // 245.00 over 150 good units; the rejects' share of TOTE-1's 245.00 is 10/110
        assertThat(cell(report, "Cost and value", "Cost per good unit", 1)).isEqualTo("1.63");
        assertThat(cell(report, "Cost and value", "Cost of rejects", 1)).isEqualTo("22.27");
        assertThat(report.getJsonArray("sections").stream().map(JsonObject.class::cast)
                .filter(s -> s.getString("title").startsWith("Cost and value")).findFirst().orElseThrow()
                .getJsonArray("notes").getString(0)).contains("50 good and 0 rejected units are of products not in the catalogue");
        assertThat(report.getJsonObject("figures").getString("totalCost")).isEqualTo("245.00");

        // the live figures of the same (last) session, and the costs call over the same span
        JsonObject live = admin.get("/api/v1/workshops/MDI/textiles-9/kpis").json().getJsonObject("session");
        assertThat(report.getJsonObject("figures").getLong("good")).isEqualTo(live.getLong("good"));
        assertThat(report.getJsonObject("figures").getLong("reject")).isEqualTo(live.getLong("reject"));
        JsonObject costs = admin.get("/api/v1/workshops/MDI/textiles-9/costs?from=" + sessionStart + "&to=" + sessionEnd).json();
        assertThat(costs.getString("totalCost")).isEqualTo("245.00");
        assertThat(costs.getString("value")).isEqualTo("600.00");
        assertThat(costs.getString("currency")).isEqualTo("GBP");
    }

    @Test
    void csvAndPdfCarryTheSameTablesAsTheJson() throws Exception {
        JsonObject report = admin.get(sessionReport("json")).json();
        Http.Response csv = admin.get(sessionReport("csv"));
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        assertThat(csv.header("content-disposition")).startsWith("attachment; filename=\"session-MDI-textiles-9-");
        Http.Download pdf = admin.download(sessionReport("pdf"));
        assertThat(pdf.status()).isEqualTo(200);
        assertThat(pdf.contentType()).isEqualTo("application/pdf");
        String text = pdfText(pdf.body());
        String[] lines = csv.body().split("\r\n");
        for (Object s : report.getJsonArray("sections")) {
            JsonObject section = (JsonObject) s;
            assertThat(text).as("PDF holds section " + section.getString("title")).contains(section.getString("title"));
            for (Object r : section.getJsonArray("rows")) {
                JsonArray row = (JsonArray) r;
                String joined = String.join(",", row.stream().map(c -> ReportCsv.cell((String) c)).toList());
                assertThat(lines).as("CSV holds the row " + joined).contains(joined);
                if (section.getString("title").startsWith("Summary") || section.getString("title").startsWith("Cost")) {
                    // figure tables: label and amount on one line of the PDF's text
                    assertThat(text).as("PDF holds " + row).contains(row.getString(0) + " " + row.getString(1));
                }
            }
        }
        assertThat(admin.download("/api/v1/workshops/MDI/textiles-9/reports/weekly?format=pdf").status()).isEqualTo(200);
        Http.Response accept = admin.get("/api/v1/prisons/MDI/reports/monthly?format=xml");
        assertThat(accept.status()).isEqualTo(400);
        assertThat(accept.json().getString("detail")).contains("json, csv or pdf");
    }

    @Test
    void theMonthlyReportPutsTheWorkshopAgainstItsBudgetWithVarianceThatAddsUp() throws Exception {
        JsonObject report = admin.get("/api/v1/prisons/MDI/reports/monthly").json();
        assertThat(cell(report, "Actual against budget", "textiles-9", 1)).isEqualTo("150");
        assertThat(cell(report, "Actual against budget", "textiles-9", 2)).isEqualTo("1000");
        assertThat(cell(report, "Actual against budget", "textiles-9", 6)).isEqualTo("5000.00");
        JsonObject month = admin.get("/api/v1/workshops/MDI/textiles-9/costs?from="
                + LocalDate.ofInstant(Instant.now(), zone).withDayOfMonth(1).atStartOfDay(zone).toInstant() + "&to=" + Instant.now()).json();
        assertThat(cell(report, "Actual against budget", "textiles-9", 3)).as("the month's cost, as the costs call gives it")
                .isEqualTo(month.getString("totalCost"));
        assertThat(cell(report, "Actual against budget", "textiles-9", 5)).isEqualTo("600.00");
        BigDecimal total = new BigDecimal(cell(report, "Variance", "textiles-9", 1));
        BigDecimal parts = new BigDecimal(cell(report, "Variance", "textiles-9", 2))
                .add(new BigDecimal(cell(report, "Variance", "textiles-9", 3)))
                .add(new BigDecimal(cell(report, "Variance", "textiles-9", 4)));
        assertThat(parts).as("volume + price + efficiency").isEqualByComparingTo(total);
        assertThat(cell(report, "Purposeful activity", "textiles-9", 4)).isEqualTo("14.00");
        assertThat(cell(report, "Contracts", "c-totes", 6)).isEqualTo("600.00");
        String pdf = pdfText(admin.download("/api/v1/prisons/MDI/reports/monthly?format=pdf").body());
        assertThat(pdf).contains("Actual against budget").contains("Purposeful activity").contains("c-totes");
    }

    @Test
    void prometheusGaugesCarryTheMonthsMoneyAndHoursAsTheMonthlyReportDoes() {
        JsonObject report = admin.get("/api/v1/prisons/MDI/reports/monthly").json();
        String labels = "{prison=\"MDI\",workshop=\"textiles-9\"}";
        await().atMost(Duration.ofSeconds(70)).untilAsserted(() -> {
            String scrape = service.management.get("/metrics").body();
            assertThat(Devices.metric(scrape, "workshop_month_value" + labels)).isEqualTo(600.0);
            assertThat(Devices.metric(scrape, "workshop_month_budget_value" + labels)).isEqualTo(5000.0);
            assertThat(Devices.metric(scrape, "workshop_month_good_units" + labels)).isEqualTo(150.0);
            assertThat(Devices.metric(scrape, "workshop_month_attended_hours" + labels)).isEqualTo(14.0);
            assertThat(Devices.metric(scrape, "workshop_month_cost" + labels))
                    .isEqualTo(Double.parseDouble(cell(report, "Actual against budget", "textiles-9", 3)));
        });
    }

    @Test
    void aContractReportSaysWhetherItPaysFromTheSameCostsAsTheCostsCall() {
        JsonObject report = admin.get("/api/v1/prisons/MDI/contracts/c-totes/report").json();
        assertThat(cell(report, "Money", "Value to date", 1)).isEqualTo("600.00");
        assertThat(cell(report, "Money", "Price per unit now", 1)).isEqualTo("6.00");
        Instant contractStart = LocalDate.ofInstant(Instant.now(), zone).minusDays(10).atStartOfDay(zone).toInstant();
        JsonObject costs = admin.get("/api/v1/workshops/MDI/textiles-9/costs?from=" + contractStart + "&to=" + Instant.now()).json();
        // the contract's product is the only catalogued one made, so it carries all instructor and overhead cost
        assertThat(cell(report, "Money", "Cost to date", 1)).isEqualTo(costs.getString("totalCost"));
        // eleven days of sessions paid for 100 good units: each costs more than its 6.00
        assertThat(cell(report, "Money", "Verdict", 1)).as("%s", report.encodePrettily()).isEqualTo("LOSING_MONEY");
        assertThat(admin.get("/api/v1/prisons/MDI/contracts/c-none/report").status()).isEqualTo(404);
    }

    @Test
    void rolesSeeTheReportsAndMoneyTheyShould() {
        Http instructor = admin.as(service.token("i.tex", Caller.Role.INSTRUCTOR, "MDI"));
        JsonObject session = instructor.get(sessionReport("json")).json();
        assertThat(session.getJsonArray("sections").stream().map(s -> ((JsonObject) s).getString("title")))
                .as("an instructor's session report carries no money").noneMatch(t -> t.startsWith("Cost") || t.startsWith("Products"));
        assertThat(instructor.get("/api/v1/workshops/MDI/textiles-9/reports/weekly").status()).isEqualTo(403);
        assertThat(instructor.get("/api/v1/prisons/MDI/reports/monthly").status()).isEqualTo(403);
        assertThat(instructor.get("/api/v1/prisons/MDI/products").status()).isEqualTo(403);
        Http viewer = admin.as(service.token("v.gov", Caller.Role.VIEWER, "MDI"));
        assertThat(viewer.get("/api/v1/prisons/MDI/reports/monthly").status()).isEqualTo(200);
        assertThat(viewer.get("/api/v1/workshops/MDI/textiles-9/reports/weekly").json().getJsonObject("figures")
                .getString("value")).as("governors read what workshops earn").isEqualTo("600.00");
        assertThat(viewer.get("/api/v1/prisons/MDI/products").status()).isEqualTo(403);
        assertThat(viewer.get("/api/v1/workshops/MDI/textiles-9/costing").status()).isEqualTo(403);
        assertThat(viewer.put("/api/v1/workshops/MDI/textiles-9/budgets/2026-12", "{}").status()).isEqualTo(403);
        Http otherPrison = admin.as(service.token("m.lpi", Caller.Role.MANAGER, "LPI"));
        assertThat(otherPrison.get("/api/v1/prisons/MDI/reports/monthly").status()).isEqualTo(404);
        assertThat(otherPrison.get(sessionReport("json")).status()).isEqualTo(404);
        assertThat(otherPrison.get("/api/v1/prisons/MDI/products").status()).isEqualTo(404);
        Http manager = admin.as(service.token("m.mdi", Caller.Role.MANAGER, "MDI"));
        JsonObject contract = manager.get("/api/v1/contracts/c-totes").json();
        assertThat(contract.getJsonArray("prices")).hasSize(2);
        assertThat(viewer.get("/api/v1/contracts/c-totes").json().containsKey("prices")).as("prices are managers'").isFalse();
    }

    @Test
    void aContractSavedWithoutItsTermsKeepsThemAndOneSavedWithThemReplacesThem() {
        JsonObject stored = admin.get("/api/v1/contracts/c-totes").json();
        JsonObject plain = new JsonObject().put("workshop", "MDI/textiles-9").put("customer", stored.getString("customer"))
                .put("product", "TOTE-1").put("quantity", stored.getLong("quantity")).put("start", stored.getString("start"))
                .put("due", stored.getString("due"));
        Http.Response resaved = admin.put("/api/v1/contracts/c-totes", plain.encode());
        assertThat(resaved.status()).isEqualTo(200);
        assertThat(resaved.json().getJsonArray("prices")).as("a client that knows nothing of prices keeps them").hasSize(2);
        assertThat(resaved.json().getString("kind")).isEqualTo("EXTERNAL");
        Http.Response internal = admin.put("/api/v1/contracts/c-spare", plain.copy().put("product", "SPARE-1").put("kind", "INTERNAL").encode());
        assertThat(internal.status()).isEqualTo(201);
        assertThat(internal.json().getJsonArray("prices")).as("internal supply at the transfer price").isEmpty();
        Http.Response twice = admin.put("/api/v1/contracts/c-spare", plain.copy().put("product", "SPARE-1").put("prices", new JsonArray()
                .add(new JsonObject().put("from", "2026-12-01").put("unitPrice", "1"))
                .add(new JsonObject().put("from", "2026-12-01").put("unitPrice", "2"))).encode());
        assertThat(twice.status()).isEqualTo(400);
        assertThat(twice.json().getString("detail")).contains("two prices from 2026-12-01");
        assertThat(admin.get("/api/v1/contracts/c-spare").json().getString("kind")).as("a refused save changes nothing").isEqualTo("INTERNAL");
    }

    @Test
    void badMoneyAndBadPeriodsGetClearErrors() {
        Map<String, String> bad = Map.of(
                "{\"name\": \"X\", \"materialCost\": \"1.23456\", \"standardMinutes\": 1, \"transferPrice\": 1}", "more than 4 decimal places",
                "{\"name\": \"X\", \"materialCost\": -1, \"standardMinutes\": 1, \"transferPrice\": 1}", "must not be negative",
                "{\"name\": \"X\", \"materialCost\": \"ten\", \"standardMinutes\": 1, \"transferPrice\": 1}", "decimal amount",
                "{\"name\": \"X\", \"standardMinutes\": 1, \"transferPrice\": 1}", "'materialCost'");
        bad.forEach((body, message) -> {
            Http.Response refused = admin.put("/api/v1/prisons/MDI/products/BAD-1", body);
            assertThat(refused.status()).as(body).isEqualTo(400);
            assertThat(refused.json().getString("detail")).as(body).contains(message);
        });
        assertThat(admin.put("/api/v1/workshops/MDI/textiles-9/budgets/2026-13", "{}").json().getString("detail"))
                .contains("a month such as 2026-12");
        assertThat(admin.put("/api/v1/workshops/MDI/textiles-9/costing", "{\"allocatedPlaces\": 2.5}").status()).isEqualTo(400);
        assertThat(admin.get("/api/v1/workshops/MDI/textiles-9/reports/weekly?week=2026-W60").status()).isEqualTo(400);
        assertThat(admin.get("/api/v1/workshops/MDI/textiles-9/reports/session?start=" + sessionStart.plusSeconds(60)).status())
                .as("no session starts then").isEqualTo(404);
        assertThat(admin.get("/api/v1/workshops/MDI/nowhere/reports/session").status()).isEqualTo(404);
        assertThat(admin.put("/api/v1/prisons/MDI/report-subscriptions", "{\"subscriptions\": [{\"report\": \"session\", "
                + "\"to\": [\"not an address\"]}]}").json().getString("detail")).contains("not an e-mail address");
    }

    @Test
    void scheduledReportsReachTheSmtpServerOnceWithThePdfAttached() throws Exception {
        assertThat(admin.put("/api/v1/prisons/MDI/report-subscriptions", new JsonObject().put("subscriptions", new JsonArray()
                .add(new JsonObject().put("report", "session").put("workshop", "textiles-9")
                        .put("to", new JsonArray().add("textiles.instructors@prison.example")))
                .add(new JsonObject().put("report", "monthly").put("to", new JsonArray().add("industries.manager@prison.example"))))
                .encode()).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(90)).until(() -> smtp.getReceivedMessages().length >= 2);
        MimeMessage sessionMail = find("Session report");
        assertThat(sessionMail.getAllRecipients()[0].toString()).isEqualTo("textiles.instructors@prison.example");
        String sessionPdf = pdfText(attachment(sessionMail, "application/pdf"));
        assertThat(sessionPdf).contains("Good units 150").contains("Attended hours 14.00")
                .as("instructors' mail carries no money").doesNotContain("Cost and value");
        MimeMessage monthly = find("Monthly report: MDI");
        assertThat(monthly.getAllRecipients()[0].toString()).isEqualTo("industries.manager@prison.example");
        assertThat(pdfText(attachment(monthly, "application/pdf"))).contains("Purposeful activity");
        assertThat(new String(attachment(monthly, "text/csv"), StandardCharsets.UTF_8)).startsWith("Monthly report: MDI");

        // a restart finds both already sent: nothing goes twice
        service.close();
        service = RunningService.start(env);
        admin = service.http;
        Thread.sleep(6_000);
        assertThat(smtp.getReceivedMessages()).hasSize(2);
    }

    private static MimeMessage find(String subject) throws Exception {
        List<String> subjects = new ArrayList<>();
        for (MimeMessage message : smtp.getReceivedMessages()) {
            subjects.add(message.getSubject());
            if (message.getSubject().startsWith(subject)) {
                return message;
            }
        }
        throw new AssertionError("no mail '" + subject + "' among " + subjects);
    }

    private static byte[] attachment(MimeMessage message, String type) throws Exception {
        Multipart parts = (Multipart) message.getContent();
        for (int i = 0; i < parts.getCount(); i++) {
            BodyPart part = parts.getBodyPart(i);
            if (part.getContentType().startsWith(type)) {
                try (InputStream in = part.getInputStream(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
                    in.transferTo(out);
                    return out.toByteArray();
                }
            }
        }
        throw new AssertionError("no " + type + " attachment");
    }

}
