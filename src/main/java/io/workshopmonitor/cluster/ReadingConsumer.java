package io.workshopmonitor.cluster;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.workshopmonitor.domain.Accepted;
import io.workshopmonitor.domain.WorkshopKey;
import io.workshopmonitor.owner.WorkshopOwner;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Feeds the owner the readings of the partitions this instance holds in the cluster's consumer group. One thread
 * polls; each poll's records are applied on the owner's context and the offsets committed only after PostgreSQL
 * committed them all, so a reading is either stored and its offset past, or read again by whoever holds the
 * partition next (and then recognised by its id). Gaining partitions restores their workshops before their first
 * record is applied; losing them forgets them, after the last batch committed.
 */
final class ReadingConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(ReadingConsumer.class);
    private static final Duration POLL = Duration.ofMillis(100);

    private final Consumer<byte[], byte[]> consumer;
    private final String topic;
    private final Context ownerContext;
    private final WorkshopOwner owner;
    private final Set<Integer> held = ConcurrentHashMap.newKeySet();
    private final Thread thread;
    private volatile int partitions;
    private volatile boolean running = true;
    private volatile long lag;
    private volatile boolean joined;

    ReadingConsumer(Consumer<byte[], byte[]> consumer, String topic, Context ownerContext, WorkshopOwner owner) {
        this.consumer = consumer;
        this.topic = topic;
        this.ownerContext = ownerContext;
        this.owner = owner;
        this.thread = new Thread(this::run, "kafka-readings");
    }

    void start(int partitionCount) {
        this.partitions = partitionCount;
        thread.start();
    }

    /** Whether a workshop's partition is held here: its owner is this instance. */
    boolean ours(WorkshopKey key) {
        int count = partitions;
        return count > 0 && held.contains(Partitioning.partition(key, count));
    }

    /** Records of the held partitions not yet applied. */
    long lag() {
        return lag;
    }

    /** This instance has been given its share of partitions at least once. */
    boolean joined() {
        return joined;
    }

    Set<Integer> heldPartitions() {
        return Set.copyOf(held);
    }

    /** Finishes the batch in hand, commits it and leaves the group at once; blocking, so called from a worker. */
    void stop() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(30_000);
    }

    private void run() {
        try {
            consumer.subscribe(List.of(topic), new Handover());
            while (running) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
                if (!records.isEmpty()) {
                    process(records);
                }
                lag = currentLag();
            }
        } catch (WakeupException e) {
            // stopping
        } catch (RuntimeException e) {
            LOG.error("the readings consumer stopped: {}", e.toString(), e);
        } finally {
            // leaving the group now hands the partitions over at once, instead of after the session timeout
            consumer.close(Duration.ofSeconds(10));
        }
    }

    private void process(ConsumerRecords<byte[], byte[]> records) {
        List<Accepted> batch = new ArrayList<>(records.count());
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            try {
                batch.add(AcceptedCodec.decode(record.value()));
            } catch (IllegalArgumentException e) {
                LOG.warn("skipping record {} of {}-{}: {}", record.offset(), record.topic(), record.partition(), e.getMessage());
            }
            offsets.put(new TopicPartition(record.topic(), record.partition()), new OffsetAndMetadata(record.offset() + 1));
        }
        // BatchWriter retries until PostgreSQL takes the batch: this waits as long as the database is away
        if (!onOwner(() -> Future.all(batch.stream().map(owner.applier()::reading).toList()).mapEmpty(), Long.MAX_VALUE)) {
            return; // stopping before it committed: whoever holds the partitions next reads them again
        }
        try {
            consumer.commitSync(offsets);
        } catch (WakeupException e) {
            consumer.commitSync(offsets);
            throw e;
        } catch (KafkaException e) {
            // the partitions went to another instance meanwhile: it reads these again and finds them stored
            LOG.info("offsets not committed ({}); the next owner skips what is already stored", e.toString());
        }
    }

    private long currentLag() {
        long total = 0;
        for (TopicPartition partition : consumer.assignment()) {
            total += consumer.currentLag(partition).orElse(0);
        }
        return total;
    }

    /**
     * Runs an owner step on its context and waits for it, trying again if it fails; false when it ran past
     * {@code limitMs}, or when a stop came and the step is still not done 10 s later. Only this consumer thread
     * waits here, never an event loop.
     */
    private boolean onOwner(Supplier<Future<?>> step, long limitMs) {
        long deadline = limitMs == Long.MAX_VALUE ? Long.MAX_VALUE : System.currentTimeMillis() + limitMs;
        long stopDeadline = Long.MAX_VALUE;
        while (true) {
            CompletableFuture<Object> done = new CompletableFuture<>();
            ownerContext.runOnContext(v -> step.get().onComplete((result, failure) -> {
                if (failure == null) {
                    done.complete(result);
                } else {
                    done.completeExceptionally(failure);
                }
            }));
            try {
                while (true) {
                    try {
                        done.get(1, TimeUnit.SECONDS);
                        return true;
                    } catch (TimeoutException e) {
                        long now = System.currentTimeMillis();
                        if (!running && stopDeadline == Long.MAX_VALUE) {
                            stopDeadline = now + 10_000;
                        }
                        if (now > deadline || now > stopDeadline) {
                            return false;
                        }
                    }
                }
            } catch (ExecutionException e) {
                LOG.warn("owner step failed, trying again in a second: {}", e.getCause().toString());
                if (!running || System.currentTimeMillis() > deadline) {
                    return false;
                }
                sleep(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Called inside poll(), on this thread, when the group moves partitions; the last batch has committed. */
    private final class Handover implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
            assigned.forEach(p -> held.add(p.partition()));
            joined = true;
            if (assigned.isEmpty()) {
                return;
            }
            LOG.info("given partitions {}: restoring their workshops before their first reading", numbers(assigned));
            // no record of these partitions is applied before their workshops are restored from PostgreSQL
            onOwner(() -> owner.gain(ReadingConsumer.this::ours), Long.MAX_VALUE);
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
            handOver(revoked);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> lost) {
            handOver(lost);
        }

        private void handOver(Collection<TopicPartition> leaving) {
            if (leaving.isEmpty()) {
                return;
            }
            LOG.info("handing over partitions {}", numbers(leaving));
            leaving.forEach(p -> held.remove(p.partition()));
            onOwner(() -> {
                owner.loseWhatIsNotOurs();
                return Future.succeededFuture();
            }, 10_000);
        }

        private static List<Integer> numbers(Collection<TopicPartition> partitions) {
            return partitions.stream().map(TopicPartition::partition).sorted().toList();
        }
    }
}
