package io.workshopmonitor.live;

import io.vertx.core.json.JsonObject;
import io.workshopmonitor.domain.Caller;
import io.workshopmonitor.support.Devices;
import io.workshopmonitor.support.FeedClient;
import io.workshopmonitor.support.Http;
import io.workshopmonitor.support.RunningService;
import io.workshopmonitor.support.TestDatabase;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The live feed lives only as long as its token: it closes with 1008 when the token expires unless renewed over
 * the socket, when the person's tokens are revoked, and a renewal with fewer prisons narrows what it streams.
 */
class LiveFeedTokenIT {

    @TempDir
    static Path dir;
    private static RunningService service;
    private static int port;

    @BeforeAll
    static void start() {
        service = RunningService.start(RunningService.env(dir, Map.of("WM_DATABASE_URL", TestDatabase.create().url())));
        service.configureWorkshop("MDI", "textiles-1", "sew-01");
        service.configureWorkshop("LPI", "print-1", "press-1");
        port = Integer.parseInt(service.env().get("WM_HTTP_PORT"));
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    /** Opens a socket, signed in and subscribed; returns once the first snapshot is in. */
    private static FeedClient open(String token, String... patterns) throws InterruptedException {
        FeedClient feed = new FeedClient(port);
        feed.send(new JsonObject().put("token", token).put("subscribe", new io.vertx.core.json.JsonArray(java.util.List.of(patterns))).encode());
        expires = Instant.parse(feed.next(m -> "token".equals(m.getString("type")), Duration.ofSeconds(10)).getString("expires"));
        feed.next(m -> "snapshot".equals(m.getString("type")), Duration.ofSeconds(10));
        return feed;
    }

    /** When the token of the socket opened last expires, as the service told it. */
    private static Instant expires;

    @Test
    void aSocketClosesWith1008WhenItsTokenExpires() throws Exception {
        String token = service.token("wall-screen", Caller.Role.INSTRUCTOR, Duration.ofSeconds(4), "MDI");
        try (FeedClient feed = open(token, "MDI/*")) {
            assertThat(expires).isBetween(Instant.now(), Instant.now().plusSeconds(5));
            await().atMost(Duration.ofSeconds(9)).until(() -> feed.closedWith() != null);
            assertThat(feed.closedWith()).isEqualTo(1008);
            assertThat(feed.closeReason()).contains("expired");
        }
    }

    @Test
    void aSocketRenewedOverItselfOutlivesItsFirstToken() throws Exception {
        String shortLived = service.token("wall-screen-2", Caller.Role.INSTRUCTOR, Duration.ofSeconds(4), "MDI");
        try (FeedClient feed = open(shortLived, "MDI/*")) {
            feed.send(new JsonObject().put("token", service.token("wall-screen-2", Caller.Role.INSTRUCTOR, "MDI")).encode());
            JsonObject renewed = feed.next(m -> "token".equals(m.getString("type"))
                    && Instant.parse(m.getString("expires")).isAfter(Instant.now().plusSeconds(600)), Duration.ofSeconds(5));
            assertThat(renewed).isNotNull();
            Thread.sleep(6_000);
            assertThat(feed.closedWith()).as("still open after the first token expired").isNull();
            feed.send("{\"subscribe\": [\"MDI/textiles-1\"]}");
            assertThat(feed.closedWith()).isNull();
        }
    }

    @Test
    void aRenewalNamingSomeoneElseClosesTheSocket() throws Exception {
        try (FeedClient feed = open(service.token("alice", Caller.Role.MANAGER, "MDI"), "MDI/*")) {
            feed.send(new JsonObject().put("token", service.token("bob", Caller.Role.MANAGER, "MDI")).encode());
            await().atMost(Duration.ofSeconds(5)).until(() -> feed.closedWith() != null);
            assertThat(feed.closedWith()).isEqualTo(1008);
        }
    }

    @Test
    void anInvalidRenewalClosesTheSocket() throws Exception {
        try (FeedClient feed = open(service.token("carol", Caller.Role.MANAGER, "MDI"), "MDI/*")) {
            feed.send("{\"token\": \"not-a-token\"}");
            await().atMost(Duration.ofSeconds(5)).until(() -> feed.closedWith() != null);
            assertThat(feed.closedWith()).isEqualTo(1008);
            assertThat(feed.closeReason()).contains("not valid");
        }
    }

    @Test
    void aRevokedPersonsOpenSocketsCloseAndTheirTokensAreRefusedUntilANewOne() throws Exception {
        String token = service.token("jsmith", Caller.Role.MANAGER, "MDI");
        Http asSmith = service.http.as(token);
        assertThat(asSmith.get("/api/v1/workshops").status()).isEqualTo(200);
        assertThat(asSmith.post("/api/v1/auth/revocations", "{\"user\": \"someone\"}").status())
                .as("only an administrator revokes").isEqualTo(403);
        try (FeedClient feed = open(token, "MDI/*")) {
            Http.Response revoked = service.http.post("/api/v1/auth/revocations", "{\"user\": \"jsmith\"}");
            assertThat(revoked.status()).as(revoked.body()).isEqualTo(200);
            assertThat(revoked.json().getString("user")).isEqualTo("jsmith");
            await().atMost(Duration.ofSeconds(5)).until(() -> feed.closedWith() != null);
            assertThat(feed.closedWith()).isEqualTo(1008);
            assertThat(feed.closeReason()).contains("revoked");
        }
        Http.Response refused = asSmith.get("/api/v1/workshops");
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.body()).contains("revoked");
        assertThat(service.http.get("/api/v1/auth/revocations").body()).contains("\"jsmith\"");
        assertThat(service.http.get("/api/v1/audit").body()).contains("tokens.revoked");
        Thread.sleep(1_100); // tokens carry whole seconds: one from the second of the revocation counts as older
        assertThat(service.http.as(service.token("jsmith", Caller.Role.MANAGER, "MDI")).get("/api/v1/workshops").status())
                .as("a token issued after the revocation works").isEqualTo(200);
    }

    @Test
    void aRenewalWithFewerPrisonsStopsTheOthersFigures() throws Exception {
        try (FeedClient feed = open(service.token("regional", Caller.Role.MANAGER, "MDI", "LPI"), "MDI/*", "LPI/*")) {
            feed.send(new JsonObject().put("token", service.token("regional", Caller.Role.MANAGER, "MDI")).encode());
            feed.next(m -> "token".equals(m.getString("type")), Duration.ofSeconds(5));
            Thread.sleep(500);
            MqttClient device = Devices.connect(service.mqttUri(), "lpi-press");
            try {
                Devices.publish(device, "industries/LPI/print-1/press-1/counter",
                        Devices.counter(Instant.now().minusSeconds(5).toString(), 1L, 5, 0), 1);
                Devices.publish(device, "industries/MDI/textiles-1/sew-01/counter",
                        Devices.counter(Instant.now().minusSeconds(5).toString(), 1L, 5, 0), 1);
            } finally {
                Devices.closeQuietly(device);
            }
            feed.next(m -> "kpi".equals(m.getString("type")) && "MDI/textiles-1".equals(m.getString("workshop")), Duration.ofSeconds(10));
            Thread.sleep(2_500);
            JsonObject lpi = null;
            try {
                lpi = feed.next(m -> "LPI/print-1".equals(m.getString("workshop")), Duration.ofMillis(200));
            } catch (AssertionError none) {
                // what should happen
            }
            assertThat(lpi).as("no LPI figures after the token lost LPI").isNull();
            feed.send("{\"subscribe\": [\"LPI/*\"]}");
            JsonObject error = feed.next(m -> "error".equals(m.getString("type")), Duration.ofSeconds(5));
            assertThat(error.getString("detail")).contains("no workshop");
        }
    }
}
