package io.workshopmonitor.cluster;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.workshopmonitor.alert.AlertBroadcast;
import io.workshopmonitor.config.AppConfig;
import io.workshopmonitor.ingest.Handoff;
import io.workshopmonitor.live.FiguresView;
import io.workshopmonitor.owner.BatchWriter;
import io.workshopmonitor.owner.ConfigChanges;
import io.workshopmonitor.owner.WorkshopOwner;
import io.workshopmonitor.store.ReadingStore;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Everything cluster mode adds to an instance, on Apache Kafka: the topics (created if missing), the front door's
 * hand-off to the readings topic, the owner fed by the consumer group, the change topic every instance reads, the
 * cluster's members, and Kafka's health for readiness. {@code Application} wires it in place of the single node's
 * in-process hand-off.
 */
public final class ClusterNode {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterNode.class);
    private static final long HEALTH_EVERY_MS = 2_000;

    private final Vertx vertx;
    private final AppConfig config;
    private final AppConfig.KafkaConfig kafka;
    private final Admin admin;
    private final ClusterMembers members;
    private final FiguresView view;
    private final Clock clock;
    private int partitions;
    private volatile boolean kafkaUp;
    private ChangeLog changes;
    private OwnerVerticle ownerVerticle;

    private ClusterNode(Vertx vertx, AppConfig config, FiguresView view, Clock clock) {
        this.vertx = vertx;
        this.config = config;
        this.kafka = config.cluster().kafka().orElseThrow();
        this.view = view;
        this.clock = clock;
        this.admin = Admin.create(common(new Properties()));
        this.members = new ClusterMembers(config.cluster().name(), config.cluster().instanceId(), clock);
    }

    /**
     * Creates the topics if they are missing (waiting for Kafka as long as it takes: an instance without Kafka
     * could not acknowledge a reading anyway), then starts following the change topic.
     */
    public static Future<ClusterNode> start(Vertx vertx, AppConfig config, FiguresView view, AlertBroadcast local,
                                            MeterRegistry registry, Clock clock) {
        ClusterNode node = new ClusterNode(vertx, config, view, clock);
        return vertx.executeBlocking(node::createTopics)
                .map(count -> {
                    node.partitions = count;
                    node.kafkaUp = true;
                    vertx.setPeriodic(HEALTH_EVERY_MS, id -> node.checkHealth());
                    node.changes = new ChangeLog(vertx, node.producer("kafka-changes-out"), node.consumer(null),
                            config.cluster().changesTopic(), config.cluster().instanceId(), view, local, node.members,
                            node::heartbeat, clock);
                    view.listener(node.changes);
                    node.changes.start();
                    node.metrics(registry);
                    LOG.info("cluster {}: instance {} on Kafka {}, {} partitions of {}", config.cluster().name(),
                            config.cluster().instanceId(), node.kafka.bootstrapServers(), count,
                            config.cluster().readingsTopic());
                    return node;
                });
    }

    /** Configuration changes go to every instance over the change topic. */
    public ConfigChanges configChanges() {
        return changes;
    }

    /** Alert changes likewise. */
    public AlertBroadcast alertBroadcast() {
        return changes;
    }

    public ClusterMembers members() {
        return members;
    }

    /** The front door's hand-off: the readings topic, and PostgreSQL for dead letters, made on the ingest context. */
    public Future<Handoff> handoff(Vertx vertx, ReadingStore store) {
        AppConfig.IngestConfig ingest = config.ingest();
        BatchWriter deadLetters = new BatchWriter(vertx, store, ingest.batchMaxSize(), ingest.batchMaxDelayMs(),
                ingest.maxPending(), (applied, nanos) -> { });
        return Future.succeededFuture(new KafkaHandoff(vertx, producer("kafka-handoff"), config.cluster().readingsTopic(),
                deadLetters, ingest.maxPending()));
    }

    /** The owner of this instance's share of the workshops, fed by the consumer group. */
    public Future<String> deployOwner(WorkshopOwner.Services services) {
        ownerVerticle = new OwnerVerticle(services, () -> consumer(config.cluster().name()),
                config.cluster().readingsTopic(), partitions);
        return vertx.deployVerticle(ownerVerticle);
    }

    /** For readiness: Kafka answers, and this instance has followed the change topic to its end. */
    public boolean ready() {
        return kafkaUp && changes.caughtUp();
    }

    public Future<Void> stop() {
        return vertx.executeBlocking(() -> {
            if (changes != null) {
                changes.stop();
            }
            admin.close(java.time.Duration.ofSeconds(5));
            return null;
        });
    }

    private ClusterMembers.Member heartbeat() {
        ReadingConsumer readings = ownerVerticle == null ? null : ownerVerticle.readings();
        List<String> owned = new ArrayList<>();
        view.owned().forEach(s -> owned.add(s.key().toString()));
        owned.sort(null);
        List<Integer> held = readings == null ? List.of() : readings.heldPartitions().stream().sorted().toList();
        return new ClusterMembers.Member(config.cluster().instanceId(), owned, held,
                readings == null ? 0 : readings.lag(), Instant.now(clock));
    }

    private void metrics(MeterRegistry registry) {
        Gauge.builder("cluster_owned_workshops", view, v -> v.owned().size())
                .description("Workshops this instance owns (applies readings, evaluates alerts, exports figures for)")
                .register(registry);
        Gauge.builder("cluster_consumer_lag", this, n -> n.ownerVerticle == null || n.ownerVerticle.readings() == null
                        ? 0 : n.ownerVerticle.readings().lag())
                .description("Readings in this instance's partitions not yet applied").register(registry);
        Gauge.builder("cluster_instances", members, m -> m.alive().size())
                .description("Instances of the cluster heard from in the last 10 s").register(registry);
        Gauge.builder("cluster_kafka_up", this, n -> n.kafkaUp ? 1 : 0)
                .description("1 while Kafka answers this instance").register(registry);
    }

    private void checkHealth() {
        vertx.executeBlocking(() -> admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty())
                .onComplete((empty, failure) -> {
                    boolean up = failure == null && !empty;
                    if (up != kafkaUp) {
                        if (up) {
                            LOG.info("Kafka answers again");
                        } else {
                            LOG.warn("Kafka does not answer: not ready, nothing acknowledged until it does");
                        }
                    }
                    kafkaUp = up;
                });
    }

    /** @return the readings topic's partition count */
    private int createTopics() throws InterruptedException {
        String readings = config.cluster().readingsTopic();
        String changesTopic = config.cluster().changesTopic();
        Map<String, String> compacted = new HashMap<>();
        compacted.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        compacted.put(TopicConfig.SEGMENT_MS_CONFIG, String.valueOf(TimeUnit.MINUTES.toMillis(10)));
        compacted.put(TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG, "0.1");
        compacted.put(TopicConfig.DELETE_RETENTION_MS_CONFIG, String.valueOf(TimeUnit.HOURS.toMillis(1)));
        List<NewTopic> topics = List.of(
                // a reading is in PostgreSQL once its offset is committed; retention only has to outlast owners
                // being away, so three days, not Kafka's week
                new NewTopic(readings, kafka.partitions(), kafka.replicationFactor())
                        .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(TimeUnit.DAYS.toMillis(3)))),
                // one partition: every instance reads it whole, and changes about one thing stay in order
                new NewTopic(changesTopic, 1, kafka.replicationFactor()).configs(compacted));
        long backoff = 500;
        while (true) {
            try {
                for (NewTopic topic : topics) {
                    try {
                        admin.createTopics(List.of(topic)).all().get(10, TimeUnit.SECONDS);
                        LOG.info("created Kafka topic {}", topic.name());
                    } catch (ExecutionException e) {
                        if (!(e.getCause() instanceof TopicExistsException)) {
                            throw e;
                        }
                    }
                }
                TopicDescription description = admin.describeTopics(List.of(readings)).allTopicNames()
                        .get(10, TimeUnit.SECONDS).get(readings);
                return description.partitions().size();
            } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                LOG.warn("waiting for Kafka at {}: {}", kafka.bootstrapServers(), e.getCause() == null ? e : e.getCause());
                Thread.sleep(backoff);
                backoff = Math.min(5_000, backoff * 2);
            }
        }
    }

    private Properties common(Properties props) {
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(CommonClientConfigs.CLIENT_ID_CONFIG, config.cluster().instanceId());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        props.put(CommonClientConfigs.RECONNECT_BACKOFF_MAX_MS_CONFIG, 2_000);
        return props;
    }

    private AsyncProducer producer(String name) {
        Properties props = common(new Properties());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 2);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
        // a reading waits at most this long for Kafka before its device is told nothing and resends it
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(CommonClientConfigs.CLIENT_ID_CONFIG, config.cluster().instanceId() + "-" + name);
        return new AsyncProducer(vertx, new KafkaProducer<>(props), name);
    }

    /** @param group the consumer group, or null for a reader that assigns itself partitions */
    private KafkaConsumer<byte[], byte[]> consumer(String group) {
        Properties props = common(new Properties());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        if (group != null) {
            props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
            props.put(CommonClientConfigs.CLIENT_ID_CONFIG, config.cluster().instanceId() + "-readings");
            // incremental hand-overs: an instance keeps the partitions it still holds while others move
            props.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
            props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, kafka.sessionTimeoutMs());
            props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, Math.max(500, kafka.sessionTimeoutMs() / 6));
            props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.ingest().batchMaxSize());
        } else {
            props.put(CommonClientConfigs.CLIENT_ID_CONFIG, config.cluster().instanceId() + "-changes");
        }
        return new KafkaConsumer<>(props);
    }
}
