package io.workshopmonitor.bench;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Publishes QoS 1 counter readings from many simulated stations over real MQTT connections, keeping a
 * fixed window of unacknowledged messages per connection, and measures what the receiver acknowledges:
 * sustained PUBACKs per second and publish-to-PUBACK latency. Bounded in time, and only ever aimed at the
 * address it is given (loopback in bench/run.sh).
 *
 * <pre>java -jar load-driver.jar --uri tcp://127.0.0.1:1883 --connections 8 --stations 25 --window 500
 *      --warmup 10 --seconds 60 --prison BEN --rate 0</pre>
 *
 * {@code --rate} (messages per second, all connections together) paces the publishers; 0 means as fast as
 * the window allows.
 */
public final class LoadDriver {

    /** Held so the quietened logger is not collected with its level. */
    private static final java.util.logging.Logger MQTT_LOG = java.util.logging.Logger.getLogger("io.vertx.mqtt");

    public static void main(String[] args) throws Exception {
        MQTT_LOG.setLevel(java.util.logging.Level.WARNING);
        Map<String, String> opts = parse(args);
        String[] hostPort = opts.getOrDefault("uri", "tcp://127.0.0.1:1883").replaceFirst("^tcp://", "").split(":");
        int connections = Integer.parseInt(opts.getOrDefault("connections", "8"));
        int stations = Integer.parseInt(opts.getOrDefault("stations", "25"));
        int window = Integer.parseInt(opts.getOrDefault("window", "500"));
        int warmup = Integer.parseInt(opts.getOrDefault("warmup", "10"));
        int seconds = Integer.parseInt(opts.getOrDefault("seconds", "60"));
        double rate = Double.parseDouble(opts.getOrDefault("rate", "0"));
        String prison = opts.getOrDefault("prison", "BEN");
        // a second driver against another instance of a cluster takes the workshops after the first's
        int offset = Integer.parseInt(opts.getOrDefault("offset", "0"));
        String label = opts.getOrDefault("label", opts.getOrDefault("uri", ""));

        Vertx vertx = Vertx.vertx();
        long start = System.nanoTime();
        long measureFrom = start + TimeUnit.SECONDS.toNanos(warmup);
        long end = measureFrom + TimeUnit.SECONDS.toNanos(seconds);
        List<Device> devices = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(connections);
        for (int c = 0; c < connections; c++) {
            Device device = new Device(vertx, "bench-" + (c + offset), prison, "bench-" + (c + offset), stations, window,
                    rate / connections, measureFrom, end, done);
            devices.add(device);
            device.context.runOnContext(ignored -> device.connect(hostPort[0], Integer.parseInt(hostPort[1])));
        }
        if (!done.await(warmup + seconds + 120, TimeUnit.SECONDS)) {
            System.err.println("driver: some connections did not drain");
        }
        long acked = devices.stream().mapToLong(d -> d.measuredAcks).sum();
        long sent = devices.stream().mapToLong(d -> d.sent).sum();
        long ackedAll = devices.stream().mapToLong(d -> d.acks).sum();
        long[] latencies = devices.stream().flatMapToLong(d -> Arrays.stream(d.latencies, 0, d.samples)).sorted().toArray();
        System.out.printf("driver: %s connections=%d stations/connection=%d window=%d rate=%s warmup=%ds measured=%ds%n",
                label, connections, stations, window, rate == 0 ? "max" : String.valueOf((long) rate), warmup, seconds);
        System.out.printf("result: acked_per_second=%.0f sent_total=%d acked_total=%d unacked=%d p50_ms=%.1f p99_ms=%.1f max_ms=%.1f%n",
                acked / (double) seconds, sent, ackedAll, sent - ackedAll, pct(latencies, 0.50), pct(latencies, 0.99),
                latencies.length == 0 ? 0 : latencies[latencies.length - 1] / 1e6);
        vertx.close().await();
    }

    private static double pct(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))] / 1e6;
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        return opts;
    }

    /** One MQTT connection publishing for a workshop's stations in turn, as a line gateway would; one context. */
    private static final class Device {
        private static final int MAX_SAMPLES = 8_000_000;
        final Context context;
        final MqttClient client;
        final String[] topics;
        final long[] counts;
        final long[] sentAt = new long[65_536];
        final int window;
        final double ratePerNano;
        final long measureFrom;
        final long end;
        final CountDownLatch done;
        final Instant base = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(1, ChronoUnit.DAYS);
        final long[] latencies = new long[MAX_SAMPLES];
        int samples;
        long sent;
        long acks;
        long measuredAcks;
        int inflight;
        long seq;
        long startedAt;
        boolean finished;

        Device(Vertx vertx, String clientId, String prison, String workshop, int stations, int window, double rate,
               long measureFrom, long end, CountDownLatch done) {
            this.context = vertx.getOrCreateContext();
            MqttClientOptions options = new MqttClientOptions().setClientId(clientId).setCleanSession(true)
                    .setMaxInflightQueue(window).setAutoKeepAlive(true);
            this.client = MqttClient.create(vertx, options);
            this.topics = new String[stations];
            for (int s = 0; s < stations; s++) {
                topics[s] = "industries/" + prison + "/" + workshop + "/st-" + s + "/counter";
            }
            this.counts = new long[stations];
            this.window = window;
            this.ratePerNano = rate / 1e9;
            this.measureFrom = measureFrom;
            this.end = end;
            this.done = done;
        }

        void connect(String host, int port) {
            client.publishCompletionHandler(this::acked);
            client.connect(port, host)
                    .onSuccess(ack -> {
                        startedAt = System.nanoTime();
                        pump();
                        if (ratePerNano > 0) {
                            context.owner().setPeriodic(5, id -> pump());
                        }
                    })
                    .onFailure(failure -> {
                        System.err.println("connect failed: " + failure);
                        finished = true;
                        done.countDown();
                    });
        }

        private void pump() {
            long now = System.nanoTime();
            if (now >= end) {
                finishIfDrained();
                return;
            }
            long allowed = ratePerNano > 0 ? (long) ((now - startedAt) * ratePerNano) : Long.MAX_VALUE;
            while (inflight < window && sent < allowed) {
                publishOne(now);
            }
        }

        private void publishOne(long now) {
            int s = (int) (seq % topics.length);
            seq++;
            counts[s] += 3;
            String payload = "{\"ts\":\"" + base.plusMillis(seq) + "\",\"seq\":" + seq + ",\"good\":" + counts[s]
                    + ",\"reject\":" + (counts[s] / 50) + ",\"product\":\"BENCH-1\"}";
            inflight++;
            sent++;
            Future<Integer> id = client.publish(topics[s], Buffer.buffer(payload), MqttQoS.AT_LEAST_ONCE, false, false);
            // the id is known once the message is queued on this same context, before its PUBACK can be read
            id.onSuccess(packetId -> sentAt[packetId] = now)
                    .onFailure(failure -> inflight--);
        }

        private void acked(int packetId) {
            long now = System.nanoTime();
            inflight--;
            acks++;
            long started = sentAt[packetId];
            if (started >= measureFrom && now <= end) {
                measuredAcks++;
                if (samples < MAX_SAMPLES) {
                    latencies[samples++] = now - started;
                }
            }
            pump();
        }

        private void finishIfDrained() {
            if (inflight == 0 && !finished) {
                finished = true;
                client.disconnect();
                done.countDown();
            }
        }
    }
}
