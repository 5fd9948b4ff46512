package io.workshopmonitor.cluster;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.workshopmonitor.alert.AlertBroadcast;
import io.workshopmonitor.alert.AlertJson;
import io.workshopmonitor.domain.Alert;
import io.workshopmonitor.domain.WorkshopKey;
import io.workshopmonitor.live.FiguresJson;
import io.workshopmonitor.live.FiguresView;
import io.workshopmonitor.owner.ConfigChanges;
import io.workshopmonitor.owner.OwnerAddresses;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The cluster's change topic, compacted and read whole by every instance: each owner's figures, every alert
 * change, configuration changes, and the instances' heartbeats. Keys say what a record is about
 * ({@code figures/MDI/textiles-1}, {@code alert/<id>}, {@code config/workshop/MDI/textiles-1},
 * {@code instance/<id>}), so compaction keeps the newest of each. An instance applies its own changes at once and
 * skips them when they come back.
 */
final class ChangeLog implements ConfigChanges, AlertBroadcast, FiguresView.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(ChangeLog.class);
    /** A workshop's figures go out at most this often when they change... */
    static final long FLUSH_MS = 250;
    /** ...and this often when only time moved them, so every instance's "at" stays fresh. */
    static final long RESEND_MS = 5_000;
    static final long HEARTBEAT_MS = 2_000;

    private final Vertx vertx;
    private final AsyncProducer producer;
    private final Consumer<byte[], byte[]> consumer;
    private final String topic;
    private final String self;
    private final FiguresView view;
    private final AlertBroadcast local;
    private final ConfigChanges localConfig;
    private final ClusterMembers members;
    private final Supplier<ClusterMembers.Member> heartbeat;
    private final Clock clock;
    private final Instant startedAt;
    private final Map<WorkshopKey, FiguresView.Snapshot> dirty = new ConcurrentHashMap<>();
    private final Map<WorkshopKey, long[]> sent = new HashMap<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean caughtUp;

    ChangeLog(Vertx vertx, AsyncProducer producer, Consumer<byte[], byte[]> consumer, String topic, String self,
              FiguresView view, AlertBroadcast local, ClusterMembers members, Supplier<ClusterMembers.Member> heartbeat,
              Clock clock) {
        this.vertx = vertx;
        this.producer = producer;
        this.consumer = consumer;
        this.topic = topic;
        this.self = self;
        this.view = view;
        this.local = local;
        this.localConfig = ConfigChanges.local(vertx);
        this.members = members;
        this.heartbeat = heartbeat;
        this.clock = clock;
        this.startedAt = Instant.now();
        this.thread = new Thread(this::run, "kafka-changes");
    }

    /** Reads the topic from its start (the newest figures of every workshop), then follows it. */
    void start() {
        thread.start();
        vertx.setPeriodic(FLUSH_MS, id -> flush());
        vertx.setPeriodic(HEARTBEAT_MS, id -> sendHeartbeat());
    }

    boolean caughtUp() {
        return caughtUp;
    }

    /** Says goodbye, so the instance leaves GET /api/v1/cluster at once; blocking, so called from a worker. */
    void stop() throws InterruptedException {
        producer.send(topic, key("instance/" + self), null);
        running = false;
        consumer.wakeup();
        thread.join(10_000);
        producer.close();
    }

    // ---- what this instance tells the others

    @Override
    public void published(FiguresView.Snapshot snapshot) {
        dirty.put(snapshot.key(), snapshot);
    }

    private void flush() {
        long now = System.currentTimeMillis();
        for (WorkshopKey key : List.copyOf(dirty.keySet())) {
            FiguresView.Snapshot snapshot = dirty.remove(key);
            if (snapshot == null || snapshot.owned().isEmpty()) {
                continue;
            }
            long[] last = sent.get(key);
            if (last != null && last[0] == snapshot.version() && now - last[1] < RESEND_MS) {
                dirty.putIfAbsent(key, snapshot); // time alone moved it: it goes with the next resend
                continue;
            }
            sent.put(key, new long[]{snapshot.version(), now});
            JsonObject value = new JsonObject().put("owner", self).put("version", snapshot.version())
                    .put("figures", FiguresJson.workshop(snapshot.figures()));
            send("figures/" + key, value);
        }
        sent.keySet().removeIf(key -> view.get(key).flatMap(FiguresView.Snapshot::owned).isEmpty());
    }

    @Override
    public void changed(Alert alert) {
        local.changed(alert);
        send("alert/" + alert.id(), new JsonObject().put("origin", self).put("subject", alert.subject())
                .put("alert", AlertJson.render(alert)));
    }

    @Override
    public Future<Void> workshop(WorkshopKey key) {
        return send("config/workshop/" + key, origin()).compose(ignored -> localConfig.workshop(key));
    }

    @Override
    public void contracts() {
        send("config/contracts", origin());
        localConfig.contracts();
    }

    @Override
    public void deviceRevoked(String username) {
        send("config/device/" + username, origin());
        localConfig.deviceRevoked(username);
    }

    private void sendHeartbeat() {
        ClusterMembers.Member member = heartbeat.get();
        members.heard(member);
        send("instance/" + self, new JsonObject().put("owned", new JsonArray(member.owned()))
                .put("partitions", new JsonArray(member.partitions())).put("lag", member.lag())
                .put("at", member.lastSeen().toString()));
    }

    private JsonObject origin() {
        return new JsonObject().put("origin", self).put("at", clock.instant().toString());
    }

    private Future<Void> send(String key, JsonObject value) {
        return producer.send(topic, key(key), value.encode().getBytes(StandardCharsets.UTF_8))
                .onFailure(e -> LOG.debug("change {} not sent: {}", key, e.toString()));
    }

    private static byte[] key(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }

    // ---- what the others tell this instance

    private void run() {
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    try {
                        received(record);
                    } catch (RuntimeException e) {
                        LOG.warn("skipping change {} at {}: {}", new String(record.key(), StandardCharsets.UTF_8),
                                record.offset(), e.toString());
                    }
                }
                if (!caughtUp && end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                    caughtUp = true;
                    LOG.info("change topic read to its end: {} workshops' figures known", view.all().size());
                }
            }
        } catch (WakeupException e) {
            // stopping
        } catch (RuntimeException e) {
            LOG.error("the change-topic reader stopped: {}", e.toString(), e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void received(ConsumerRecord<byte[], byte[]> record) {
        String key = new String(record.key(), StandardCharsets.UTF_8);
        JsonObject value = record.value() == null ? null
                : new JsonObject(new String(record.value(), StandardCharsets.UTF_8));
        if (key.startsWith("figures/")) {
            WorkshopKey workshop = WorkshopKey.parse(key.substring("figures/".length())).orElseThrow();
            if (value == null) {
                view.remove(workshop);
            } else if (!self.equals(value.getString("owner"))) {
                view.received(FiguresJson.parse(value.getJsonObject("figures")), value.getLong("version"),
                        value.getString("owner"));
            }
        } else if (key.startsWith("alert/") && value != null && !self.equals(value.getString("origin"))) {
            local.changed(AlertJson.parse(value.getJsonObject("alert"), value.getString("subject")));
        } else if (key.startsWith("instance/")) {
            String id = key.substring("instance/".length());
            if (value == null) {
                members.left(id);
            } else if (!id.equals(self)) {
                members.heard(new ClusterMembers.Member(id, value.getJsonArray("owned").getList(),
                        value.getJsonArray("partitions").getList(), value.getLong("lag"), Instant.parse(value.getString("at"))));
            }
        } else if (key.startsWith("config/") && value != null && !self.equals(value.getString("origin"))
                && record.timestamp() >= startedAt.toEpochMilli() - 5_000) {
            // older changes are already in what this instance loaded from PostgreSQL when it started
            configChanged(key.substring("config/".length()));
        }
    }

    private void configChanged(String what) {
        if (what.startsWith("workshop/")) {
            WorkshopKey.parse(what.substring("workshop/".length())).ifPresent(key ->
                    vertx.eventBus().request(OwnerAddresses.WORKSHOP_CHANGED, key.toString())
                            .onFailure(e -> LOG.warn("workshop {} change not applied here: {}", key, e.toString())));
        } else if (what.equals("contracts")) {
            localConfig.contracts();
        } else if (what.startsWith("device/")) {
            localConfig.deviceRevoked(what.substring("device/".length()));
        }
    }
}
