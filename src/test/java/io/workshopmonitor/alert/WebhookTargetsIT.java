package io.workshopmonitor.alert;

import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonObject;
import io.workshopmonitor.support.Http;
import io.workshopmonitor.support.RunningService;
import io.workshopmonitor.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A manager's webhook cannot make the service post into its own host or networks: refused when saved, and
 * checked again at each delivery, with a real receiver listening on loopback to show nothing reaches it.
 */
class WebhookTargetsIT {

    @TempDir
    Path dir;

    @Test
    void aWebhookPointingInsideIsRefusedWithTheReasonAndCredentialsInAUrlToo() {
        Map<String, String> env = RunningService.env(dir, Map.of("WM_DATABASE_URL", TestDatabase.create().url()));
        try (RunningService service = RunningService.start(env)) {
            Map<String, String> refused = Map.of(
                    "http://127.0.0.1:" + env.get("WM_MANAGEMENT_PORT") + "/metrics", "loopback",
                    "http://localhost:" + env.get("WM_HTTP_PORT") + "/api/v1/workshops", "loopback",
                    "http://169.254.169.254/latest/meta-data/", "link-local",
                    "http://10.0.0.7/hooks", "private",
                    "http://[::1]:8080/x", "loopback",
                    "http://0.0.0.0:9400/metrics", "unspecified",
                    "https://ops:hunter2@hooks.example/x", "must not carry credentials");
            refused.forEach((url, why) -> {
                Http.Response response = service.http.put("/api/v1/webhooks/probe", webhook(url));
                assertThat(response.status()).as(url).isEqualTo(400);
                assertThat(response.json().getString("detail")).as(url).contains(why);
                assertThat(response.body()).as("the credentials are not echoed").doesNotContain("hunter2");
            });
            assertThat(service.http.get("/api/v1/webhooks").json().getJsonArray("webhooks")).isEmpty();
        }
    }

    @Test
    void aWebhookSavedWhileItsNetworkWasAllowedGetsNothingOnceItIsNot() throws Exception {
        AtomicInteger posts = new AtomicInteger();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hooks", exchange -> {
            posts.incrementAndGet();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        TestDatabase db = TestDatabase.create();
        String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks";
        try {
            Map<String, String> allowing = new HashMap<>(RunningService.env(dir, Map.of("WM_DATABASE_URL", db.url(),
                    "WM_ALERTS_HOLD_SECONDS", "0", "WM_ALERTS_WEBHOOK_ALLOWED_NETWORKS", "127.0.0.0/8")));
            try (RunningService service = RunningService.start(allowing)) {
                assertThat(service.http.put("/api/v1/webhooks/duty", webhook(url)).status()).isEqualTo(201);
                service.configureWorkshop("MDI", "print-2", "press-1");
                raiseContractAtRisk(service, "c-1");
                await().atMost(Duration.ofSeconds(15)).until(() -> posts.get() >= 1);
            }
            int before = posts.get();
            Map<String, String> strict = new HashMap<>(allowing);
            strict.remove("WM_ALERTS_WEBHOOK_ALLOWED_NETWORKS");
            try (RunningService service = RunningService.start(strict)) {
                raiseContractAtRisk(service, "c-2");
                await().atMost(Duration.ofSeconds(15)).until(() -> db.count(
                        "SELECT count(*) FROM webhook_deliveries WHERE failed_at IS NOT NULL AND last_error LIKE 'refused: 127.0.0.1%'") >= 1);
                Thread.sleep(2_000);
                assertThat(posts.get()).as("nothing more reached the receiver on loopback").isEqualTo(before);
            }
        } finally {
            receiver.stop(0);
        }
    }

    private static void raiseContractAtRisk(RunningService service, String id) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        assertThat(service.http.put("/api/v1/contracts/" + id, new JsonObject().put("workshop", "MDI/print-2")
                .put("customer", "Acme Cards").put("product", "GC-A6").put("quantity", 1_000_000)
                .put("start", today.toString()).put("due", today.plusDays(1).toString()).encode()).status()).isEqualTo(201);
    }

    private static String webhook(String url) {
        return new JsonObject().put("prison", "MDI").put("url", url).put("secret", "a-long-enough-secret-1234").encode();
    }
}
