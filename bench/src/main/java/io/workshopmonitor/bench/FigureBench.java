package io.workshopmonitor.bench;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Benchmarks of the live figures, against a running service on loopback. Modes:
 * <ul>
 *   <li>{@code setup}: configures {@code --workshops} workshops of {@code --stations} stations in prison BEN,
 *       each with a daily session covering the whole day (UTC), and publishes a first reading for every
 *       station;</li>
 *   <li>{@code latency}: publishes QoS 1 counter readings at {@code --rate} per second across those stations
 *       while {@code --clients} WebSocket clients subscribe to {@code BEN/*}; reports the time from publishing
 *       a reading to the first live-feed message that includes it (p50, p99), over all clients;</li>
 *   <li>{@code history}: times {@code GET .../history} over 30 days of a workshop (p50, p95).</li>
 * </ul>
 */
public final class FigureBench {

    /** The service's administrator token (WM_TOKEN, from its data directory's admin.token). */
    private static final String TOKEN = System.getenv().getOrDefault("WM_TOKEN", "");

    /** Every PUBACK received, warm-up and all: compared with what the database holds afterwards. */
    static final java.util.concurrent.atomic.AtomicLong ACKED = new java.util.concurrent.atomic.AtomicLong();
    static final java.util.concurrent.atomic.AtomicLong UNMEASURED = new java.util.concurrent.atomic.AtomicLong();
    /** This report interval's publish-to-PUBACK times, by whole millisecond: whether commits slowed when the feed did. */
    static final java.util.concurrent.atomic.AtomicLongArray ACK_INTERVAL = new java.util.concurrent.atomic.AtomicLongArray(60_001);

    private static final java.util.logging.Logger MQTT_LOG = java.util.logging.Logger.getLogger("io.vertx.mqtt");

    public static void main(String[] args) throws Exception {
        MQTT_LOG.setLevel(java.util.logging.Level.WARNING);
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        Vertx vertx = Vertx.vertx();
        try {
            switch (o.getOrDefault("mode", "latency")) {
                case "setup" -> setup(vertx, o);
                case "latency" -> latency(vertx, o);
                case "history" -> history(vertx, o);
                default -> throw new IllegalArgumentException("mode: setup, latency or history");
            }
        } finally {
            vertx.close().await();
        }
    }

    private static int i(Map<String, String> o, String key, int fallback) {
        return Integer.parseInt(o.getOrDefault(key, String.valueOf(fallback)));
    }

    private static HttpClient http(Vertx vertx) {
        return vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1"), new io.vertx.core.http.PoolOptions().setHttp1MaxSize(8));
    }

    static void setup(Vertx vertx, Map<String, String> o) throws Exception {
        int workshops = i(o, "workshops", 20);
        int stations = i(o, "stations", 20);
        int port = i(o, "http", 8080);
        // --target N: units per session; --silent N: stations that report once, then never again (pass it to the
        // latency run too). A target out of reach keeps TARGET_BEHIND open, and silent stations raise STATION_DOWN
        // 5 minutes into the run: alerts firing, and going to every screen, under load
        int target = i(o, "target", 100_000);
        int silent = i(o, "silent", 0);
        HttpClient http = http(vertx);
        List<Future<?>> puts = new ArrayList<>();
        for (int w = 0; w < workshops; w++) {
            JsonArray list = new JsonArray();
            for (int s = 0; s < stations; s++) {
                list.add(new JsonObject().put("id", "st-" + s).put("name", "Station " + s).put("idealCycleSeconds", 2));
            }
            for (int s = 0; s < silent; s++) {
                list.add(new JsonObject().put("id", "silent-" + s).put("name", "Silent " + s).put("idealCycleSeconds", 2));
            }
            JsonObject body = new JsonObject().put("name", "Bench " + w).put("kind", "contract-packing").put("stations", list)
                    .put("schedule", new JsonObject().put("timezone", "UTC").put("sessions", new JsonArray().add(new JsonObject()
                            .put("days", new JsonArray().add("MON").add("TUE").add("WED").add("THU").add("FRI").add("SAT").add("SUN"))
                            .put("start", "00:00").put("end", "23:59"))))
                    .put("target", new JsonObject().put("unitsPerSession", target).put("tolerance", 0.1));
            String name = "w-" + w;
            puts.add(http.request(new RequestOptions().setMethod(HttpMethod.PUT).setPort(port)
                            .setURI("/api/v1/workshops/BEN/" + name))
                    .compose(req -> req.putHeader("content-type", "application/json")
                            .putHeader("Authorization", "Bearer " + TOKEN).send(body.encode()))
                    .compose(resp -> resp.statusCode() / 100 == 2 ? resp.body()
                            : Future.failedFuture("PUT " + name + " answered " + resp.statusCode())));
            if (puts.size() >= 16) {
                Future.all(puts).await();
                puts.clear();
            }
        }
        Future.all(puts).await();
        System.out.printf("setup: %d workshops x %d stations configured%n", workshops, stations);
    }

    static final int RING = 1 << 12;
    static final int WINDOW = 5000;

    /** One MQTT connection per workshop, remembering when each station's reading n was sent. */
    private static final class Publisher {
        final MqttClient client;
        final long[][] sentAt;
        /** Device time of reading n of each station, in microseconds; readings are published in this order. */
        final java.util.concurrent.atomic.AtomicLongArray[] tsMicros;
        /** Which reading number each ring slot holds now. */
        final java.util.concurrent.atomic.AtomicLongArray[] numberAt;
        final int workshop;
        final java.util.concurrent.atomic.AtomicInteger inflight = new java.util.concurrent.atomic.AtomicInteger();
        /** When the reading sent under each packet id was published, to time publish-to-PUBACK (ingest and commit). */
        final long[] sentByPacket = new long[65536];
        /** Publish-to-PUBACK times of readings published in the measured window, in nanoseconds. */
        final long[] acks;
        int ackCount;
        long[] window;

        Publisher(Vertx vertx, int workshop, int stations, int expectedAcks) {
            this.acks = new long[expectedAcks];
            this.client = MqttClient.create(vertx, new MqttClientOptions().setClientId("fig-bench-" + workshop)
                    .setMaxInflightQueue(WINDOW).setAutoKeepAlive(true));
            this.client.publishCompletionHandler(id -> {
                inflight.decrementAndGet();
                ACKED.incrementAndGet();
                long sent = sentByPacket[id];
                if (window != null && sent >= window[0] && sent <= window[1]) {
                    long took = System.nanoTime() - sent;
                    if (ackCount < acks.length) {
                        acks[ackCount++] = took;
                    }
                    ACK_INTERVAL.incrementAndGet((int) Math.min(ACK_INTERVAL.length() - 1, took / 1_000_000));
                }
            });
            this.workshop = workshop;
            this.sentAt = new long[stations][RING];
            this.tsMicros = new java.util.concurrent.atomic.AtomicLongArray[stations];
            this.numberAt = new java.util.concurrent.atomic.AtomicLongArray[stations];
            for (int st = 0; st < stations; st++) {
                tsMicros[st] = new java.util.concurrent.atomic.AtomicLongArray(RING);
                numberAt[st] = new java.util.concurrent.atomic.AtomicLongArray(RING);
            }
        }

        /** Like a device with a full window, waits rather than overrun its in-flight limit. */
        boolean full() {
            return inflight.get() >= WINDOW - 10;
        }

        /** Messages queued by the pacing thread since the last flush: [topic, payload] pairs. */
        final List<String[]> pending = new ArrayList<>();
        io.vertx.core.Context context;

        void publish(Vertx vertx, int station, long n, long offset, Instant ts) {
            String payload = "{\"ts\":\"" + ts + "\",\"seq\":" + (offset + n) + ",\"good\":" + 3 * (offset + n)
                    + ",\"reject\":0}";
            inflight.incrementAndGet();
            pending.add(new String[]{"industries/BEN/w-" + workshop + "/st-" + station + "/counter", payload});
            pendingSent.add(System.nanoTime());
        }

        final List<Long> pendingSent = new ArrayList<>();

        /** One reading from a station that then falls silent: the service raises STATION_DOWN 5 minutes later. */
        void publishThenFallSilent(String station, Instant ts) {
            inflight.incrementAndGet();
            pending.add(new String[]{"industries/BEN/w-" + workshop + "/" + station + "/counter",
                    "{\"ts\":\"" + ts + "\",\"seq\":1,\"good\":1,\"reject\":0}"});
            pendingSent.add(System.nanoTime());
        }

        /** One task on the connection's own context per millisecond's worth of messages, not one per message. */
        void flush() {
            if (pending.isEmpty()) {
                return;
            }
            List<String[]> batch = new ArrayList<>(pending);
            List<Long> sent = new ArrayList<>(pendingSent);
            pending.clear();
            pendingSent.clear();
            context.runOnContext(v -> {
                for (int i = 0; i < batch.size(); i++) {
                    String[] m = batch.get(i);
                    long at = sent.get(i);
                    client.publish(m[0], Buffer.buffer(m[1]), MqttQoS.AT_LEAST_ONCE, false, false)
                            .onSuccess(id -> sentByPacket[id] = at)
                            .onFailure(e -> inflight.decrementAndGet());
                }
            });
        }
    }

    /** What one client has seen of one station: the next reading number not yet shown to it. */
    private static final class Seen {
        long next = 1;
    }

    /** The bucket (whole milliseconds) holding the p-th of n samples. */
    static int bucket(long[] histogram, long n, double p) {
        long wanted = Math.max(1, (long) Math.ceil(p * n));
        long seen = 0;
        for (int ms = 0; ms < histogram.length; ms++) {
            seen += histogram[ms];
            if (seen >= wanted) {
                return ms;
            }
        }
        return 0;
    }

    static long micros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000 + instant.getNano() / 1_000;
    }

    static void latency(Vertx vertx, Map<String, String> o) throws Exception {
        int workshops = i(o, "workshops", 20);
        int stations = i(o, "stations", 20);
        int rate = i(o, "rate", 5000);
        int clients = i(o, "clients", 1);
        int seconds = i(o, "seconds", 30);
        // the driver, the service and PostgreSQL all compile and settle while the rate is first applied: a
        // steady state is what is measured, so the first seconds at the rate are not
        int warmup = i(o, "warmup", 15);
        int httpPort = i(o, "http", 8080);
        int mqttPort = i(o, "mqtt", 1883);
        // every run counts on from a larger number, so no run looks like a counter reset to the service
        // (from a recent epoch, so counts stay well under the 10^12 a counter may show)
        long offset = (Instant.now().getEpochSecond() - 1_763_000_000L) * 1000;

        List<Publisher> publishers = new ArrayList<>();
        for (int w = 0; w < workshops; w++) {
            // room for every reading this workshop publishes in the measured window, twice over
            Publisher p = new Publisher(vertx, w, stations, (int) Math.min(2_000_000, 2L * rate * seconds / workshops + 1000));
            p.context = vertx.getOrCreateContext();
            p.context.runOnContext(v -> p.client.connect(mqttPort, "127.0.0.1"));
            publishers.add(p);
        }
        Thread.sleep(1000);
        // reading 0 of every station first: each reading after it adds exactly 3 good units
        for (Publisher p : publishers) {
            for (int s = 0; s < stations; s++) {
                p.publish(vertx, s, 0, offset, Instant.now());
            }
            // --silent N (as given to setup): each workshop's silent stations report once, then never again
            for (int k = 0; k < i(o, "silent", 0); k++) {
                p.publishThenFallSilent("silent-" + k, Instant.now());
            }
            p.flush();
        }
        Thread.sleep(2000);

        long[] samples = new long[20_000_000];
        // --report N: every N seconds, that interval's publish-to-feed p50/p99/max from a histogram of whole
        // milliseconds, so a long soak says whether the tail held throughout, not only on the whole
        int report = i(o, "report", 0);
        long[] interval = new long[60_001];
        // the whole run's histogram too: the samples array holds only the first 20 million, a few minutes of a soak
        long[] whole = new long[60_001];
        int[] count = {0};
        long[] messages = {0};
        long[] window = {Long.MAX_VALUE, Long.MAX_VALUE};
        long[] lastMessageAt = new long[workshops];
        List<Long> deliveries = new ArrayList<>();
        // the feed is read on its own event loops, so publishing never delays what is measured
        Vertx feedVertx = Vertx.vertx();
        // --deflate true: offer permessage-deflate, as every browser does
        WebSocketClient ws = feedVertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(clients + 10)
                .setTryUsePerMessageCompression(Boolean.parseBoolean(o.getOrDefault("deflate", "false")))
                .setMaxFrameSize(1 << 20).setMaxMessageSize(16 << 20));
        // --measure N: only the first N clients decode and time what they receive (default: all). Every client
        // of a real estate is a screen of its own; here they all share the service's two cores, and decoding 200
        // clients' JSON in this one JVM delays the very messages being timed
        int measuring = i(o, "measure", clients);
        List<Map<String, Seen>> allSeen = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            Map<String, Seen> seen = new HashMap<>();
            allSeen.add(seen);
            var socket = ws.connect(httpPort, "127.0.0.1", "/api/v1/live").await();
            int clientNo = c;
            // a client closed before the end would leave readings unseen: say so, with the service's reason
            socket.closeHandler(v -> System.out.printf("feed client %d closed: %s %s, %d ms after publishing stopped%n",
                    clientNo, socket.closeStatusCode(), socket.closeReason(), (System.nanoTime() - window[1]) / 1_000_000));
            socket.exceptionHandler(e -> System.out.printf("feed client %d: %s%n", clientNo, e));
            if (c >= measuring) {
                // a screen that is not measuring still reads every message, so the service's work is the same
                socket.textMessageHandler(text -> UNMEASURED.incrementAndGet());
            } else socket.textMessageHandler(text -> {
                long now = System.nanoTime();
                JsonObject m = new JsonObject(text);
                if (!"kpi".equals(m.getString("type")) && !"snapshot".equals(m.getString("type"))) {
                    return; // alerts (a workshop of 500 falls behind its target) carry no figures
                }
                int w = Integer.parseInt(m.getString("workshop").substring("BEN/w-".length()));
                Publisher p = publishers.get(w);
                long delivery = System.currentTimeMillis() - Instant.parse(m.getString("at")).toEpochMilli();
                synchronized (samples) {
                    lastMessageAt[w] = now;
                    messages[0]++;
                    if (deliveries.size() < 1_000_000) {
                        deliveries.add(delivery);
                    }
                    for (Object so : m.getJsonArray("stations")) {
                        JsonObject st = (JsonObject) so;
                        // stations that never reported, and the silent ones, carry no reading to time
                        if (st.getString("lastSeen") == null || !st.getString("id").startsWith("st-")) {
                            continue;
                        }
                        int s = Integer.parseInt(st.getString("id").substring(3));
                        Seen state = seen.computeIfAbsent(w + "/" + s, k -> new Seen());
                        // every reading up to the newest the service has shown is in these figures
                        long lastSeen = micros(Instant.parse(st.getString("lastSeen")));
                        while (true) {
                            int slot = (int) (state.next % RING);
                            long ts = p.tsMicros[s].get(slot);
                            // the slot must still hold reading `next`: once the ring has wrapped, a caught-up
                            // client would otherwise count the slot's older reading, RING readings back, again
                            if (ts == 0 || ts > lastSeen || p.numberAt[s].get(slot) != state.next) {
                                break;
                            }
                            long sent = p.sentAt[s][slot];
                            if (sent >= window[0] && sent <= window[1] && count[0] < samples.length) {
                                samples[count[0]++] = now - sent;
                            }
                            if (report > 0 && sent >= window[0] && sent <= window[1]) {
                                interval[(int) Math.min(interval.length - 1, (now - sent) / 1_000_000)]++;
                                whole[(int) Math.min(whole.length - 1, (now - sent) / 1_000_000)]++;
                            }
                            state.next++;
                        }
                    }
                }
            });
            // "all": every client watches the whole prison; "one": each watches one workshop, like a wall screen
            String subscription = o.getOrDefault("subscribe", "all").equals("one") ? "BEN/w-" + (c % workshops) : "BEN/*";
            socket.writeTextMessage("{\"token\": \"" + TOKEN + "\", \"subscribe\": [\"" + subscription + "\"]}");
        }
        Thread.sleep(2000);

        long start = System.nanoTime();
        window[0] = start + TimeUnit.SECONDS.toNanos(warmup);
        window[1] = start + TimeUnit.SECONDS.toNanos(warmup + seconds);
        publishers.forEach(p -> p.window = window);
        if (report > 0) {
            Thread reporter = new Thread(() -> {
                long next = window[0];
                while (true) {
                    next += TimeUnit.SECONDS.toNanos(report);
                    try {
                        Thread.sleep(Math.max(0, (next - System.nanoTime()) / 1_000_000));
                    } catch (InterruptedException e) {
                        return;
                    }
                    long[] copy;
                    synchronized (samples) {
                        copy = interval.clone();
                        Arrays.fill(interval, 0);
                    }
                    long n = Arrays.stream(copy).sum();
                    long[] acked = new long[ACK_INTERVAL.length()];
                    for (int ms = 0; ms < acked.length; ms++) {
                        acked[ms] = ACK_INTERVAL.getAndSet(ms, 0);
                    }
                    long a = Arrays.stream(acked).sum();
                    // wall= the interval's end in epoch seconds, to line it up with the service's GC log
                    System.out.printf("interval: t=%ds n=%d p50_ms=%d p99_ms=%d max_ms=%d acked_total=%d"
                                    + " puback_p99_ms=%d puback_max_ms=%d wall=%d%n",
                            (next - window[0]) / 1_000_000_000L, n, bucket(copy, n, 0.5), bucket(copy, n, 0.99),
                            bucket(copy, n, 1.0), ACKED.get(), bucket(acked, a, 0.99), bucket(acked, a, 1.0),
                            System.currentTimeMillis() / 1000);
                    if (next >= window[1]) {
                        return;
                    }
                }
            }, "interval-report");
            reporter.setDaemon(true);
            reporter.start();
        }
        double perNano = rate / 1e9;
        long published = 0;
        long[] stationSeq = new long[workshops * stations];
        long skipped = 0;
        while (System.nanoTime() < window[1]) {
            long due = (long) ((System.nanoTime() - start) * perNano);
            while (published < due) {
                int slot = (int) (published % (workshops * stations));
                int w = slot % workshops;
                int s = slot / workshops;
                Publisher p = publishers.get(w);
                if (p.full()) {
                    skipped++;
                    published++;
                    continue;
                }
                long n = ++stationSeq[slot];
                long now = System.nanoTime();
                Instant ts = Instant.now();
                p.sentAt[s][(int) (n % RING)] = now;
                p.numberAt[s].set((int) (n % RING), n);
                p.tsMicros[s].set((int) (n % RING), micros(ts));
                p.publish(vertx, s, n, offset, ts);
                published++;
            }
            publishers.forEach(Publisher::flush);
            Thread.sleep(1);
        }
        // long enough for any reading still in the pipeline to show up: a reading never seen would hide a tail
        Thread.sleep(10_000);
        // closed here, not left to the garbage collector: Vert.x closes an unreachable client, and its sockets
        // with it, which once cut the feed off before the run was over
        ws.close().await();
        feedVertx.close();
        long[] sorted;
        long total;
        synchronized (samples) {
            sorted = Arrays.copyOf(samples, count[0]);
            total = messages[0];
        }
        Arrays.sort(sorted);
        System.out.printf("latency: rate=%d/s workshops=%d stations/workshop=%d clients=%d warm-up=%ds measured=%ds"
                        + " published=%d not_sent_window_full=%d%n", rate, workshops, stations, clients, warmup, seconds,
                published - skipped, skipped);
        long[] delivered;
        synchronized (samples) {
            delivered = deliveries.stream().mapToLong(Long::longValue).sorted().toArray();
        }
        System.out.printf("feed: %d clients measuring, %d messages read by the others%n", Math.min(measuring, clients),
                UNMEASURED.get());
        System.out.printf("feed: figures computed to received p50_ms=%d p99_ms=%d%n",
                delivered.length == 0 ? 0 : delivered[delivered.length / 2],
                delivered.length == 0 ? 0 : delivered[(int) Math.min(delivered.length - 1, delivered.length * 0.99)]);
        long expected = 0;
        for (Publisher p : publishers) {
            for (int st = 0; st < stations; st++) {
                for (long t : p.sentAt[st]) {
                    if (t >= window[0] && t <= window[1]) {
                        expected++;
                    }
                }
            }
        }
        long unseen = 0;
        synchronized (samples) {
            for (int slot = 0; slot < workshops * stations; slot++) {
                if (o.getOrDefault("subscribe", "all").equals("one") && slot % workshops != 0) {
                    continue; // client 0 watches workshop 0 only
                }
                Seen state = allSeen.get(0).get((slot % workshops) + "/" + (slot / workshops));
                unseen += stationSeq[slot] - (state == null ? 0 : state.next - 1);
            }
        }
        long[] acked = publishers.stream().flatMapToLong(p -> Arrays.stream(p.acks, 0, p.ackCount)).sorted().toArray();
        System.out.printf("ingest: publish to PUBACK (stored) p50_ms=%.0f p99_ms=%.0f max_ms=%.0f (n=%d)%n", pct(acked, 0.5),
                pct(acked, 0.99), acked.length == 0 ? 0 : acked[acked.length - 1] / 1e6, acked.length);
        System.out.printf("coverage: readings never shown to client 0 by the end=%d%n", unseen);
        synchronized (samples) {
            long stopped = window[1];
            System.out.printf("coverage: last message per workshop, ms after publishing stopped: %s%n",
                    Arrays.stream(lastMessageAt).mapToObj(t -> String.valueOf((t - stopped) / 1_000_000)).toList());
        }
        System.out.printf("coverage: readings published in the measured window (as far as the ring holds them)=%d%n", expected);
        System.out.printf("acknowledged: acked_total=%d%n", ACKED.get());
        System.out.printf("result: samples=%d feed_messages=%d p50_ms=%.0f p99_ms=%.0f max_ms=%.0f%n", sorted.length,
                total, pct(sorted, 0.5), pct(sorted, 0.99), sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6);
        if (report > 0) {
            synchronized (samples) {
                long n = Arrays.stream(whole).sum();
                System.out.printf("whole: the measured window from the per-millisecond histogram n=%d p50_ms=%d p99_ms=%d"
                        + " max_ms=%d%n", n, bucket(whole, n, 0.5), bucket(whole, n, 0.99), bucket(whole, n, 1.0));
            }
        }
    }

    static void history(Vertx vertx, Map<String, String> o) throws Exception {
        int port = i(o, "http", 8080);
        String workshop = o.getOrDefault("workshop", "BEN/hist");
        int repeat = i(o, "repeat", 50);
        Instant to = Instant.parse(o.get("to"));
        HttpClient http = http(vertx);
        String[][] queries = {
                {"30 days by hour (720 points)", "from=" + to.minusSeconds(30L * 86400) + "&to=" + to + "&step=1h"},
                {"30 days by day (30 points)", "from=" + to.minusSeconds(30L * 86400) + "&to=" + to + "&step=1d"},
                {"7 days by 15 min (672 points)", "from=" + to.minusSeconds(7L * 86400) + "&to=" + to + "&step=15m"},
                {"1 day by minute (1440 points)", "from=" + to.minusSeconds(86400) + "&to=" + to + "&step=1m"},
        };
        for (String[] q : queries) {
            long[] times = new long[repeat];
            for (int r = 0; r < repeat; r++) {
                long t0 = System.nanoTime();
                http.request(HttpMethod.GET, port, "127.0.0.1", "/api/v1/workshops/" + workshop + "/history?" + q[1])
                        .compose(req -> req.putHeader("Authorization", "Bearer " + TOKEN).send()).compose(resp -> resp.body()).await();
                times[r] = System.nanoTime() - t0;
            }
            Arrays.sort(times);
            System.out.printf("history %-32s p50_ms=%.1f p95_ms=%.1f max_ms=%.1f (n=%d)%n", q[0], pct(times, 0.5),
                    pct(times, 0.95), times[times.length - 1] / 1e6, repeat);
        }
    }

    private static double pct(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))] / 1e6;
    }
}
