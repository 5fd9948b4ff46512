package io.workshopmonitor.live;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.workshopmonitor.support.Devices;
import io.workshopmonitor.support.FeedClient;
import io.workshopmonitor.support.RunningService;
import io.workshopmonitor.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A live-feed client that stops reading is dropped, so it cannot grow the service's memory, while a client
 * that keeps reading carries on receiving.
 */
class SlowFeedClientIT {

    /**
     * Enough figures (about 3 MB a second of live-feed messages) that the server's socket buffer, which the
     * kernel may grow to several megabytes, fills within seconds whatever the machine.
     */
    private static final int WORKSHOPS = 30;
    private static final int STATIONS = 300;

    @TempDir
    Path dir;

    @Test
    void clientThatStopsReadingIsDroppedWhileAFastOneKeepsReceiving() throws Exception {
        Map<String, String> env = RunningService.env(dir, Map.of("WM_DATABASE_URL", TestDatabase.create().url()));
        try (RunningService service = RunningService.start(env)) {
            for (int w = 0; w < WORKSHOPS; w++) {
                JsonArray stations = new JsonArray();
                for (int s = 0; s < STATIONS; s++) {
                    stations.add(new JsonObject().put("id", "st-" + s).put("name", "Station " + s).put("idealCycleSeconds", 5));
                }
                service.http.put("/api/v1/workshops/MDI/w-" + w, new JsonObject().put("name", "W" + w).put("kind", "print")
                        .put("stations", stations)
                        .put("schedule", new JsonObject().put("timezone", "UTC")).encode());
            }
            int httpPort = Integer.parseInt(env.get("WM_HTTP_PORT"));
            try (Socket slow = stalledClient(httpPort, service.adminToken()); FeedClient fast = service.feed()) {
                // the reader that keeps up watches one workshop; the stalled one asked for all thirty
                fast.send("{\"subscribe\": [\"MDI/w-0\"]}");
                fast.next(m -> m.getString("type").equals("snapshot"), Duration.ofSeconds(10));
                await().atMost(Duration.ofSeconds(10)).until(() -> clients(service) == 2);

                AtomicBoolean publishing = new AtomicBoolean(true);
                Thread publisher = new Thread(() -> Devices.publishToWorkshops(service.mqttUri(), "busy-gw", WORKSHOPS,
                        STATIONS, 10, publishing));
                publisher.start();
                try {
                    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                            .until(() -> Devices.metric(service.management.get("/metrics").body(),
                                    "live_feed_dropped_clients_total") >= 1);
                    assertThat(clients(service)).isEqualTo(1);
                    assertThat(fast.closedWith()).isNull();
                    // the reader that keeps up is still served
                    fast.next(m -> m.getString("type").equals("kpi"), Duration.ofSeconds(10));
                } finally {
                    publishing.set(false);
                    publisher.join();
                }
            }
        }
    }

    private static double clients(RunningService service) {
        return Devices.metric(service.management.get("/metrics").body(), "live_feed_clients");
    }

    /** Upgrades to a WebSocket, subscribes to everything, then never reads a byte; its receive buffer is tiny. */
    private static Socket stalledClient(int port, String token) throws Exception {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new java.net.InetSocketAddress("localhost", port));
        OutputStream out = socket.getOutputStream();
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        out.write(("GET /api/v1/live HTTP/1.1\r\nHost: localhost:" + port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\nSec-WebSocket-Version: 13\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        // like any client, wait for the 101 before the first frame; after that, never read again
        java.io.InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IllegalStateException("upgrade refused: " + head);
            }
            head.append((char) b);
        }
        assertThat(head.toString()).startsWith("HTTP/1.1 101");
        out.write(maskedTextFrame("{\"token\": \"" + token + "\", \"subscribe\": [\"MDI/*\"]}"));
        out.flush();
        return socket;
    }

    /** A client's text frame (masked, as clients must); payloads up to 64 KiB. */
    private static byte[] maskedTextFrame(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        int header = payload.length < 126 ? 2 : 4;
        byte[] frame = new byte[header + 4 + payload.length];
        frame[0] = (byte) 0x81;
        if (payload.length < 126) {
            frame[1] = (byte) (0x80 | payload.length);
        } else {
            frame[1] = (byte) (0x80 | 126);
            frame[2] = (byte) (payload.length >> 8);
            frame[3] = (byte) payload.length;
        }
        byte[] mask = {1, 2, 3, 4};
        System.arraycopy(mask, 0, frame, header, 4);
        for (int i = 0; i < payload.length; i++) {
            frame[header + 4 + i] = (byte) (payload[i] ^ mask[i % 4]);
        }
        return frame;
    }
}
