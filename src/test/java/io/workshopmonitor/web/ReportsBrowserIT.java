package io.workshopmonitor.web;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.workshopmonitor.domain.Caller;
import io.workshopmonitor.support.Browser;
import io.workshopmonitor.support.CostedSession;
import io.workshopmonitor.support.Http;
import io.workshopmonitor.support.RunningService;
import io.workshopmonitor.support.TestDatabase;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.chromium.ChromiumDriver;
import org.openqa.selenium.support.ui.Select;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Reports view and the Manage view's money forms in a real headless Chromium against the running service.
 * One stored day, as ReportsIT sets it up over the API: a two-hour session of MDI/textiles-9 that ended ten
 * minutes ago with hand tallies (100 TOTE-1, 10 rejected, and 50 of a product not in the catalogue),
 * headcounts, a costing, a contract whose price changed today and a budget; here the bench also reported its
 * state, so the session lost time to stops (costs are of planned time, so the money is ReportsIT's to the penny). The pages show the JSON's cells,
 * the buttons download the CSV and PDF, and each role is offered what the service lets it read. A manager of
 * LPI enters money through the forms without touching MDI's figures.
 */
class ReportsBrowserIT {

    private static final Duration LIVE = Duration.ofSeconds(20);
    /** Tokens for a month: no expiry banner in the screenshots. */
    private static final Duration MONTH = Duration.ofDays(30);
    /** Under target/ in every run; -Dscreenshots.dir=docs/screenshots retakes the committed ones (as DemoRunIT). */
    private static final Path SCREENSHOTS = Path.of(System.getProperty("screenshots.dir", "target/screenshots"));
    private static final String DASH = "\u2014";

    @TempDir
    static Path dir;
    static RunningService service;
    static Http admin;
    static String base;
    static Instant sessionStart;
    static Instant sessionEnd;
    static ZoneId zone;
    static String month;

    /**
     * The workshop's zone puts "now" in its early afternoon (a whole-hour Etc/GMT zone the browser knows too), so
     * the session lies inside one local day whenever the test runs.
     */
    @BeforeAll
    static void start() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        int offset = CostedSession.afternoonOffset(now);
        zone = ZoneId.of(offset == 0 ? "Etc/UTC" : "Etc/GMT" + (offset > 0 ? "-" : "+") + Math.abs(offset));
        Map<String, String> env = RunningService.env(dir, Map.of("WM_DATABASE_URL", TestDatabase.create().url()));
        service = RunningService.start(env);
        admin = service.http;
        base = "http://localhost:" + env.get("WM_HTTP_PORT") + "/";

        CostedSession costed = new CostedSession(zone, now);
        sessionStart = costed.start;
        sessionEnd = costed.end;
        month = costed.month();
        costed.configure(admin);
        assertThat(admin.put("/api/v1/workshops/LPI/print-1", costed.workshop("Print 1").encode()).status()).isEqualTo(201);
        // the bench reports its state too: 12 minutes short of material, 8 with a fault, 5 nobody explained
        String state = "industries/MDI/textiles-9/bench-1/state";
        costed.record(admin, service.mqttUri(),
                state, state(sessionStart, "RUNNING", null),
                state, state(sessionStart.plus(30, ChronoUnit.MINUTES), "IDLE", "MATERIAL_SHORTAGE"),
                state, state(sessionStart.plus(42, ChronoUnit.MINUTES), "RUNNING", null),
                state, state(sessionStart.plus(70, ChronoUnit.MINUTES), "DOWN", "EQUIPMENT_FAULT"),
                state, state(sessionStart.plus(78, ChronoUnit.MINUTES), "RUNNING", null),
                state, state(sessionStart.plus(95, ChronoUnit.MINUTES), "IDLE", null),
                state, state(sessionStart.plus(100, ChronoUnit.MINUTES), "RUNNING", null));
        await().atMost(LIVE).until(() -> admin.get("/api/v1/workshops/MDI/textiles-9/kpis").json().getInteger("attendance", -1) == 6);
        await().atMost(LIVE).until(() -> "5.0".equals(jsonCell(admin.get("/api/v1/workshops/MDI/textiles-9/reports/session?start="
                + sessionStart).json(), "Where the time went", "Unexplained", 1)));
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void aManagerEntersAProductACostingABudgetWhoGetsReportsAndAContractsPricesThroughTheManageForms() {
        String manager = service.token("m.lpi", Caller.Role.MANAGER, MONTH, "LPI");
        Http api = admin.as(manager);
        try (Browser browser = new Browser(1600, 1000)) {
            browser.signIn(base, manager, LIVE);
            browser.open(base + "#/manage");
            String product = "[data-testid=product-form] ";
            browser.waitFor(LIVE, d -> browser.text(product + "[data-testid=products-empty]") != null
                    && browser.text(product + "[data-testid=products-empty]").contains("No products in LPI"));
            assertThat(browser.options(product + "select[name=prison]")).containsExactly("LPI");

            // five decimal places never leave the page; the field's hint says what would do
            browser.find(product + "[name=code]").sendKeys("MUG-1");
            browser.find(product + "[name=name]").sendKeys("Mug");
            browser.find(product + "[name=materialCost]").sendKeys("1.23456");
            browser.find(product + "[name=standardMinutes]").sendKeys("4.5");
            browser.find(product + "[name=transferPrice]").sendKeys("3.10");
            browser.find(product + "button[data-action=save-product]").click();
            browser.waitFor(LIVE, d -> browser.visibleText(product + "[data-testid=form-error]") != null);
            assertThat(browser.visibleText(product + "[data-testid=form-error]")).startsWith("Not sent: Material cost:")
                    .contains("up to 4 after the point");
            assertThat(browser.script("return document.activeElement.name")).isEqualTo("materialCost");
            assertThat(browser.attribute(product + "[name=materialCost]", "inputmode")).isEqualTo("decimal");
            assertThat(api.get("/api/v1/prisons/LPI/products").json().getJsonArray("products")).isEmpty();

            browser.find(product + "[name=materialCost]").clear();
            browser.find(product + "[name=materialCost]").sendKeys("1.25");
            browser.find(product + "button[data-action=save-product]").click();
            browser.waitFor(LIVE, d -> browser.text(product + "[data-testid=form-ok]").contains("Added MUG-1 (Mug) in LPI\u2019s catalogue"));
            browser.waitFor(LIVE, d -> "1.25".equals(browser.value(product + "tr[data-product=MUG-1] [data-field=materialCost]")));
            assertThat(browser.value(product + "tr[data-product=MUG-1] [data-field=standardMinutes]")).isEqualTo("4.50");
            JsonObject mug = api.get("/api/v1/prisons/LPI/products").json().getJsonArray("products").getJsonObject(0);
            assertThat(mug.getString("code")).isEqualTo("MUG-1");
            assertThat(mug.getString("name")).isEqualTo("Mug");
            assertThat(mug.getString("materialCost")).isEqualTo("1.25");
            assertThat(mug.getString("standardMinutes")).isEqualTo("4.50");
            assertThat(mug.getString("transferPrice")).isEqualTo("3.10");

            // a second product, then removed again after a second press
            browser.find(product + "[name=code]").clear();
            browser.find(product + "[name=code]").sendKeys("SPARE-2");
            browser.find(product + "button[data-action=save-product]").click();
            browser.waitFor(LIVE, d -> browser.attribute(product + "tr[data-product=SPARE-2]", "data-product") != null);
            browser.find(product + "tr[data-product=SPARE-2] button[data-action=remove-product]").click();
            browser.find(product + "tr[data-product=SPARE-2] button[data-action=confirm-remove-product]").click();
            browser.waitFor(LIVE, d -> browser.attribute(product + "tr[data-product=SPARE-2]", "data-product") == null);
            assertThat(api.get("/api/v1/prisons/LPI/products").json().getJsonArray("products")).hasSize(1);

            String costing = "[data-testid=costing-form] ";
            new Select(browser.find(costing + "select[name=workshop]")).selectByValue("LPI/print-1");
            browser.waitFor(LIVE, d -> browser.text(costing + "[data-field=costingStored]").contains("No costing set for LPI/print-1"));
            browser.find(costing + "[name=instructorHoursPerSession]").sendKeys("3.5");
            browser.find(costing + "[name=instructorHourlyRate]").sendKeys("28.40");
            browser.find(costing + "[name=overheadPerPlannedHour]").sendKeys("12.50");
            browser.find(costing + "[name=allocatedPlaces]").sendKeys("14");
            browser.find(costing + "button[data-action=save-costing]").click();
            browser.waitFor(LIVE, d -> browser.text(costing + "[data-testid=form-ok]").contains("Saved the costing of LPI/print-1"));
            JsonObject cost = api.get("/api/v1/workshops/LPI/print-1/costing").json();
            assertThat(cost.getBoolean("set")).isTrue();
            assertThat(cost.getString("instructorHoursPerSession")).isEqualTo("3.50");
            assertThat(cost.getString("instructorHourlyRate")).isEqualTo("28.40");
            assertThat(cost.getString("overheadPerPlannedHour")).isEqualTo("12.50");
            assertThat(cost.getInteger("allocatedPlaces")).isEqualTo(14);

            String budget = "[data-testid=budget-form] ";
            new Select(browser.find(budget + "select[name=workshop]")).selectByValue("LPI/print-1");
            browser.waitFor(LIVE, d -> browser.text(budget + "[data-field=budgetsNote]").contains("No budgets for LPI/print-1"));
            browser.setValue(budget + "[name=month]", "2026-12");
            browser.find(budget + "[name=plannedGoodUnits]").sendKeys("4000");
            browser.find(budget + "[name=plannedCost]").sendKeys("21000");
            browser.find(budget + "[name=plannedValue]").sendKeys("26000");
            browser.find(budget + "button[data-action=save-budget]").click();
            browser.waitFor(LIVE, d -> browser.text(budget + "[data-testid=form-ok]").contains("Set the budget of LPI/print-1 for 2026-12"));
            browser.waitFor(LIVE, d -> "5000.00".equals(browser.value(budget + "tr[data-month='2026-12'] [data-field=plannedMargin]")));
            JsonObject stored = api.get("/api/v1/workshops/LPI/print-1/budgets").json().getJsonArray("budgets").getJsonObject(0);
            assertThat(stored.getString("month")).isEqualTo("2026-12");
            assertThat(stored.getLong("plannedGoodUnits")).isEqualTo(4000);
            assertThat(stored.getString("plannedCost")).isEqualTo("21000.00");
            assertThat(stored.getString("plannedValue")).isEqualTo("26000.00");

            String subs = "[data-testid=subscriptions-form] ";
            browser.waitFor(LIVE, d -> browser.text(subs + "[data-testid=subscriptions-empty]").contains("No one gets LPI"));
            browser.find(subs + "button[data-action=add-subscription]").click();
            browser.find(subs + "button[data-action=add-subscription]").click();
            String first = subs + "[data-row=subscription]:nth-child(1) ";
            String second = subs + "[data-row=subscription]:nth-child(2) ";
            new Select(browser.find(first + "[name=sub-report]")).selectByValue("weekly");
            new Select(browser.find(first + "[name=sub-workshop]")).selectByValue("print-1");
            browser.find(first + "[name=sub-to]").sendKeys("print.instructors@prison.example, head.of.industries@prison.example");
            new Select(browser.find(second + "[name=sub-report]")).selectByValue("monthly");
            assertThat(browser.find(second + "[name=sub-workshop]").isEnabled()).as("the monthly report covers the prison").isFalse();
            browser.find(second + "[name=sub-to]").sendKeys("not an address");
            browser.find(subs + "button[data-action=save-subscriptions]").click();
            browser.waitFor(LIVE, d -> browser.visibleText(subs + "[data-testid=form-error]") != null);
            assertThat(browser.visibleText(subs + "[data-testid=form-error]")).startsWith("Not sent: Send to:");
            browser.find(second + "[name=sub-to]").clear();
            browser.find(second + "[name=sub-to]").sendKeys("governor@prison.example");
            browser.find(subs + "button[data-action=save-subscriptions]").click();
            browser.waitFor(LIVE, d -> browser.text(subs + "[data-testid=form-ok]").contains("Saved: 2 reports of LPI go by e-mail"));
            JsonArray subscriptions = api.get("/api/v1/prisons/LPI/report-subscriptions").json().getJsonArray("subscriptions");
            assertThat(subscriptions).hasSize(2);
            JsonObject weekly = find(subscriptions, "report", "weekly");
            assertThat(weekly.getString("workshop")).isEqualTo("print-1");
            assertThat(weekly.getJsonArray("to")).containsExactly("print.instructors@prison.example", "head.of.industries@prison.example");
            JsonObject monthly = find(subscriptions, "report", "monthly");
            assertThat(monthly.getString("workshop")).isNull();
            assertThat(monthly.getJsonArray("to")).containsExactly("governor@prison.example");

            // the contract form: internal supply with two dated prices
            String contract = "[data-testid=contract-form] ";
            browser.find(contract + "[name=id]").sendKeys("c-mugs");
            new Select(browser.find(contract + "select[name=workshop]")).selectByValue("LPI/print-1");
            browser.find(contract + "[name=customer]").sendKeys("HMPPS stores");
            browser.find(contract + "[name=product]").sendKeys("MUG-1");
            browser.find(contract + "[name=quantity]").sendKeys("500");
            browser.setValue(contract + "[name=start]", "2026-12-01");
            browser.setValue(contract + "[name=due]", "2027-01-31");
            new Select(browser.find(contract + "select[name=kind]")).selectByValue("INTERNAL");
            browser.find(contract + "button[data-action=add-price]").click();
            browser.find(contract + "button[data-action=add-price]").click();
            browser.setValue(contract + "[data-row=price]:nth-child(1) [name=price-from]", "2026-12-01");
            browser.find(contract + "[data-row=price]:nth-child(1) [name=price-unit]").sendKeys("3.10");
            browser.setValue(contract + "[data-row=price]:nth-child(2) [name=price-from]", "2026-12-01");
            browser.find(contract + "[data-row=price]:nth-child(2) [name=price-unit]").sendKeys("3.40");
            browser.find(contract + "button[data-action=save-contract]").click();
            browser.waitFor(LIVE, d -> browser.visibleText(contract + "[data-testid=form-error]") != null);
            assertThat(browser.visibleText(contract + "[data-testid=form-error]")).contains("Two prices from 2026-12-01");
            browser.setValue(contract + "[data-row=price]:nth-child(2) [name=price-from]", "2027-01-01");
            browser.find(contract + "button[data-action=save-contract]").click();
            browser.waitFor(LIVE, d -> browser.text(contract + "[data-testid=form-ok]").contains("Created contract c-mugs"));
            assertThat(browser.text(contract + "[data-testid=form-ok]")).contains("internal").contains("2 prices from 2026-12-01");
            JsonObject saved = api.get("/api/v1/contracts/c-mugs").json();
            assertThat(saved.getString("kind")).isEqualTo("INTERNAL");
            assertThat(saved.getJsonArray("prices")).containsExactly(
                    new JsonObject().put("from", "2026-12-01").put("unitPrice", "3.10"),
                    new JsonObject().put("from", "2027-01-01").put("unitPrice", "3.40"));

            // a stored contract loads back into the form, prices and all
            browser.open(base + "#/");
            browser.open(base + "#/manage");
            browser.waitFor(LIVE, d -> browser.attribute(contract + "[name=id]", "name") != null);
            browser.find(contract + "[name=id]").sendKeys("c-mugs");
            browser.find(contract + "button[data-action=load-contract]").click();
            browser.waitFor(LIVE, d -> browser.text(contract + "[data-testid=form-ok]").contains("Loaded contract c-mugs"));
            assertThat(browser.script("return document.querySelector(arguments[0]).value", contract + "[name=kind]")).isEqualTo("INTERNAL");
            assertThat(browser.count(contract + "[data-row=price]")).isEqualTo(2);
            assertThat(browser.script("return document.querySelector(arguments[0]).value", contract + "[name=customer]")).isEqualTo("HMPPS stores");
            assertThat(browser.unexpectedConsoleErrors()).isEmpty();
        }
    }

    @Test
    void theSessionReportPageShowsTheJsonsCellsWithMoneyRightAligned() {
        String manager = service.token("m.mdi", Caller.Role.MANAGER, MONTH, "MDI");
        try (Browser browser = new Browser(1600, 1880)) {
            browser.signIn(base, manager, LIVE);
            // from the workshop view's link: the current or last session, which is the one that ended ten minutes ago
            browser.open(base + "#/workshop/MDI/textiles-9");
            browser.waitFor(LIVE, d -> browser.attribute("[data-testid=session-report-link]", "href") != null);
            browser.find("[data-testid=session-report-link]").click();
            browser.waitFor(LIVE, d -> "session".equals(browser.attribute("[data-testid=report]", "data-kind")));
            assertThat(browser.script("return location.hash")).isEqualTo("#/reports/session/MDI/textiles-9");
            JsonObject json = awaitSameCells(browser, () -> admin.as(manager)
                    .get("/api/v1/workshops/MDI/textiles-9/reports/session?start=" + sessionStart).json());
            assertThat(browser.text("[data-field=reportTitle]")).isEqualTo("Session report: Textiles 9");
            assertThat(browser.text("[data-field=reportSubtitle]")).isEqualTo(json.getString("subtitle"));

            assertThat(cell(browser, "Summary", "Good units", 1)).isEqualTo("150");
            assertThat(cell(browser, "Cost and value", "Total cost", 1)).isEqualTo("245.00");
            assertThat(cell(browser, "Cost and value", "Value earned", 1)).isEqualTo("600.00");
            assertThat(cell(browser, "Cost and value", "Margin", 1)).isEqualTo("355.00");
            assertThat(shown(browser, "Cost and value", "Total cost", 1)).isEqualTo("245.00");
            assertThat(align(browser, "Cost and value", "Total cost", 1)).as("money right-aligned").isEqualTo("right");
            assertThat(align(browser, "Cost and value", "Total cost", 0)).isEqualTo("left");
            assertThat(browser.text("[data-section^='Cost and value'] .report-notes"))
                    .contains("50 good and 0 rejected units are of products not in the catalogue");
            // a figure the service has not got is a dash, not a nought
            assertThat(cell(browser, "Where the time went", "Speed loss", 2)).isEqualTo("-");
            assertThat(shown(browser, "Where the time went", "Speed loss", 2)).isEqualTo(DASH);
            // the losses chart: one bar a category with a value
            assertThat(browser.count("[data-section^='Where the time went'] svg[data-testid=report-chart]")).isEqualTo(1);
            assertThat(browser.count("[data-section^='Where the time went'] rect.bar-rect")).isEqualTo(
                    json.getJsonArray("sections").getJsonObject(1).getJsonObject("chart").getJsonArray("labels").size());
            assertThat(browser.count("[data-testid=report] th[scope=col]")).isGreaterThan(0);

            // the picker follows the address
            browser.waitFor(LIVE, d -> "textiles-9".equals(browser.script(
                    "const e = document.querySelector('[data-testid=report-form] [name=workshop]'); return e && e.value")));
            assertThat(browser.script("return document.querySelector('[data-testid=report-form] input[data-kind=session]').checked")).isEqualTo(true);
            scrollToReport(browser);
            browser.screenshot(SCREENSHOTS.resolve("report-session.png"));
            assertThat(browser.unexpectedConsoleErrors()).isEmpty();
        }
    }

    @Test
    void aCsvAndAPdfAreDownloadedFromTheButtonsWithTheSignInInAHeaderNotTheAddress(@TempDir Path downloads) throws Exception {
        String viewer = service.token("v.mdi", Caller.Role.VIEWER, MONTH, "MDI");
        try (Browser browser = new Browser(1600, 1000)) {
            ((ChromiumDriver) browser.driver).executeCdpCommand("Browser.setDownloadBehavior",
                    Map.of("behavior", "allow", "downloadPath", downloads.toAbsolutePath().toString()));
            browser.signIn(base, viewer, LIVE);
            browser.open(base + "#/reports/session/MDI/textiles-9?start=" + sessionStart);
            browser.waitFor(LIVE, d -> browser.attribute("[data-testid=report]", "data-file") != null);
            String file = browser.attribute("[data-testid=report]", "data-file");
            assertThat(file).startsWith("session-MDI-textiles-9-");

            browser.find("[data-testid=report] button[data-action=download-csv]").click();
            Path csv = awaitFile(downloads, file + ".csv");
            String text = Files.readString(csv, StandardCharsets.UTF_8);
            assertThat(text).startsWith("Session report: Textiles 9").contains("Total cost,245.00").contains("Value earned,600.00");
            browser.waitFor(LIVE, d -> browser.text("[data-testid=download-status]").contains("Downloaded " + file + ".csv"));

            browser.find("[data-testid=report] button[data-action=download-pdf]").click();
            Path pdf = awaitFile(downloads, file + ".pdf");
            byte[] bytes = Files.readAllBytes(pdf);
            try (PDDocument document = Loader.loadPDF(bytes)) {
                assertThat(new PDFTextStripper().getText(document)).contains("Session report: Textiles 9")
                        .contains("Total cost 245.00").contains("Value earned 600.00");
                BufferedImage page = new PDFRenderer(document).renderImageWithDPI(0, 110);
                Files.createDirectories(SCREENSHOTS);
                ImageIO.write(page, "png", SCREENSHOTS.resolve("report-pdf.png").toFile());
            }
            browser.waitFor(LIVE, d -> browser.text("[data-testid=download-status]").contains("Downloaded " + file + ".pdf"));

            @SuppressWarnings("unchecked")
            List<String> asked = (List<String>) browser.script(
                    "return performance.getEntriesByType('resource').map(e => e.name).filter(n => n.includes('format='))");
            assertThat(asked).hasSize(2).allSatisfy(url -> assertThat(url).doesNotContainIgnoringCase("token").doesNotContain(viewer));
            assertThat(browser.unexpectedConsoleErrors()).isEmpty();
        }
    }

    @Test
    void aMonthlyReportChosenInThePickerSetsEachWorkshopAgainstItsBudget() {
        String manager = service.token("m.mdi", Caller.Role.MANAGER, MONTH, "MDI");
        try (Browser browser = new Browser(1600, 1500)) {
            browser.signIn(base, manager, LIVE);
            browser.find("a[data-nav=reports]").click();
            browser.waitFor(LIVE, d -> browser.attribute("[data-testid=report-form] input[data-kind=monthly]", "id") != null);
            assertThat(browser.text("[data-testid=report-prompt]")).contains("Choose a report");
            browser.find("[data-testid=report-form] label[for='" + browser.attribute("[data-testid=report-form] input[data-kind=monthly]", "id") + "']").click();
            assertThat(browser.find("[data-testid=report-form] [name=workshop]").isDisplayed()).as("a month is the prison's").isFalse();
            browser.setValue("[data-testid=report-form] [name=month]", month);
            browser.find("[data-testid=report-form] button[data-action=show-report]").click();
            browser.waitFor(LIVE, d -> "monthly".equals(browser.attribute("[data-testid=report]", "data-kind")));
            assertThat(browser.script("return location.hash")).isEqualTo("#/reports/monthly/MDI/" + month);
            awaitSameCells(browser, () -> admin.as(manager).get("/api/v1/prisons/MDI/reports/monthly?month=" + month).json());

            String budget = "Actual against budget";
            assertThat(cell(browser, budget, "textiles-9", 1)).isEqualTo("150");
            assertThat(cell(browser, budget, "textiles-9", 2)).isEqualTo("1000");
            assertThat(cell(browser, budget, "textiles-9", 5)).isEqualTo("600.00");
            assertThat(cell(browser, budget, "textiles-9", 6)).isEqualTo("5000.00");
            assertThat(align(browser, budget, "textiles-9", 6)).isEqualTo("right");
            // the chart: value and budget side by side for the workshop, with a legend naming both
            String chart = "[data-section^='Actual against budget'] ";
            assertThat(browser.attribute(chart + "rect.bar-rect[data-series=Value][data-label=textiles-9]", "data-value")).isEqualTo("600");
            assertThat(browser.attribute(chart + "rect.bar-rect[data-series=Budget][data-label=textiles-9]", "data-value")).isEqualTo("5000");
            assertThat(browser.text(chart + ".bar-legend")).contains("Value").contains("Budget");
            assertThat(cell(browser, "Contracts", "c-totes", 6)).isEqualTo("600.00");
            scrollToReport(browser);
            browser.screenshot(SCREENSHOTS.resolve("report-monthly.png"));
            assertThat(browser.unexpectedConsoleErrors()).isEmpty();
        }
    }

    @Test
    void anInstructorReadsTheSessionReportWithoutMoneyAndIsOfferedNoOtherReport() {
        String instructor = service.token("i.tex", Caller.Role.INSTRUCTOR, MONTH, "MDI");
        try (Browser browser = new Browser(800, 1280)) {
            browser.signIn(base, instructor, LIVE);
            assertThat(browser.find("a[data-nav=reports]").isDisplayed()).isTrue();
            browser.open(base + "#/reports");
            browser.waitFor(LIVE, d -> browser.options("[data-testid=report-form] [name=workshop]").contains("textiles-9"));
            assertThat(browser.count("[data-testid=report-form] input[type=radio]")).as("no choice of kind").isZero();
            assertThat(browser.text("[data-testid=report-kinds]")).contains("Session report");
            assertThat(browser.count("[data-testid=report-form] [name=week]:not([disabled]), [data-testid=report-form] [name=month]:not([disabled])")).isZero();

            // the session picker offers the sessions of the last fortnight: today's is the one that ended ten minutes ago
            new Select(browser.find("[data-testid=report-form] [name=workshop]")).selectByValue("textiles-9");
            assertThat(browser.options("[data-testid=report-form] [name=session]")).contains(sessionStart.toString());
            new Select(browser.find("[data-testid=report-form] [name=session]")).selectByValue(sessionStart.toString());
            browser.find("[data-testid=report-form] button[data-action=show-report]").click();
            browser.waitFor(LIVE, d -> "session".equals(browser.attribute("[data-testid=report]", "data-kind")));
            assertThat(browser.script("return decodeURIComponent(location.hash)"))
                    .isEqualTo("#/reports/session/MDI/textiles-9?start=" + sessionStart);
            assertThat(cell(browser, "Summary", "Good units", 1)).isEqualTo("150");
            assertThat(cell(browser, "Summary", "Attended hours", 1)).isEqualTo("14.00");
            @SuppressWarnings("unchecked")
            List<String> titles = (List<String>) browser.script(
                    "return [...document.querySelectorAll('[data-testid=report] [data-section]')].map(s => s.dataset.section)");
            assertThat(titles).as("no money for an instructor").noneMatch(t -> t.startsWith("Cost") || t.startsWith("Products"));
            assertThat(browser.text("[data-testid=report]")).doesNotContain("245.00").doesNotContain("GBP");

            // an address for another report says why, and asks the service nothing
            browser.open(base + "#/reports/monthly/MDI/" + month);
            browser.waitFor(LIVE, d -> browser.text("[data-testid=report-error]") != null);
            assertThat(browser.text("[data-testid=report-error]")).contains("Instructors read session reports");
            assertThat(browser.script("return performance.getEntriesByType('resource').filter(e => e.name.includes('/reports/monthly')).length"))
                    .isEqualTo(0L);
            // nor does the workshop view or the contracts list link to one
            browser.open(base + "#/workshop/MDI/textiles-9");
            browser.waitFor(LIVE, d -> browser.attribute("[data-testid=session-report-link]", "href") != null);
            assertThat(browser.count("[data-testid=weekly-report-link]")).isZero();
            browser.open(base + "#/contracts");
            browser.waitFor(LIVE, d -> browser.attribute("tr[data-contract=c-totes]", "data-contract") != null);
            assertThat(browser.count("[data-testid=contract-report-link]")).isZero();
            assertThat(browser.unexpectedConsoleErrors()).isEmpty();
        }
    }

    @Test
    void aViewerReadsTheMonthlyWeeklyAndContractReportsButGetsNoManageForms() {
        String viewer = service.token("v.gov", Caller.Role.VIEWER, MONTH, "MDI");
        try (Browser browser = new Browser(1600, 1000)) {
            browser.signIn(base, viewer, LIVE);
            assertThat(browser.find("#nav-manage").isDisplayed()).isFalse();
            browser.open(base + "#/reports/monthly/MDI");
            browser.waitFor(LIVE, d -> "monthly".equals(browser.attribute("[data-testid=report]", "data-kind")));
            assertThat(cell(browser, "Actual against budget", "textiles-9", 6)).isEqualTo("5000.00");
            assertThat(cell(browser, "Purposeful activity", "textiles-9", 4)).isEqualTo("14.00");
            @SuppressWarnings("unchecked")
            List<String> kinds = (List<String>) browser.script(
                    "return [...document.querySelectorAll('[data-testid=report-form] input[type=radio]')].map(r => r.value)");
            assertThat(kinds).containsExactly("session", "weekly", "monthly", "contract");

            browser.open(base + "#/contracts");
            browser.waitFor(LIVE, d -> browser.attribute("tr[data-contract=c-totes] [data-testid=contract-report-link]", "href") != null);
            browser.find("tr[data-contract=c-totes] [data-testid=contract-report-link]").click();
            browser.waitFor(LIVE, d -> "contract".equals(browser.attribute("[data-testid=report]", "data-kind")));
            assertThat(browser.script("return location.hash")).isEqualTo("#/reports/contract/MDI/c-totes");
            assertThat(cell(browser, "Money", "Value to date", 1)).isEqualTo("600.00");
            assertThat(cell(browser, "Money", "Price per unit now", 1)).isEqualTo("6.00");

            // the workshop view's weekly link: this week, day by day against target, the picker's week the ISO week
            browser.open(base + "#/workshop/MDI/textiles-9");
            browser.waitFor(LIVE, d -> browser.attribute("[data-testid=weekly-report-link]", "href") != null);
            browser.find("[data-testid=weekly-report-link]").click();
            browser.waitFor(LIVE, d -> "weekly".equals(browser.attribute("[data-testid=report]", "data-kind")));
            LocalDate today = LocalDate.now(zone);
            String week = String.format("%d-W%02d", today.get(IsoFields.WEEK_BASED_YEAR), today.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
            assertThat(browser.text("[data-field=reportSubtitle]")).contains("week " + week);
            assertThat(cell(browser, "Day by day", "Week", 3)).as("the week's good units").isEqualTo("150");
            assertThat(browser.text("[data-section='Day by day'] .bar-legend")).contains("Good").contains("Target");
            browser.waitFor(LIVE, d -> week.equals(browser.script(
                    "const e = document.querySelector('[data-testid=report-form] [name=week]'); return e && e.value")));

            // a workshop of another prison is not there for a viewer of MDI: the service's words
            browser.open(base + "#/reports/weekly/LPI/print-1");
            browser.waitFor(LIVE, d -> browser.text("[data-testid=report-error]") != null);
            assertThat(browser.text("[data-testid=report-error]")).startsWith("No report:");

            browser.open(base + "#/manage");
            browser.waitFor(LIVE, d -> browser.text("[data-testid=manage-refused]") != null);
            assertThat(browser.count("main form")).isZero();
            assertThat(browser.unexpectedConsoleErrors()).isEmpty();
        }
    }

    // ---- helpers


    private static String state(Instant ts, String state, String reason) {
        return new JsonObject().put("ts", ts.toString()).put("state", state).put("reason", reason).encode();
    }

    /** The JSON's cell of the row labelled {@code row} in the section whose title starts with {@code section}. */
    private static String jsonCell(JsonObject report, String section, String row, int column) {
        return report.getJsonArray("sections").stream().map(JsonObject.class::cast)
                .filter(s -> s.getString("title").startsWith(section)).findFirst()
                .flatMap(s -> s.getJsonArray("rows").stream().map(JsonArray.class::cast)
                        .filter(r -> r.getString(0).equals(row)).findFirst())
                .map(r -> r.getString(column)).orElse(null);
    }


    private static JsonObject find(JsonArray array, String key, String value) {
        return array.stream().map(JsonObject.class::cast).filter(o -> value.equals(o.getString(key))).findFirst().orElseThrow();
    }

    /** The JSON's sections as the page should show them: title, column heads (when there are rows), the cells. */
    private static List<Map<String, Object>> sections(JsonObject report) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object s : report.getJsonArray("sections")) {
            JsonObject section = (JsonObject) s;
            List<Object> rows = section.getJsonArray("rows").stream().map(r -> (Object) ((JsonArray) r).getList()).toList();
            out.add(Map.of("title", section.getString("title"),
                    "columns", rows.isEmpty() ? List.of() : section.getJsonArray("columns").getList(), "rows", rows));
        }
        return out;
    }

    /**
     * Asserts the page shows every section, row and cell as the JSON has it, and answers that JSON. An alert
     * may open between the page's read and the test's: then the report is shown afresh and compared again.
     */
    private static JsonObject awaitSameCells(Browser browser, java.util.function.Supplier<JsonObject> api) {
        for (int attempt = 1; ; attempt++) {
            JsonObject json = api.get();
            List<Map<String, Object>> page = pageSections(browser);
            if (page.equals(sections(json)) || attempt == 3) {
                assertThat(page).as("every section, row and cell as the JSON has it").isEqualTo(sections(json));
                return json;
            }
            browser.script("document.querySelector('[data-testid=report]').dataset.old = 'yes'");
            browser.find("[data-testid=report-form] button[data-action=show-report]").click();
            browser.waitFor(LIVE, d -> browser.attribute("[data-testid=report]:not([data-old])", "data-kind") != null);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> pageSections(Browser browser) {
        return (List<Map<String, Object>>) browser.script("return [...document.querySelectorAll('[data-testid=report] [data-section]')]"
                + ".map(s => ({title: s.dataset.section, columns: [...s.querySelectorAll('thead th')].map(t => t.textContent),"
                + " rows: [...s.querySelectorAll('tbody tr')].map(r => [...r.children].map(c => c.dataset.value))}))");
    }

    private static final String CELL = "const s = [...document.querySelectorAll('[data-testid=report] [data-section]')]"
            + ".find(x => x.dataset.section.startsWith(arguments[0]));"
            + " const r = s && [...s.querySelectorAll('tbody tr')].find(x => x.dataset.row === arguments[1]);"
            + " const c = r && r.children[arguments[2]];";

    /** The raw cell (as the JSON has it) of the row labelled {@code row} in the section whose title starts with {@code section}. */
    private static String cell(Browser browser, String section, String row, int column) {
        return (String) browser.script(CELL + " return c ? c.dataset.value : null;", section, row, column);
    }

    /** The same cell's text as shown. */
    private static String shown(Browser browser, String section, String row, int column) {
        return (String) browser.script(CELL + " return c ? c.textContent : null;", section, row, column);
    }

    private static String align(Browser browser, String section, String row, int column) {
        return (String) browser.script(CELL + " return c ? getComputedStyle(c).textAlign : null;", section, row, column);
    }

    /** Waits for a finished download (Chromium writes a .crdownload first, then renames it). */
    private static Path awaitFile(Path downloads, String name) {
        Path file = downloads.resolve(name);
        await().atMost(LIVE).pollInterval(Duration.ofMillis(200)).until(() -> Files.isRegularFile(file) && Files.size(file) > 0
                && noPartials(downloads));
        return file;
    }

    private static boolean noPartials(Path downloads) {
        try (Stream<Path> files = Files.list(downloads)) {
            return files.noneMatch(f -> f.getFileName().toString().endsWith(".crdownload"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The report's title just under the sticky top bar. */
    private static void scrollToReport(Browser browser) {
        browser.script("const r = document.querySelector('[data-testid=report]').getBoundingClientRect();"
                + " window.scrollTo(0, r.top + window.scrollY - document.querySelector('.topbar').offsetHeight - 12)");
    }






}
