package io.workshopmonitor.cluster;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.workshopmonitor.domain.Accepted;
import io.workshopmonitor.ingest.Handoff;
import io.workshopmonitor.ingest.IngestOutcome;
import io.workshopmonitor.owner.BatchWriter;
import io.workshopmonitor.store.WriteBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The front door's hand-off in a cluster: a reading is appended to the readings topic under its workshop's key
 * (idempotent producer, {@code acks=all}) and is durable once Kafka says so; the workshop's owner, wherever it
 * runs, counts and stores it. A refused message's dead letter is written to PostgreSQL from here, as on a single
 * node. Outcomes complete in the order messages came, so acknowledgements leave in arrival order per connection.
 */
final class KafkaHandoff implements Handoff {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaHandoff.class);

    private final Vertx vertx;
    private final AsyncProducer producer;
    private final String topic;
    private final BatchWriter deadLetters;
    private final int maxPending;
    private final AtomicInteger pending = new AtomicInteger();
    /** Completes when everything handed over so far has its outcome: the next outcome waits for it. */
    private Future<?> tail = Future.succeededFuture();
    /** Read by readiness on another context. */
    private volatile boolean lastSendFailed;
    private volatile String lastSendFailure;

    KafkaHandoff(Vertx vertx, AsyncProducer producer, String topic, BatchWriter deadLetters, int maxPending) {
        this.vertx = vertx;
        this.producer = producer;
        this.topic = topic;
        this.deadLetters = deadLetters;
        this.maxPending = maxPending;
    }

    @Override
    public boolean full() {
        return pending.get() >= maxPending || deadLetters.full();
    }

    @Override
    public int pending() {
        return pending.get() + deadLetters.pending();
    }

    @Override
    public Future<IngestOutcome> reading(Accepted accepted) {
        pending.incrementAndGet();
        Future<IngestOutcome> appended = producer.send(topic, Partitioning.key(accepted.workshop()),
                        AcceptedCodec.encode(accepted))
                .transform(result -> done(result.cause()));
        return inOrder(appended);
    }

    private Future<IngestOutcome> done(Throwable failure) {
        pending.decrementAndGet();
        if (failure == null) {
            if (lastSendFailed) {
                LOG.info("Kafka takes readings again");
                lastSendFailed = false;
            }
            return Future.succeededFuture(IngestOutcome.ACCEPTED);
        }
        // the reason first: readiness reads lastSendFailed, then the reason
        lastSendFailure = failure.getMessage() == null ? failure.toString() : failure.getMessage();
        if (!lastSendFailed) {
            LOG.warn("Kafka did not take a reading; nothing is acknowledged until it does: {}", failure.toString());
            lastSendFailed = true;
        }
        return Future.failedFuture(new KafkaUnavailable(failure));
    }

    @Override
    public Future<IngestOutcome> rejected(IngestOutcome outcome, WriteBatch.DeadLetter letter) {
        return inOrder(deadLetters.add(outcome, letter, null));
    }

    /** The outcome, released only after every outcome before it: Kafka and PostgreSQL answer at their own pace. */
    private <T> Future<T> inOrder(Future<T> outcome) {
        Future<T> ordered = tail.transform(ignored -> outcome);
        tail = ordered;
        return ordered;
    }

    @Override
    public java.util.Optional<String> writeTrouble() {
        // whether Kafka answers at all is readiness's own "kafka" check (ClusterNode.ready)
        return lastSendFailed ? java.util.Optional.of("Kafka does not take readings: " + lastSendFailure)
                : deadLetters.trouble();
    }

    @Override
    public Future<Void> drain(long timeoutMs) {
        long deadline = System.currentTimeMillis() + timeoutMs;
        return deadLetters.drain(timeoutMs)
                .compose(ignored -> Future.<Void>future(done -> awaitAppended(done, deadline)))
                .eventually(() -> vertx.executeBlocking(() -> {
                    producer.close();
                    return null;
                }));
    }

    private void awaitAppended(io.vertx.core.Promise<Void> done, long deadline) {
        if (pending.get() == 0 || System.currentTimeMillis() > deadline) {
            done.tryComplete();
        } else {
            vertx.setTimer(10, id -> awaitAppended(done, deadline));
        }
    }

    /** The reading was not appended: the device is not acknowledged and sends it again. */
    static final class KafkaUnavailable extends RuntimeException {
        KafkaUnavailable(Throwable cause) {
            super("Kafka did not take the reading: " + cause.getMessage(), cause, false, false);
        }
    }
}
