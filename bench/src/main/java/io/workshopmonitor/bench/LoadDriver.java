package io.workshopmonitor.bench;

import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes QoS 1 counter readings from many simulated stations over real MQTT connections and measures
 * what the receiver acknowledges: sustained PUBACKs per second and publish-to-PUBACK latency. Bounded in
 * time and in count, and only ever aimed at the address it is given (loopback in bench/run.sh).
 *
 * <pre>java -jar load-driver.jar --uri tcp://127.0.0.1:1883 --connections 8 --stations 25 --window 500
 *      --warmup 10 --seconds 60 --prison BEN --workshops 8</pre>
 */
public final class LoadDriver {

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = parse(args);
        String uri = opts.getOrDefault("uri", "tcp://127.0.0.1:1883");
        int connections = Integer.parseInt(opts.getOrDefault("connections", "8"));
        int stations = Integer.parseInt(opts.getOrDefault("stations", "25"));
        int window = Integer.parseInt(opts.getOrDefault("window", "500"));
        int warmup = Integer.parseInt(opts.getOrDefault("warmup", "10"));
        int seconds = Integer.parseInt(opts.getOrDefault("seconds", "60"));
        String prison = opts.getOrDefault("prison", "BEN");
        String label = opts.getOrDefault("label", uri);

        List<Device> devices = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            devices.add(new Device(uri, "bench-" + c, prison, "bench-" + c, stations, window));
        }
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(warmup + seconds);
        long measureFrom = System.nanoTime() + TimeUnit.SECONDS.toNanos(warmup);
        List<Thread> threads = new ArrayList<>();
        for (Device device : devices) {
            Thread thread = new Thread(() -> device.run(end, measureFrom), device.clientId);
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        for (Device device : devices) {
            device.drain();
        }
        long acked = devices.stream().mapToLong(d -> d.measuredAcks.get()).sum();
        long sent = devices.stream().mapToLong(d -> d.sent).sum();
        long ackedAll = devices.stream().mapToLong(d -> d.acks.get()).sum();
        long failed = devices.stream().mapToLong(d -> d.failures.get()).sum();
        long[] latencies = devices.stream().flatMapToLong(d -> Arrays.stream(d.latencies, 0, d.latencyCount())).sorted().toArray();
        System.out.printf("driver: %s connections=%d stations/connection=%d window=%d warmup=%ds measured=%ds%n",
                label, connections, stations, window, warmup, seconds);
        System.out.printf("result: acked_per_second=%.0f sent_total=%d acked_total=%d failed=%d p50_ms=%.1f p99_ms=%.1f max_ms=%.1f%n",
                acked / (double) seconds, sent, ackedAll, failed, pct(latencies, 0.50), pct(latencies, 0.99),
                latencies.length == 0 ? 0 : latencies[latencies.length - 1] / 1e6);
        devices.forEach(Device::close);
    }

    private static double pct(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))] / 1e6;
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> opts = new java.util.HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        return opts;
    }

    /** One MQTT connection publishing for a workshop's stations in turn, as a line gateway would. */
    private static final class Device {
        private static final int MAX_SAMPLES = 4_000_000;
        final String clientId;
        final MqttAsyncClient client;
        final String[] topics;
        final long[] counts;
        final Semaphore window;
        final int windowSize;
        final AtomicLong acks = new AtomicLong();
        final AtomicLong measuredAcks = new AtomicLong();
        final AtomicLong failures = new AtomicLong();
        final long[] latencies = new long[MAX_SAMPLES];
        final AtomicLong samples = new AtomicLong();
        final Instant base = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(1, ChronoUnit.DAYS);
        long sent;
        volatile long measureFrom;

        Device(String uri, String clientId, String prison, String workshop, int stations, int windowSize) throws MqttException {
            this.clientId = clientId;
            this.client = new MqttAsyncClient(uri, clientId, new MemoryPersistence());
            MqttConnectOptions options = new MqttConnectOptions();
            options.setMaxInflight(windowSize);
            options.setCleanSession(true);
            client.connect(options).waitForCompletion(30_000);
            this.topics = new String[stations];
            for (int s = 0; s < stations; s++) {
                topics[s] = "industries/" + prison + "/" + workshop + "/st-" + s + "/counter";
            }
            this.counts = new long[stations];
            this.windowSize = windowSize;
            this.window = new Semaphore(windowSize);
        }

        int latencyCount() {
            return (int) Math.min(samples.get(), MAX_SAMPLES);
        }

        void run(long end, long measureFrom) {
            this.measureFrom = measureFrom;
            long seq = 0;
            try {
                while (System.nanoTime() < end) {
                    if (!window.tryAcquire(1, TimeUnit.SECONDS)) {
                        continue;
                    }
                    int s = (int) (seq % topics.length);
                    seq++;
                    counts[s] += 3;
                    String payload = "{\"ts\":\"" + base.plusMillis(seq) + "\",\"seq\":" + seq + ",\"good\":" + counts[s]
                            + ",\"reject\":" + (counts[s] / 50) + ",\"product\":\"BENCH-1\"}";
                    long started = System.nanoTime();
                    client.publish(topics[s], payload.getBytes(StandardCharsets.UTF_8), 1, false, null, new IMqttActionListener() {
                        @Override
                        public void onSuccess(IMqttToken token) {
                            long now = System.nanoTime();
                            acks.incrementAndGet();
                            if (started >= Device.this.measureFrom && now <= end) {
                                measuredAcks.incrementAndGet();
                                long i = samples.getAndIncrement();
                                if (i < MAX_SAMPLES) {
                                    latencies[(int) i] = now - started;
                                }
                            }
                            window.release();
                        }

                        @Override
                        public void onFailure(IMqttToken token, Throwable failure) {
                            failures.incrementAndGet();
                            window.release();
                        }
                    });
                    sent++;
                }
            } catch (MqttException e) {
                System.err.println(clientId + ": " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        void drain() throws InterruptedException {
            if (window.tryAcquire(windowSize, 60, TimeUnit.SECONDS)) {
                window.release(windowSize);
            }
        }

        void close() {
            try {
                client.disconnect().waitForCompletion(5_000);
                client.close();
            } catch (MqttException e) {
                // the run is over
            }
        }
    }
}
