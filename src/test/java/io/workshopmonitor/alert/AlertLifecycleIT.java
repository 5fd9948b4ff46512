package io.workshopmonitor.alert;

import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.workshopmonitor.domain.Caller;
import io.workshopmonitor.live.LiveFiguresIntegrationTestSupport;
import io.workshopmonitor.support.Devices;
import io.workshopmonitor.support.FeedClient;
import io.workshopmonitor.support.Http;
import io.workshopmonitor.support.RunningService;
import io.workshopmonitor.support.TestDatabase;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * MQTT in → an alert on the live feed and at a real webhook receiver → acknowledged over HTTP → the service
 * restarts → the alert is intact and not opened twice → the condition clears → resolved everywhere.
 */
class AlertLifecycleIT {

    private static final String WORKSHOP = "MDI/print-2";
    private static final String SECRET = "a-webhook-secret-of-some-length";
    private static final String COUNTER = "industries/MDI/print-2/press-1/counter";

    /** One request the webhook receiver got. */
    record Received(String event, String delivery, String timestamp, String signature, String body, int answeredWith) {
        JsonObject json() {
            return new JsonObject(body);
        }
    }

    @TempDir
    Path dir;
    private HttpServer receiver;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    /** The receiver fails the first attempt of every delivery, so each must be retried to arrive. */
    private final java.util.Set<String> failedOnce = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @BeforeEach
    void startReceiver() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hooks/alerts", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            var headers = exchange.getRequestHeaders();
            int status = failedOnce.add(String.valueOf(headers.getFirst("X-Workshop-Monitor-Delivery"))) ? 500 : 204;
            received.add(new Received(headers.getFirst("X-Workshop-Monitor-Event"), headers.getFirst("X-Workshop-Monitor-Delivery"),
                    headers.getFirst("X-Workshop-Monitor-Timestamp"), headers.getFirst("X-Workshop-Monitor-Signature"),
                    new String(body, StandardCharsets.UTF_8), status));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stopReceiver() {
        receiver.stop(0);
    }

    @Test
    void lowQualityAlertTravelsItsWholeLifecycleAcrossARestart() throws Exception {
        Instant now = Instant.now();
        Map<String, String> env = RunningService.env(dir, Map.of("WM_DATABASE_URL", TestDatabase.create().url(),
                "WM_ALERTS_HOLD_SECONDS", "1", "WM_ALERTS_EVALUATE_SECONDS", "1",
                // the test's receiver listens on loopback, which webhooks may reach only when allowed
                "WM_ALERTS_WEBHOOK_ALLOWED_NETWORKS", "127.0.0.0/8"));
        String alertId;
        try (RunningService service = RunningService.start(env)) {
            service.http.put("/api/v1/workshops/" + WORKSHOP,
                    LiveFiguresIntegrationTestSupport.workshop(now.truncatedTo(ChronoUnit.MINUTES).minus(1, ChronoUnit.HOURS)));
            assertThat(service.http.put("/api/v1/webhooks/mdi-duty", new JsonObject().put("prison", "MDI")
                    .put("url", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks/alerts")
                    .put("secret", SECRET).encode()).status()).isEqualTo(201);
            JsonObject listed = service.http.get("/api/v1/webhooks").json().getJsonArray("webhooks").getJsonObject(0);
            assertThat(listed.getString("url")).endsWith("/hooks/alerts");
            assertThat(listed.containsKey("secret")).as("the secret is never read back").isFalse();

            try (FeedClient feed = new FeedClient(Integer.parseInt(env.get("WM_HTTP_PORT")), RunningService.adminToken(env))) {
                feed.send("{\"subscribe\": [\"MDI/*\"]}");
                // 10 good and 20 rejected in the window: quality 0.33 over 30 units, below 0.95
                publish(service, counter(now.minusSeconds(120), 1, 100, 0), counter(now.minusSeconds(60), 2, 110, 20));

                JsonObject opened = feed.next(m -> isQualityAlert(m, "OPEN"), Duration.ofSeconds(20));
                alertId = opened.getString("id");
                assertThat(opened.getString("workshop")).isEqualTo(WORKSHOP);
                assertThat(opened.getString("severity")).isEqualTo("WARNING");
                assertThat(opened.getDouble("value")).isEqualTo(0.3333);
                assertThat(opened.getDouble("threshold")).isEqualTo(0.95);
                assertThat(opened.getString("text")).contains("Print 2").contains("33.3%");

                // the webhook: failed once, retried, delivered, the same delivery id both times, signed
                await().atMost(Duration.ofSeconds(20)).until(() -> delivered("alert.opened", alertId) != null);
                Received first = delivered("alert.opened", alertId);
                assertThat(received).filteredOn(r -> r.delivery().equals(first.delivery())).extracting(Received::answeredWith)
                        .containsExactly(500, 204);
                assertThat(first.signature()).isEqualTo("sha256=" + hmac(first.timestamp() + "." + first.body()));
                assertThat(first.json().getString("event")).isEqualTo("alert.opened");

                JsonArray open = service.http.get("/api/v1/alerts?state=OPEN&kind=QUALITY_LOW&workshop=" + WORKSHOP).json()
                        .getJsonArray("alerts");
                assertThat(open).hasSize(1);
                assertThat(open.getJsonObject(0).getString("id")).isEqualTo(alertId);

                // who acknowledges is the signed-in instructor, from the token
                Http.Response ack = service.http.as(service.token("J. Smith", Caller.Role.INSTRUCTOR, "MDI"))
                        .post("/api/v1/alerts/" + alertId + "/acknowledge", "{\"comment\": \"checking the feed rollers\"}");
                assertThat(ack.status()).isEqualTo(200);
                assertThat(ack.json().getString("state")).isEqualTo("ACKNOWLEDGED");
                assertThat(ack.json().getString("acknowledgedBy")).isEqualTo("J. Smith");
                assertThat(feed.next(m -> isQualityAlert(m, "ACKNOWLEDGED"), Duration.ofSeconds(10)).getString("comment"))
                        .isEqualTo("checking the feed rollers");
                await().atMost(Duration.ofSeconds(20)).until(() -> delivered("alert.acknowledged", alertId) != null);

                Http.Response again = service.http.post("/api/v1/alerts/" + alertId + "/acknowledge", "{}");
                assertThat(again.status()).isEqualTo(409);
                assertThat(again.json().getString("detail")).contains("J. Smith");
            }
            await().atMost(Duration.ofSeconds(15)).until(() -> Devices.metric(service.management.get("/metrics").body(),
                    "workshop_alerts_open{kind=\"QUALITY_LOW\",prison=\"MDI\",workshop=\"print-2\"}") == 1);
        }

        try (RunningService restarted = RunningService.start(env)) {
            JsonObject after = restarted.http.get("/api/v1/alerts/" + alertId).json();
            assertThat(after.getString("state")).isEqualTo("ACKNOWLEDGED");
            assertThat(after.getJsonArray("history")).extracting(e -> ((JsonObject) e).getString("state"))
                    .containsExactly("OPEN", "ACKNOWLEDGED");
            try (FeedClient feed = new FeedClient(Integer.parseInt(env.get("WM_HTTP_PORT")), RunningService.adminToken(env))) {
                feed.send("{\"subscribe\": [\"" + WORKSHOP + "\"]}");
                // a new screen is told what is already open, right after the snapshot
                assertThat(feed.next(m -> isQualityAlert(m, "ACKNOWLEDGED"), Duration.ofSeconds(10)).getString("id"))
                        .isEqualTo(alertId);
                // the condition still holds after the restart, and several evaluations pass: still one alert
                Thread.sleep(3_000);
                assertThat(restarted.http.get("/api/v1/alerts?kind=QUALITY_LOW&workshop=" + WORKSHOP).json()
                        .getJsonArray("alerts")).hasSize(1);

                // 400 more good units: 410 / 430 = 0.953, back above the target
                publish(restarted, counter(Instant.now().minusSeconds(5), 3, 510, 20));
                JsonObject resolved = feed.next(m -> isQualityAlert(m, "RESOLVED"), Duration.ofSeconds(20));
                assertThat(resolved.getString("id")).isEqualTo(alertId);
                assertThat(resolved.getString("resolvedAt")).isNotNull();
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> delivered("alert.resolved", alertId) != null);
            assertThat(restarted.http.get("/api/v1/alerts/" + alertId).json().getJsonArray("history"))
                    .extracting(e -> ((JsonObject) e).getString("state")).containsExactly("OPEN", "ACKNOWLEDGED", "RESOLVED");
            await().atMost(Duration.ofSeconds(15)).until(() -> Devices.metric(restarted.management.get("/metrics").body(),
                    "workshop_alerts_open{kind=\"QUALITY_LOW\",prison=\"MDI\",workshop=\"print-2\"}") == 0);
            assertThat(Devices.metric(restarted.management.get("/metrics").body(),
                    "webhook_deliveries_total{outcome=\"delivered\"}")).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void contractFallingBehindRaisesAnAlertAndItsProgressIsExported() throws Exception {
        Instant now = Instant.now();
        Map<String, String> env = RunningService.env(dir, Map.of("WM_DATABASE_URL", TestDatabase.create().url(),
                "WM_ALERTS_HOLD_SECONDS", "0", "WM_ALERTS_WEBHOOK_ALLOWED_NETWORKS", "127.0.0.0/8"));
        try (RunningService service = RunningService.start(env)) {
            service.http.put("/api/v1/workshops/" + WORKSHOP,
                    LiveFiguresIntegrationTestSupport.workshop(now.truncatedTo(ChronoUnit.MINUTES).minus(1, ChronoUnit.HOURS)));
            try (FeedClient feed = new FeedClient(Integer.parseInt(env.get("WM_HTTP_PORT")), RunningService.adminToken(env))) {
                feed.send("{\"subscribe\": [\"" + WORKSHOP + "\"]}");
                java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
                // a million units by tomorrow, nothing made yet: it cannot be on track
                assertThat(service.http.put("/api/v1/contracts/c-2026-0142", new JsonObject().put("workshop", WORKSHOP)
                        .put("customer", "Acme Cards").put("product", "GC-A6").put("quantity", 1_000_000)
                        .put("start", today.toString()).put("due", today.plusDays(1).toString()).encode()).status())
                        .isEqualTo(201);
                // saving the contract evaluates it at once; the 60 s timer is not what raises it
                JsonObject alert = feed.next(m -> "alert".equals(m.getString("type"))
                        && "CONTRACT_AT_RISK".equals(m.getString("kind")), Duration.ofSeconds(15));
                assertThat(alert.getString("contract")).isEqualTo("c-2026-0142");
                assertThat(alert.getString("state")).isEqualTo("OPEN");
                assertThat(alert.getString("text")).contains("c-2026-0142").contains("Acme Cards");
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> service.management.get("/metrics").body()
                    .contains("contract_progress_ratio{contract=\"c-2026-0142\",prison=\"MDI\",workshop=\"print-2\"} 0.0"));
        }
    }

    @Test
    void badRequestsAboutAlertsAndWebhooksGetProblemsThatNameTheField() {
        try (RunningService service = RunningService.start(RunningService.env(dir,
                Map.of("WM_DATABASE_URL", TestDatabase.create().url())))) {
            assertThat(service.http.get("/api/v1/alerts/not-a-uuid").status()).isEqualTo(404);
            assertThat(service.http.get("/api/v1/alerts/" + java.util.UUID.randomUUID()).status()).isEqualTo(404);
            Http.Response unknown = service.http.post("/api/v1/alerts/" + java.util.UUID.randomUUID() + "/acknowledge", "{}");
            assertThat(unknown.status()).isEqualTo(404);
            assertThat(unknown.contentType()).startsWith("application/problem+json");
            assertThat(service.http.post("/api/v1/alerts/" + java.util.UUID.randomUUID() + "/acknowledge", "{\"comment\": 5}").json()
                    .getString("detail")).contains("'comment'");
            assertThat(service.http.get("/api/v1/alerts?state=CLOSED").json().getString("detail")).contains("'state'");
            assertThat(service.http.get("/api/v1/alerts?kind=FIRE").json().getString("detail")).contains("'kind'");
            assertThat(service.http.get("/api/v1/alerts?since=yesterday").json().getString("detail")).contains("'since'");
            assertThat(service.http.get("/api/v1/alerts?workshop=MDI").json().getString("detail")).contains("'workshop'");
            assertThat(service.http.get("/api/v1/alerts?limit=0").json().getString("detail")).contains("'limit'");
            assertThat(service.http.get("/api/v1/alerts").json().getJsonArray("alerts")).isEmpty();

            assertThat(service.http.put("/api/v1/webhooks/duty", "{\"prison\": \"MDI\", \"url\": \"ftp://x\", \"secret\": \""
                    + SECRET + "\"}").json().getString("detail")).contains("'url'");
            assertThat(service.http.put("/api/v1/webhooks/duty", "{\"prison\": \"MDI\", \"url\": \"http://x.example/\","
                    + " \"secret\": \"short\"}").json().getString("detail")).contains("'secret'");
            assertThat(service.http.put("/api/v1/webhooks/duty", "{\"prison\": \"mdi\", \"url\": \"http://x.example/\","
                    + " \"secret\": \"" + SECRET + "\"}").json().getString("detail")).contains("'prison'");
            assertThat(service.http.put("/api/v1/webhooks/Bad_Id", "{}").status()).isEqualTo(400);
            assertThat(service.http.delete("/api/v1/webhooks/nothing-here").status()).isEqualTo(404);
        }
    }

    private static boolean isQualityAlert(JsonObject message, String state) {
        return "alert".equals(message.getString("type")) && "QUALITY_LOW".equals(message.getString("kind"))
                && state.equals(message.getString("state"));
    }

    /** The first request for this event and alert the receiver answered with 2xx, or null. */
    private Received delivered(String event, String alertId) {
        return received.stream().filter(r -> r.answeredWith() / 100 == 2 && event.equals(r.event())
                && alertId.equals(r.json().getJsonObject("alert").getString("id"))).findFirst().orElse(null);
    }

    private static String hmac(String signed) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
    }

    private static String counter(Instant ts, long seq, long good, long reject) {
        return Devices.counter(ts.toString(), seq, good, reject);
    }

    private static void publish(RunningService service, String... payloads) throws Exception {
        MqttClient device = Devices.connect(service.mqttUri(), "alert-test-" + System.nanoTime());
        try {
            for (String payload : payloads) {
                Devices.publish(device, COUNTER, payload, 1);
            }
        } finally {
            Devices.closeQuietly(device);
        }
    }
}
