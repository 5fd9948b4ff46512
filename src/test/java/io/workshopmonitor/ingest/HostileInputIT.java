package io.workshopmonitor.ingest;

import io.vertx.core.json.JsonObject;
import io.workshopmonitor.domain.Caller;
import io.workshopmonitor.domain.Rejection;
import io.workshopmonitor.domain.StationKey;
import io.workshopmonitor.domain.WorkshopKey;
import io.workshopmonitor.support.Devices;
import io.workshopmonitor.support.Http;
import io.workshopmonitor.support.RunningService;
import io.workshopmonitor.support.TestDatabase;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Generated hostile input — random bytes, deep nesting, huge numbers, wrong types, long strings, odd
 * Unicode, and mutations of good messages — 100,000 at the MQTT payload parser, 3,000 over a real MQTT
 * connection, and 100,000 as HTTP bodies over real connections: nothing crashes, no client mistake gets a
 * 500, and the figures do not move.
 */
class HostileInputIT {

    private static final long SEED = 20261124L;
    private static final StationKey STATION = new StationKey(new WorkshopKey("MDI", "textiles-1"), "sew-01");

    @TempDir
    Path dir;

    /** One generated payload: a mix of shapes, each family a way real input goes wrong. */
    static byte[] payload(Random random) {
        return switch (random.nextInt(10)) {
            case 0 -> randomBytes(random, random.nextInt(200));
            case 1 -> ("[".repeat(random.nextInt(5_000)) + "]".repeat(random.nextInt(5_000))).getBytes(StandardCharsets.UTF_8);
            case 2 -> ("{\"a\":".repeat(1 + random.nextInt(3_000)) + "1" + "}".repeat(random.nextInt(3_000)))
                    .getBytes(StandardCharsets.UTF_8);
            case 3 -> ("{\"ts\":\"2026-11-23T09:15:02Z\",\"seq\":" + hugeNumber(random) + ",\"good\":" + hugeNumber(random)
                    + ",\"reject\":" + hugeNumber(random) + "}").getBytes(StandardCharsets.UTF_8);
            case 4 -> ("{\"ts\":" + wrongType(random) + ",\"good\":" + wrongType(random) + ",\"reject\":" + wrongType(random)
                    + ",\"state\":" + wrongType(random) + ",\"present\":" + wrongType(random) + "}").getBytes(StandardCharsets.UTF_8);
            case 5 -> ("{\"ts\":\"" + "9".repeat(random.nextInt(100_000)) + "\",\"good\":1,\"reject\":0}").getBytes(StandardCharsets.UTF_8);
            case 6 -> ("{\"ts\":\"2026-11-23T09:15:02Z\",\"good\":1,\"reject\":0,\"product\":\"" + oddUnicode(random)
                    + "\",\"state\":\"" + oddUnicode(random) + "\"}").getBytes(StandardCharsets.UTF_8);
            case 7 -> mutate(random, "{\"ts\":\"2026-11-23T09:15:02.120Z\",\"seq\":1042,\"good\":1234,\"reject\":17,\"product\":\"GC-A6\"}");
            case 8 -> mutate(random, "{\"ts\":\"2026-11-23T09:15:02Z\",\"state\":\"DOWN\",\"reason\":\"CHANGEOVER\"}");
            default -> mutate(random, "{\"ts\":1763889302000,\"present\":14}");
        };
    }

    private static byte[] randomBytes(Random random, int n) {
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return bytes;
    }

    private static String hugeNumber(Random random) {
        return switch (random.nextInt(5)) {
            case 0 -> "9".repeat(1 + random.nextInt(5_000));
            case 1 -> "-" + "9".repeat(1 + random.nextInt(30));
            case 2 -> "1e" + random.nextInt(100_000);
            case 3 -> "1.5e308";
            default -> String.valueOf(Long.MAX_VALUE) + "0";
        };
    }

    private static String wrongType(Random random) {
        String[] values = {"null", "true", "[]", "{}", "\"x\"", "-0", "0.5", "NaN", "[1,2]", "{\"good\":1}", "\"\"", "1e999"};
        return values[random.nextInt(values.length)];
    }

    private static String oddUnicode(Random random) {
        String[] parts = {"\u0000", "\uFEFF", "\u202E", "\uD83D\uDE00", "\\uD800", "é", "\u200B", "\\u0000", "\"", "\\"};
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(50); i > 0; i--) {
            text.append(parts[random.nextInt(parts.length)]);
        }
        return text.toString().replace("\"", "\\\"");
    }

    private static byte[] mutate(Random random, String good) {
        byte[] bytes = good.getBytes(StandardCharsets.UTF_8);
        for (int i = 1 + random.nextInt(4); i > 0; i--) {
            bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
        }
        return bytes;
    }

    @Test
    void parserAnswersEveryGeneratedPayloadWithAReadingOrARejection() {
        PayloadParser parser = new PayloadParser(4096);
        Random random = new Random(SEED);
        List<Function<byte[], Object>> kinds = List.of(p -> parser.counter(STATION, p), p -> parser.state(STATION, p),
                p -> parser.attendance(STATION.workshop(), p));
        int rejected = 0;
        for (int i = 0; i < 100_000; i++) {
            byte[] payload = payload(random);
            try {
                kinds.get(i % 3).apply(payload);
            } catch (Rejection expected) {
                rejected++;
                assertThat(expected.detail()).isNotBlank();
            }
            // anything else thrown fails the test with the payload's index, so it can be replayed from SEED
        }
        assertThat(rejected).as("nearly all of it is garbage").isGreaterThan(90_000);
    }

    @Test
    void serviceShrugsOffHostileMqttAndHttpInputAndItsFiguresDoNotMove() throws Exception {
        try (RunningService service = RunningService.start(RunningService.env(dir, Map.of(
                "WM_DATABASE_URL", TestDatabase.create().url(), "WM_HTTP_RATE_LIMIT_PER_MINUTE", "1000000")))) {
            service.configureWorkshop("MDI", "textiles-1", "sew-01");
            MqttClient device = Devices.connect(service.mqttUri(), "steady");
            Devices.publish(device, "industries/MDI/textiles-1/sew-01/counter",
                    Devices.counter(java.time.Instant.now().minusSeconds(120).toString(), 1L, 100, 1), 1);
            Devices.publish(device, "industries/MDI/textiles-1/sew-01/counter",
                    Devices.counter(java.time.Instant.now().minusSeconds(60).toString(), 2L, 150, 2), 1);
            Devices.closeQuietly(device);
            JsonObject before = figures(service);

            // only what the parser refuses goes over MQTT, so none of it may move a figure
            PayloadParser parser = new PayloadParser(4096);
            Random random = new Random(SEED + 1);
            String[] topics = {"industries/MDI/textiles-1/sew-01/counter", "industries/MDI/textiles-1/sew-01/state",
                    "industries/MDI/textiles-1/attendance"};
            MqttClient hostile = Devices.connect(service.mqttUri(), "hostile");
            int sent = 0;
            try {
                while (sent < 3_000) {
                    byte[] payload = payload(random);
                    int kind = random.nextInt(3);
                    if (accepted(parser, kind, payload)) {
                        continue;
                    }
                    Devices.publish(hostile, topics[kind], payload.length > 60_000 ? new byte[]{'{'} : payload, 1);
                    sent++;
                }
                assertThat(hostile.isConnected()).as("a bad message does not cost the connection").isTrue();
            } finally {
                Devices.closeQuietly(hostile);
            }

            // 100,000 HTTP bodies at every endpoint that takes one, as an administrator (who may change anything),
            // over real keep-alive connections, 32 at a time
            Http http = service.http;
            List<String> serverErrors = java.util.Collections.synchronizedList(new ArrayList<>());
            hostileBodies(service, 100_000, serverErrors);
            assertThat(serverErrors).as("client mistakes answered with 5xx").isEmpty();
            assertThat(service.management.get("/health/ready").status()).isEqualTo(200);
            assertThat(figures(service)).as("figures after the hostile input").isEqualTo(before);
            assertThat(http.get("/api/v1/workshops/MDI/textiles-1").json().getString("name")).isEqualTo("textiles-1");
        }
    }

    private static void hostileBodies(RunningService service, int count, List<String> serverErrors) throws Exception {
        String[][] endpoints = {{"PUT", "/api/v1/workshops/MDI/textiles-1"}, {"POST", "/api/v1/workshops/MDI/textiles-1/closures"},
                {"PUT", "/api/v1/contracts/c-fuzz"}, {"PUT", "/api/v1/webhooks/fuzz"},
                {"POST", "/api/v1/workshops/MDI/textiles-1/devices"}, {"POST", "/api/v1/alerts/" + java.util.UUID.randomUUID() + "/acknowledge"}};
        io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
        io.vertx.ext.web.client.WebClient client = io.vertx.ext.web.client.WebClient.create(vertx,
                new io.vertx.ext.web.client.WebClientOptions().setKeepAlive(true), new io.vertx.core.http.PoolOptions().setHttp1MaxSize(32));
        int port = Integer.parseInt(service.env().get("WM_HTTP_PORT"));
        String token = service.adminToken();
        Random random = new Random(SEED + 2);
        java.util.concurrent.Semaphore window = new java.util.concurrent.Semaphore(32);
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(count);
        try {
            for (int i = 0; i < count; i++) {
                String[] endpoint = endpoints[i % endpoints.length];
                byte[] body = random.nextBoolean() ? payload(random) : apiBody(random, endpoint[1]);
                io.vertx.core.buffer.Buffer buffer = io.vertx.core.buffer.Buffer.buffer(body.length > 8_192
                        ? java.util.Arrays.copyOf(body, 8_192) : body);
                window.acquire();
                client.request(io.vertx.core.http.HttpMethod.valueOf(endpoint[0]), port, "localhost", endpoint[1])
                        .putHeader("Authorization", "Bearer " + token).putHeader("content-type", "application/json")
                        .sendBuffer(buffer)
                        .onComplete(result -> {
                            if (result.failed()) {
                                serverErrors.add(endpoint[1] + " no answer: " + result.cause());
                            } else if (result.result().statusCode() >= 500) {
                                serverErrors.add(endpoint[1] + " " + result.result().statusCode() + " "
                                        + new String(buffer.getBytes(0, Math.min(200, buffer.length())), StandardCharsets.UTF_8));
                            }
                            window.release();
                            done.countDown();
                        });
            }
            assertThat(done.await(10, java.util.concurrent.TimeUnit.MINUTES)).as("every request answered").isTrue();
        } finally {
            client.close();
            vertx.close();
        }
    }

    /**
     * Bodies of the endpoint's own shape whose values are what a client gets wrong: control characters (a NUL
     * PostgreSQL refuses) in free text, and dates and instants at the ends of what Java can parse.
     */
    static byte[] apiBody(Random random, String path) {
        String[] texts = {"a\u0000b", "\u0000", "tab\there", "line\nbreak", "\u001b[31mred", "\u007f"};
        // none of these values is valid: the fixture's workshop must stay as it was
        String[] instants = {"+999999999-12-31T23:59:59Z", "-999999999-01-01T00:00:00Z", "0000-01-01T00:00:00Z",
                "2026-02-30T00:00:00Z", "2026-11-23T08:30:00+18:00", "1969-12-31T23:59:59Z", "2026-11-23T08:30:00Z"};
        String[] dates = {"+999999999-12-31", "-999999999-01-01", "0000-01-01", "2026-02-30", "2200-01-01", "2026-11-23"};
        String text = io.vertx.core.json.Json.encode(texts[random.nextInt(texts.length)]);
        String from = instants[random.nextInt(instants.length)];
        String to = instants[random.nextInt(instants.length)];
        String start = dates[random.nextInt(dates.length)];
        String due = dates[random.nextInt(dates.length)];
        String json;
        if (path.contains("/closures")) {
            json = "{\"from\":\"" + from + "\",\"to\":\"" + to + "\",\"reason\":\"LOCKDOWN\"}";
        } else if (path.contains("/contracts/")) {
            json = "{\"workshop\":\"MDI/textiles-1\",\"customer\":" + text + ",\"product\":\"GC-A6\",\"quantity\":10,"
                    + "\"start\":\"" + start + "\",\"due\":\"" + due + "\"}";
        } else if (path.contains("/acknowledge")) {
            json = "{\"comment\":" + text + "}";
        } else if (path.contains("/devices")) {
            json = "{\"id\":" + text + "}";
        } else if (path.contains("/webhooks/")) {
            json = "{\"prison\":\"MDI\",\"url\":" + text + ",\"secret\":" + text + "}";
        } else {
            json = "{\"name\":" + text + ",\"kind\":\"textiles\",\"stations\":[{\"id\":\"sew-01\",\"name\":" + text
                    + ",\"idealCycleSeconds\":6}],\"schedule\":{\"timezone\":\"Europe/London\",\"sessions\":[]}}";
        }
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private static boolean accepted(PayloadParser parser, int kind, byte[] payload) {
        try {
            switch (kind) {
                case 0 -> parser.counter(STATION, payload);
                case 1 -> parser.state(STATION, payload);
                default -> parser.attendance(STATION.workshop(), payload);
            }
            return true;
        } catch (Rejection refused) {
            return false;
        }
    }

    /** The workshop's counts and station states, without the instant they were computed for. */
    private static JsonObject figures(RunningService service) {
        JsonObject kpis = service.http.get("/api/v1/workshops/MDI/textiles-1/kpis").json();
        JsonObject window = kpis.getJsonObject("window");
        JsonObject session = kpis.getJsonObject("session");
        return new JsonObject().put("windowGood", window.getLong("good")).put("windowReject", window.getLong("reject"))
                .put("sessionGood", session == null ? null : session.getLong("good"))
                .put("attendance", kpis.getValue("attendance"))
                .put("stations", kpis.getJsonArray("stations").stream().map(s -> ((JsonObject) s).getString("state")).toList());
    }
}
