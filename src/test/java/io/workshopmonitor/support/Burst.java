package io.workshopmonitor.support;

import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A device publishing QoS 1 counter readings as fast as its in-flight window allows, remembering exactly
 * which readings the service acknowledged: the set every durability test checks against the database.
 */
public final class Burst implements AutoCloseable {

    private final MqttAsyncClient client;
    private final String topic;
    private final Semaphore window;
    private final int windowSize;
    private final Set<Long> acked = ConcurrentHashMap.newKeySet();
    private final Instant base;
    private long nextSeq = 1;

    public Burst(String uri, String clientId, String topic, int windowSize, Instant base) {
        try {
            this.client = new MqttAsyncClient(uri, clientId, new MemoryPersistence());
            MqttConnectOptions options = new MqttConnectOptions();
            options.setMaxInflight(windowSize);
            options.setCleanSession(true);
            options.setAutomaticReconnect(false);
            client.connect(options).waitForCompletion(10_000);
        } catch (MqttException e) {
            throw new IllegalStateException("cannot connect to " + uri, e);
        }
        this.topic = topic;
        this.windowSize = windowSize;
        this.window = new Semaphore(windowSize);
        this.base = base;
    }

    /** Publishes {@code count} more readings; returns once they are sent, not necessarily acknowledged. */
    public void send(int count) throws InterruptedException {
        for (int i = 0; i < count; i++) {
            if (!window.tryAcquire(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("no PUBACK for 60 s");
            }
            long seq = nextSeq++;
            String payload = "{\"ts\":\"" + base.plusMillis(seq * 10) + "\",\"seq\":" + seq + ",\"good\":" + seq
                    + ",\"reject\":0}";
            try {
                client.publish(topic, payload.getBytes(StandardCharsets.UTF_8), 1, false, null, new IMqttActionListener() {
                    @Override
                    public void onSuccess(IMqttToken token) {
                        acked.add(seq);
                        window.release();
                    }

                    @Override
                    public void onFailure(IMqttToken token, Throwable failure) {
                        window.release();
                    }
                });
            } catch (MqttException e) {
                window.release();
                if (!client.isConnected()) {
                    return;
                }
                throw new IllegalStateException("publish failed", e);
            }
        }
    }

    /** Waits until every reading sent so far is acknowledged. */
    public void awaitAllAcked(long seconds) throws InterruptedException {
        if (!window.tryAcquire(windowSize, seconds, TimeUnit.SECONDS)) {
            throw new IllegalStateException("only " + acked.size() + " of " + (nextSeq - 1) + " acknowledged");
        }
        window.release(windowSize);
    }

    public Set<Long> acked() {
        return Set.copyOf(acked);
    }

    public long sent() {
        return nextSeq - 1;
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                client.disconnectForcibly(1000);
            }
            client.close(true);
        } catch (MqttException e) {
            // over either way
        }
    }
}
