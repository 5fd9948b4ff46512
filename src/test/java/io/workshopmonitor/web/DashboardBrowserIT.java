package io.workshopmonitor.web;

import io.vertx.core.json.JsonObject;
import io.workshopmonitor.domain.Caller;
import io.workshopmonitor.live.LiveFiguresIntegrationTestSupport;
import io.workshopmonitor.support.Browser;
import io.workshopmonitor.support.Devices;
import io.workshopmonitor.support.RunningService;
import io.workshopmonitor.support.TestDatabase;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.openqa.selenium.interactions.Actions;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web dashboard in a real headless Chromium against the running service: readings published over MQTT
 * change the numbers on the page without a reload, an alert is acknowledged from the page and the API says
 * so, and a cut live feed is shown and recovers by itself.
 */
class DashboardBrowserIT {

    private static final String KEY = "MDI/print-2";
    private static final String TILE = "[data-testid=tile][data-workshop='" + KEY + "'] ";
    private static final String VIEW = "[data-testid=workshop-view][data-workshop='" + KEY + "'] ";
    private static final Duration LIVE = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    @Test
    void pageFollowsReadingsAcknowledgesAnAlertAndSurvivesACutFeed() throws Exception {
        Instant now = Instant.now();
        Map<String, String> env = RunningService.env(dir, Map.of("WM_DATABASE_URL", TestDatabase.create().url(),
                "WM_ALERTS_HOLD_SECONDS", "1", "WM_ALERTS_EVALUATE_SECONDS", "1"));
        String base = "http://localhost:" + env.get("WM_HTTP_PORT") + "/";
        RunningService service = RunningService.start(env);
        try (Browser browser = new Browser(1600, 1000)) {
            service.http.put("/api/v1/workshops/" + KEY,
                    LiveFiguresIntegrationTestSupport.workshop(now.truncatedTo(ChronoUnit.MINUTES).minus(1, ChronoUnit.HOURS)));
            LocalDate today = LocalDate.now(ZoneOffset.UTC);
            service.http.put("/api/v1/contracts/c-2026-0142", new JsonObject().put("workshop", KEY).put("customer", "Acme Cards")
                    .put("product", "GC-A6").put("quantity", 1000).put("start", today.minusDays(1).toString())
                    .put("due", today.plusDays(30).toString()).encode());

            // an instructor of MDI signs in with a link that carries their token
            String instructor = service.token("J. Smith", Caller.Role.INSTRUCTOR, "MDI");
            browser.open(base + "#token=" + instructor);
            browser.waitFor(LIVE, d -> "connected".equals(browser.attribute("#connection", "data-state")));
            browser.waitFor(LIVE, d -> browser.value(TILE + "[data-field=sessionGood]") != null);
            browser.script("window.__sameDocument = true;");

            publish(service, counter(now.minusSeconds(300), 1, 100, 0), counter(now.minusSeconds(200), 2, 190, 2));
            browser.waitFor(LIVE, d -> "90".equals(browser.value(TILE + "[data-field=sessionGood]")));
            publish(service, counter(now.minusSeconds(100), 3, 300, 3));
            browser.waitFor(LIVE, d -> "200".equals(browser.value(TILE + "[data-field=sessionGood]")));
            assertThat(browser.value(TILE + "[data-field=target]")).isEqualTo("3000");
            // meaning is written, not only coloured: 200 of 3000 an hour into a 3-hour session is behind
            assertThat(browser.text(TILE + "[data-field=onPace]")).containsIgnoringCase("behind");
            assertThat(browser.script("return window.__sameDocument === true;")).as("updated without a reload").isEqualTo(true);

            browser.open(base + "#/workshop/" + KEY);
            browser.waitFor(LIVE, d -> "200".equals(browser.value(VIEW + "[data-field=sessionGood]")));
            assertThat(browser.value(VIEW + "tr[data-station=press-1] [data-field=sessionGood]")).isEqualTo("200");
            assertThat(browser.text(VIEW + "tr[data-station=press-1] [data-field=lastSeen]")).contains("ago");
            // 10 more good and 37 rejected: 210 good, 40 rejected in the window, quality 0.84, below 0.95
            publish(service, counter(now.minusSeconds(50), 4, 310, 40));
            browser.waitFor(LIVE, d -> "210".equals(browser.value(VIEW + "[data-field=sessionGood]")));
            String alertId = awaitAlertId(service);
            String alert = VIEW + "[data-testid=alert][data-alert-id='" + alertId + "']";
            browser.waitFor(LIVE, d -> "OPEN".equals(browser.attribute(alert, "data-state")));

            // by keyboard alone: Tab until the alert's Acknowledge button has focus, then Enter
            String button = alert + " button[data-action=acknowledge]";
            boolean reached = false;
            for (int i = 0; i < 150 && !reached; i++) {
                new Actions(browser.driver).sendKeys(Keys.TAB).perform();
                reached = Boolean.TRUE.equals(browser.script("return document.activeElement.matches(arguments[0]);", button));
            }
            assertThat(reached).as("the Acknowledge button is reachable with the keyboard").isTrue();
            new Actions(browser.driver).sendKeys(Keys.ENTER).perform();
            browser.waitFor(LIVE, d -> browser.find("dialog[data-testid=ack-dialog]").isDisplayed());
            browser.find("dialog[data-testid=ack-dialog] textarea[name=comment]").sendKeys("feeder adjusted");
            browser.find("dialog[data-testid=ack-dialog] button[data-action=confirm-acknowledge]").click();
            browser.waitFor(LIVE, d -> "ACKNOWLEDGED".equals(browser.attribute(alert, "data-state")));
            JsonObject stored = service.http.get("/api/v1/alerts/" + alertId).json();
            assertThat(stored.getString("state")).isEqualTo("ACKNOWLEDGED");
            assertThat(stored.getString("acknowledgedBy")).isEqualTo("J. Smith");
            assertThat(stored.getString("comment")).isEqualTo("feeder adjusted");

            browser.open(base + "#/contracts");
            browser.waitFor(LIVE, d -> "210".equals(browser.value("tr[data-contract=c-2026-0142] [data-field=produced]")));
            assertThat(browser.value("tr[data-contract=c-2026-0142] [data-field=progress]")).isEqualTo("0.21");

            // cut the live feed: the service goes away, the page says so, and recovers by itself when it is back
            browser.open(base + "#/workshop/" + KEY);
            browser.waitFor(LIVE, d -> "connected".equals(browser.attribute("#connection", "data-state")));
            assertThat(browser.consoleErrors()).as("errors in the browser console").isEmpty();
            service.close();
            service = null;
            browser.waitFor(LIVE, d -> "disconnected".equals(browser.attribute("#connection", "data-state")));
            assertThat(browser.text("#connection")).containsIgnoringCase("disconnected");
            service = RunningService.start(env);
            browser.waitFor(Duration.ofSeconds(45), d -> "connected".equals(browser.attribute("#connection", "data-state")));
            publish(service, counter(Instant.now().minusSeconds(5), 5, 330, 40));
            browser.waitFor(LIVE, d -> "230".equals(browser.value(VIEW + "[data-field=sessionGood]")));
            // while the service was away, its requests failed: that is the outage, not a fault of the page
            assertThat(browser.consoleErrors()).filteredOn(e -> !e.contains("net::ERR_") && !e.contains("WebSocket connection"))
                    .as("errors in the browser console besides the outage").isEmpty();
        } finally {
            if (service != null) {
                service.close();
            }
        }
    }

    private static String awaitAlertId(RunningService service) throws InterruptedException {
        long deadline = System.nanoTime() + LIVE.toNanos();
        while (System.nanoTime() < deadline) {
            var alerts = service.http.get("/api/v1/alerts?kind=QUALITY_LOW&workshop=" + KEY).json().getJsonArray("alerts");
            if (!alerts.isEmpty()) {
                return alerts.getJsonObject(0).getString("id");
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no QUALITY_LOW alert within " + LIVE);
    }

    private static String counter(Instant ts, long seq, long good, long reject) {
        return "{\"ts\":\"" + ts + "\",\"seq\":" + seq + ",\"good\":" + good + ",\"reject\":" + reject + ",\"product\":\"GC-A6\"}";
    }

    private static void publish(RunningService service, String... payloads) {
        MqttClient device = Devices.connect(service.mqttUri(), "browser-test-" + System.nanoTime());
        try {
            for (String payload : payloads) {
                Devices.publish(device, "industries/" + KEY + "/press-1/counter", payload, 1);
            }
        } finally {
            Devices.closeQuietly(device);
        }
    }
}
