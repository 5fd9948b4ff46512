package io.workshopmonitor.support;

import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A line counter behind a TCP load balancer: publishes QoS 1 cumulative counter readings ({@code good} = {@code seq})
 * at a steady rate to one of the service's instances, and when that connection drops it connects to the next
 * instance and sends again every reading not yet acknowledged, with the same seq and payload, as a real device
 * does. It remembers exactly which readings were acknowledged: what the durability checks compare with the
 * database.
 */
public final class RoamingDevice implements AutoCloseable {

    private static final int WINDOW = 50;

    private final List<String> uris;
    private final String clientId;
    private final String topic;
    private final Instant base;
    private final int perSecond;
    private final TreeMap<Long, byte[]> unacked = new TreeMap<>();
    private final Set<Long> acked = ConcurrentHashMap.newKeySet();
    private final AtomicInteger reconnects = new AtomicInteger();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean publishing = true;
    private volatile long sent;
    private int next;
    private MqttAsyncClient client;

    public RoamingDevice(List<String> uris, int first, String clientId, String topic, Instant base, int perSecond) {
        this.uris = List.copyOf(uris);
        this.next = first;
        this.clientId = clientId;
        this.topic = topic;
        this.base = base;
        this.perSecond = perSecond;
        this.thread = new Thread(this::run, "device-" + clientId);
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        long seq = 1;
        long pauseNanos = 1_000_000_000L / perSecond;
        long nextAt = System.nanoTime();
        while (running) {
            if (client == null || !client.isConnected()) {
                connectAndResend();
                continue;
            }
            if (publishing && pending() < WINDOW && System.nanoTime() >= nextAt) {
                String payload = "{\"ts\":\"" + base.plusMillis(seq * 100) + "\",\"seq\":" + seq + ",\"good\":" + seq
                        + ",\"reject\":0}";
                byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
                synchronized (unacked) {
                    unacked.put(seq, bytes);
                }
                publish(seq, bytes);
                sent = seq;
                seq++;
                nextAt += pauseNanos;
            } else {
                sleep(2);
            }
        }
    }

    private int pending() {
        synchronized (unacked) {
            return unacked.size();
        }
    }

    private void connectAndResend() {
        if (client != null) {
            try {
                client.disconnectForcibly(100, 100);
                client.close(true);
            } catch (MqttException e) {
                // gone either way
            }
            reconnects.incrementAndGet();
        }
        String uri = uris.get(next % uris.size());
        next++;
        try {
            client = new MqttAsyncClient(uri, clientId, new MemoryPersistence());
            MqttConnectOptions options = new MqttConnectOptions();
            options.setCleanSession(true);
            options.setAutomaticReconnect(false);
            options.setMaxInflight(WINDOW * 2);
            options.setConnectionTimeout(3);
            client.connect(options).waitForCompletion(5_000);
        } catch (MqttException e) {
            sleep(200);
            return;
        }
        TreeMap<Long, byte[]> again;
        synchronized (unacked) {
            again = new TreeMap<>(unacked);
        }
        again.forEach(this::publish);
    }

    private void publish(long seq, byte[] payload) {
        try {
            client.publish(topic, payload, 1, false, null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    acked.add(seq);
                    synchronized (unacked) {
                        unacked.remove(seq);
                    }
                }

                @Override
                public void onFailure(IMqttToken token, Throwable failure) {
                    // stays unacknowledged: sent again after the next connect
                }
            });
        } catch (MqttException e) {
            // the connection is going: what is unacknowledged is sent again after the next connect
        }
    }

    /** Stops taking new readings (what is unacknowledged is still sent until acknowledged). */
    public void pause() {
        publishing = false;
    }

    /** Waits until every reading sent is acknowledged. */
    public void awaitAllAcked(long seconds) throws InterruptedException {
        long deadline = System.currentTimeMillis() + seconds * 1000;
        while (pending() > 0) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException(clientId + ": " + pending() + " of " + sent + " readings not acknowledged");
            }
            Thread.sleep(50);
        }
    }

    public Set<Long> acked() {
        return Set.copyOf(acked);
    }

    public long sent() {
        return sent;
    }

    public int reconnects() {
        return reconnects.get();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5_000);
        if (client != null) {
            try {
                client.disconnectForcibly(100, 100);
                client.close(true);
            } catch (MqttException e) {
                // closing anyway
            }
        }
    }
}
