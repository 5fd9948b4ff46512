package io.workshopmonitor.support;

import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import java.nio.charset.StandardCharsets;

/** Devices as real MQTT 3.1.1 clients (Eclipse Paho) over a socket. */
public final class Devices {
    private Devices() {
    }

    public static MqttClient connect(String uri, String clientId) {
        return connect(uri, clientId, true);
    }

    public static MqttClient connect(String uri, String clientId, boolean cleanSession) {
        try {
            MqttClient client = new MqttClient(uri, clientId, new MemoryPersistence());
            MqttConnectOptions options = new MqttConnectOptions();
            options.setCleanSession(cleanSession);
            options.setMaxInflight(1000);
            options.setConnectionTimeout(10);
            options.setAutomaticReconnect(false);
            client.setTimeToWait(30_000);
            client.connect(options);
            return client;
        } catch (MqttException e) {
            throw new IllegalStateException("cannot connect to " + uri, e);
        }
    }

    /**
     * Signs in as a device ({@code username} null: anonymously); a refusal comes back as the client's
     * {@link MqttException} with the broker's reason, for the test to look at.
     */
    public static MqttClient connectAs(String uri, String clientId, String username, String password) throws MqttException {
        MqttClient client = new MqttClient(uri, clientId, new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setAutomaticReconnect(false);
        options.setConnectionTimeout(10);
        if (username != null) {
            options.setUserName(username);
            options.setPassword(password.toCharArray());
        }
        client.setTimeToWait(10_000);
        client.connect(options);
        return client;
    }

    /** Publishes and, for QoS 1, returns only once the PUBACK is in. */
    public static void publish(MqttClient client, String topic, String payload, int qos) {
        publish(client, topic, payload.getBytes(StandardCharsets.UTF_8), qos);
    }

    public static void publish(MqttClient client, String topic, byte[] payload, int qos) {
        try {
            client.publish(topic, payload, qos, false);
        } catch (MqttException e) {
            throw new IllegalStateException("publish to " + topic + " failed", e);
        }
    }

    public static String counter(String ts, Long seq, long good, long reject) {
        return "{\"ts\":\"" + ts + "\"," + (seq == null ? "" : "\"seq\":" + seq + ",") + "\"good\":" + good
                + ",\"reject\":" + reject + "}";
    }

    public static void closeQuietly(MqttClient client) {
        try {
            if (client.isConnected()) {
                client.disconnect();
            }
            client.close();
        } catch (MqttException e) {
            // the test is over either way
        }
    }

    /** The value of one Prometheus sample, 0 when absent. */
    public static double metric(String scrape, String sample) {
        return scrape.lines().filter(line -> line.startsWith(sample + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(sample.length() + 1).trim()))
                .findFirst().orElse(0);
    }

    /**
     * Keeps the figures of workshops {@code MDI/w-0} … {@code w-(workshops-1)} changing until {@code publishing} is
     * cleared: every {@code everyMillis}, one QoS 0 counter reading to each workshop, the stations {@code st-0} …
     * taking turns. Run it on a thread of its own.
     */
    public static void publishToWorkshops(String uri, String clientId, int workshops, int stations, long everyMillis,
                                          java.util.concurrent.atomic.AtomicBoolean publishing) {
        MqttClient device = connect(uri, clientId);
        java.time.Instant base = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                .minus(1, java.time.temporal.ChronoUnit.HOURS);
        long n = 0;
        try {
            while (publishing.get()) {
                n++;
                for (int w = 0; w < workshops; w++) {
                    publish(device, "industries/MDI/w-" + w + "/st-" + (n % stations) + "/counter",
                            counter(base.plusMillis(n * everyMillis).toString(), n, n, 0), 0);
                }
                Thread.sleep(everyMillis);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly(device);
        }
    }
}
