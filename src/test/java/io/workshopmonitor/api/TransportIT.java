package io.workshopmonitor.api;

import io.workshopmonitor.support.Devices;
import io.workshopmonitor.support.Http;
import io.workshopmonitor.support.RunningService;
import io.workshopmonitor.support.TestDatabase;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Transport: with the README's lab certificate the API speaks HTTPS and devices MQTTS (real clients, real
 * handshakes); the management port can want a token of its own; the live feed refuses pages of other origins.
 */
class TransportIT {

    @TempDir
    Path dir;

    @Test
    void labCertificateTurnsOnHttpsAndMqtts() throws Exception {
        // the README's command for a lab pair
        io.workshopmonitor.support.LabCertificate lab = io.workshopmonitor.support.LabCertificate.in(dir);
        Path cert = lab.cert();
        Path key = lab.key();
        SSLContext trusting = trusting(cert);
        int mqtts = io.workshopmonitor.support.Ports.free();
        Map<String, String> env = RunningService.env(dir.resolve("data"), Map.of("WM_DATABASE_URL", TestDatabase.create().url(),
                "WM_TLS_CERT_PATH", cert.toString(), "WM_TLS_KEY_PATH", key.toString(), "WM_MQTT_TLS_PORT", String.valueOf(mqtts)));
        try (RunningService service = RunningService.start(env)) {
            String https = "https://localhost:" + env.get("WM_HTTP_PORT");
            HttpClient client = HttpClient.newBuilder().sslContext(trusting).connectTimeout(Duration.ofSeconds(5)).build();
            HttpResponse<String> listed = client.send(HttpRequest.newBuilder(URI.create(https + "/api/v1/workshops"))
                    .header("Authorization", "Bearer " + service.adminToken()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(listed.statusCode()).isEqualTo(200);
            assertThat(listed.sslSession()).isPresent();
            // plain HTTP to the same port gets no answer it could read
            assertThatThrownBy(() -> new Http("http://localhost:" + env.get("WM_HTTP_PORT")).get("/api/v1/workshops"))
                    .isInstanceOf(RuntimeException.class);

            String workshop = new io.vertx.core.json.JsonObject().put("name", "Textiles 1").put("kind", "textiles")
                    .put("stations", new io.vertx.core.json.JsonArray().add(new io.vertx.core.json.JsonObject()
                            .put("id", "sew-01").put("name", "Sewing 1").put("idealCycleSeconds", 10)))
                    .put("schedule", new io.vertx.core.json.JsonObject().put("timezone", "UTC")
                            .put("sessions", new io.vertx.core.json.JsonArray()))
                    .put("target", new io.vertx.core.json.JsonObject().put("unitsPerSession", 100).put("tolerance", 0.1))
                    .put("qualityTarget", 0.95).encode();
            assertThat(client.send(HttpRequest.newBuilder(URI.create(https + "/api/v1/workshops/MDI/textiles-1"))
                            .header("Authorization", "Bearer " + service.adminToken()).header("content-type", "application/json")
                            .PUT(HttpRequest.BodyPublishers.ofString(workshop)).build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode()).isEqualTo(201);
            MqttClient device = new MqttClient("ssl://localhost:" + mqtts, "tls-device", new MemoryPersistence());
            MqttConnectOptions options = new MqttConnectOptions();
            options.setSocketFactory(trusting.getSocketFactory());
            options.setHttpsHostnameVerificationEnabled(true);
            device.connect(options);
            try {
                Devices.publish(device, "industries/MDI/textiles-1/sew-01/counter",
                        Devices.counter(Instant.now().minusSeconds(30).toString(), 1L, 5, 0), 1);
            } finally {
                Devices.closeQuietly(device);
            }
            assertThat(Devices.metric(service.management.get("/metrics").body(),
                    "ingest_messages_total{outcome=\"accepted\",reason=\"none\"}")).isEqualTo(1);
        }
    }

    @Test
    void managementTokenGuardsMetricsAndReadinessDetailsButNotLiveness() {
        try (RunningService service = RunningService.start(RunningService.env(dir, Map.of(
                "WM_DATABASE_URL", TestDatabase.create().url(), "WM_MANAGEMENT_TOKEN", "scrape-secret-123",
                "WM_MANAGEMENT_HOST", "0.0.0.0")))) {
            assertThat(service.management.get("/metrics").status()).isEqualTo(401);
            assertThat(service.management.as("wrong").get("/metrics").status()).isEqualTo(401);
            assertThat(service.management.as("scrape-secret-123").get("/metrics").status()).isEqualTo(200);
            Http.Response probe = service.management.get("/health/ready");
            assertThat(probe.status()).as("a probe without the token still learns the status").isEqualTo(200);
            assertThat(probe.json().fieldNames()).containsExactly("status");
            assertThat(service.management.as("scrape-secret-123").get("/health/ready").json().getJsonObject("checks")
                    .getString("database")).isEqualTo("UP");
            assertThat(service.management.get("/health/live").status()).isEqualTo(200);
        }
    }

    @Test
    void theLiveFeedDeclinesPerMessageCompressionSoAScreenCostsNoDeflaterForItsLife() throws Exception {
        try (RunningService service = RunningService.start(RunningService.env(dir, Map.of(
                "WM_DATABASE_URL", TestDatabase.create().url())));
             java.net.Socket socket = new java.net.Socket("127.0.0.1", Integer.parseInt(service.env().get("WM_HTTP_PORT")))) {
            socket.setSoTimeout(10_000);
            // what a browser sends: it always offers permessage-deflate
            socket.getOutputStream().write(("GET /api/v1/live HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            java.io.BufferedReader reader = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    java.nio.charset.StandardCharsets.US_ASCII));
            String status = reader.readLine();
            java.util.List<String> headers = new java.util.ArrayList<>();
            for (String line = reader.readLine(); line != null && !line.isEmpty(); line = reader.readLine()) {
                headers.add(line.toLowerCase(java.util.Locale.ROOT));
            }
            assertThat(status).contains("101");
            assertThat(headers).noneMatch(h -> h.startsWith("sec-websocket-extensions"));
        }
    }

    @Test
    void theManagementPortListensOnLoopbackByDefault() throws Exception {
        try (RunningService service = RunningService.start(RunningService.env(dir, Map.of(
                "WM_DATABASE_URL", TestDatabase.create().url())))) {
            int port = Integer.parseInt(service.env().get("WM_MANAGEMENT_PORT"));
            java.net.InetAddress outside = java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces()).stream()
                    .flatMap(nic -> java.util.Collections.list(nic.getInetAddresses()).stream())
                    .filter(a -> !a.isLoopbackAddress() && a instanceof java.net.Inet4Address).findFirst().orElse(null);
            org.junit.jupiter.api.Assumptions.assumeTrue(outside != null, "this machine has no address but loopback");
            assertThatThrownBy(() -> new java.net.Socket(outside, port).close()).as("management on %s:%d", outside, port)
                    .isInstanceOf(java.net.ConnectException.class);
            assertThat(service.management.get("/metrics").status()).isEqualTo(200);
        }
    }

    @Test
    void liveFeedRefusesPagesOfOtherOrigins() {
        try (RunningService service = RunningService.start(RunningService.env(dir, Map.of(
                "WM_DATABASE_URL", TestDatabase.create().url())))) {
            String port = service.env().get("WM_HTTP_PORT");
            URI live = URI.create("ws://localhost:" + port + "/api/v1/live");
            WebSocket.Listener quiet = new WebSocket.Listener() {
            };
            assertThatThrownBy(() -> HttpClient.newHttpClient().newWebSocketBuilder().header("Origin", "https://evil.example")
                    .buildAsync(live, quiet).join()).isInstanceOf(CompletionException.class).hasStackTraceContaining("403");
            WebSocket own = HttpClient.newHttpClient().newWebSocketBuilder().header("Origin", "http://localhost:" + port)
                    .buildAsync(live, quiet).join();
            own.abort();
        }
    }

    private static SSLContext trusting(Path cert) throws Exception {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        try (InputStream in = Files.newInputStream(cert)) {
            store.setCertificateEntry("lab", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
