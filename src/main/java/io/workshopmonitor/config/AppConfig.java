package io.workshopmonitor.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

public record AppConfig(Path dataDir, HttpConfig http, ManagementConfig management, DatabaseConfig database,
                        MqttConfig mqtt, IngestConfig ingest, FiguresConfig figures, AlertsConfig alerts,
                        AuthConfig auth, TlsConfig tls, ClusterConfig cluster, RetentionConfig retention,
                        ReportsConfig reports) {

    /**
     * Reports: the one currency every price, cost and budget is in, and e-mail delivery ({@code mail} empty: no
     * scheduled delivery). Weekly and monthly reports go at {@code sendAt}, local time, on the first working day
     * after their span.
     */
    public record ReportsConfig(String currency, Optional<MailConfig> mail, java.time.LocalTime sendAt) {
    }

    /** An SMTP server: {@code security} NONE, STARTTLS (upgrade required) or TLS (from the first byte). */
    public record MailConfig(String host, int port, Security security, Optional<String> username,
                             Optional<String> password, String from) {

        public enum Security { NONE, STARTTLS, TLS }
    }

    /**
     * How long stored things are kept, in days (0: for ever). Raw readings and roll-ups go a whole month at a
     * time, once every day of the month is past its retention.
     */
    public record RetentionConfig(int readingsDays, int minutesDays, int deadLettersDays, int webhookDeliveriesDays,
                                  int auditDays) {
    }

    /**
     * Instances with the same {@code name} and Kafka form one cluster; {@code kafka} empty: a single node.
     *
     * @param instanceId this instance's name in the cluster (default: the host name)
     */
    public record ClusterConfig(String name, String instanceId, Optional<KafkaConfig> kafka) {
        public boolean enabled() {
            return kafka.isPresent();
        }

        /** Every workshop's readings, keyed by workshop: the partitions the instances share out. */
        public String readingsTopic() {
            return name + ".readings";
        }

        /** Figures, alerts, configuration changes and instance heartbeats, compacted, read by every instance. */
        public String changesTopic() {
            return name + ".changes";
        }
    }

    /**
     * @param partitions        of the readings topic when created: the most instances that can share the work
     * @param replicationFactor of both topics when created
     * @param sessionTimeoutMs  how long an instance that stopped answering keeps its workshops
     */
    public record KafkaConfig(String bootstrapServers, int partitions, short replicationFactor, int sessionTimeoutMs) {
    }

    /** Both set: HTTPS on the API port and MQTTS on {@code mqtt.tlsPort}; neither: plain. */
    public record TlsConfig(Optional<Path> certPath, Optional<Path> keyPath) {
        public boolean enabled() {
            return certPath.isPresent();
        }
    }

    /** {@code jwksUrl} empty: the service signs and verifies its own tokens with a key in the data directory. */
    public record AuthConfig(String issuer, Optional<String> jwksUrl) {
    }

    /**
     * How alerts are debounced and evaluated, how webhooks are retried, and which inside networks webhooks may
     * reach after all.
     */
    public record AlertsConfig(int holdSeconds, int evaluateSeconds, int contractSeconds, int webhookTimeoutSeconds,
                               int webhookGiveUpHours, java.util.List<io.workshopmonitor.domain.WebhookTargets.Network> webhookAllowedNetworks) {
    }

    public record FiguresConfig(int windowMinutes) {
    }

    /** {@code webDir} empty serves the dashboard built into the jar. */
    public record HttpConfig(int port, int maxBodyBytes, Optional<Path> webDir, int rateLimitPerMinute,
                             List<String> allowedOrigins) {
    }

    /** {@code token} set: /metrics and /health/ready want it as a bearer token (/health/live stays open). */
    /** @param host the address the management port listens on: loopback unless a token guards it */
    public record ManagementConfig(String host, int port, Optional<String> token) {
    }

    /** {@code url} empty means embedded PostgreSQL under {@code dataDir}. */
    public record DatabaseConfig(Optional<String> url, int embeddedPort, int poolSize, int maxWaitQueue) {
    }

    public record MqttConfig(String topicPrefix, String host, int port, Optional<BrokerAddress> broker,
                             String clientId, Optional<String> sharedGroup, Optional<String> username,
                             Optional<String> password, int reconnectMaxSeconds, int maxPayloadBytes,
                             boolean allowAnonymous, int tlsPort, int maxInFlight) {

        /** The subscription filter: every topic under the prefix, shared when a group is set. */
        public String subscriptionFilter() {
            String filter = topicPrefix + "/#";
            return sharedGroup.map(group -> "$share/" + group + "/" + filter).orElse(filter);
        }
    }

    /**
     * The broker of broker mode; {@code tls} for mqtts://, whose certificate {@code caPath} (PEM) vouches for, or the
     * JVM's trust store; {@code mqtt5} to speak MQTT 5 to it rather than 3.1.1.
     */
    public record BrokerAddress(String host, int port, boolean tls, Optional<java.nio.file.Path> caPath, boolean mqtt5) {
        public BrokerAddress(String host, int port) {
            this(host, port, false, Optional.empty(), false);
        }
    }

    public record IngestConfig(boolean autoRegister, int maxStationsPerWorkshop, int batchMaxSize, int batchMaxDelayMs, int maxPending,
                               int deadLetterLimit, int maxFutureSkewSeconds) {
    }
}
