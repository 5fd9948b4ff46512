package io.workshopmonitor.owner;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.SqlConnection;
import io.workshopmonitor.domain.Applied;
import io.workshopmonitor.domain.StationKey;
import io.workshopmonitor.ingest.IngestOutcome;
import io.workshopmonitor.store.ReadingStore;
import io.workshopmonitor.store.WriteBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Gathers readings into batches and writes them, in arrival order, on a connection of its own, completing each
 * reading's future only once its batch has committed. Up to {@link #IN_FLIGHT} batches are sent at once: one
 * connection runs its statements, and commits them, in the order they were sent, so the next batch is encoded
 * and on its way while the database works on the one before, without ever overtaking it. A failed batch is
 * retried, with back-off, until the database takes it, and nothing after it is answered before it is: nothing
 * is acknowledged that is not stored, and nothing is dropped that was accepted. Runs on the ingest verticle's
 * context only.
 */
public final class BatchWriter {

    private static final Logger LOG = LoggerFactory.getLogger(BatchWriter.class);
    private static final long MAX_BACKOFF_MS = 5_000;
    /** Batches sent and not yet answered. Two keep both the service and the database busy; more only queue. */
    static final int IN_FLIGHT = 2;

    /** One queued message: what it writes (if anything), whom to tell once it is durable, and since when it waits. */
    record Item(Promise<IngestOutcome> done, IngestOutcome outcome, WriteBatch.Row row, StationKey newStation, long queuedAt) {
    }

    /** A batch sent to the database, and what came back. */
    private static final class Sent {
        final List<Item> items;
        final WriteBatch batch;
        long started;
        boolean answered;
        Throwable failure;
        Set<UUID> conflicted;
        boolean retryScheduled;

        Sent(List<Item> items, WriteBatch batch) {
            this.items = items;
            this.batch = batch;
        }
    }

    private final Vertx vertx;
    private final ReadingStore store;
    private final int batchMaxSize;
    private final long batchMaxDelayNanos;
    private final int maxPending;
    private final ArrayDeque<Item> queue = new ArrayDeque<>();
    private final ArrayDeque<Sent> sent = new ArrayDeque<>();
    /** The queue's size for other threads (the metrics scrape), which must not touch the deque itself. */
    private final java.util.concurrent.atomic.AtomicInteger pendingCount = new java.util.concurrent.atomic.AtomicInteger();
    private final WriteListener listener;
    private Future<SqlConnection> connection;
    private long timer = -1;
    private long backoffMs;
    /**
     * Since when writes fail (null while they succeed), and the database's latest answer: what readiness shows, so
     * operators see why. Written on the writer's context, read by readiness on another.
     */
    private volatile java.time.Instant failingSince;
    private volatile String lastFailure;

    /**
     * Told after every committed batch, on the writer's context, with what its readings did (readings the database
     * already held left out, so nothing is applied twice) before any of them is answered.
     */
    public interface WriteListener {
        void committed(List<Applied> applied, long nanos);
    }

    public BatchWriter(Vertx vertx, ReadingStore store, int batchMaxSize, int batchMaxDelayMs, int maxPending,
                WriteListener listener) {
        this.vertx = vertx;
        this.store = store;
        this.batchMaxSize = batchMaxSize;
        this.batchMaxDelayNanos = TimeUnit.MILLISECONDS.toNanos(batchMaxDelayMs);
        this.maxPending = maxPending;
        this.listener = listener;
    }

    public boolean full() {
        return queue.size() >= maxPending;
    }

    public int pending() {
        return pendingCount.get();
    }

    /** Completes once everything queued so far is written (or after {@code timeoutMs}), for a clean stop. */
    public Future<Void> drain(long timeoutMs) {
        Promise<Void> drained = Promise.promise();
        long deadline = System.currentTimeMillis() + timeoutMs;
        send();
        vertx.setPeriodic(10, id -> {
            if ((queue.isEmpty() && sent.isEmpty()) || System.currentTimeMillis() > deadline) {
                vertx.cancelTimer(id);
                drained.tryComplete();
            } else {
                send();
            }
        });
        return drained.future();
    }

    /** Why readings are not being stored now (the database's own words, and since when); empty while they are. */
    public java.util.Optional<String> trouble() {
        java.time.Instant since = failingSince;
        return since == null ? java.util.Optional.empty()
                : java.util.Optional.of("cannot store readings since " + since + ": " + lastFailure);
    }

    public Future<IngestOutcome> add(IngestOutcome outcome, WriteBatch.Row row, StationKey newStation) {
        Promise<IngestOutcome> done = Promise.promise();
        queue.addLast(new Item(done, outcome, row, newStation, System.nanoTime()));
        pendingCount.incrementAndGet();
        scheduleWrite();
        return done.future();
    }

    /** Sends at once when a batch is full, batching is off or the oldest reading has waited enough; else soon. */
    private void scheduleWrite() {
        if (queue.isEmpty() || !canSend()) {
            return;
        }
        long waited = System.nanoTime() - queue.peekFirst().queuedAt();
        if (queue.size() >= batchMaxSize || waited >= batchMaxDelayNanos) {
            send();
        } else if (timer < 0) {
            timer = vertx.setTimer(Math.max(1, TimeUnit.NANOSECONDS.toMillis(batchMaxDelayNanos - waited)), id -> {
                timer = -1;
                send();
            });
        }
    }

    /** Room for another batch, and no failed one waiting to be written again first. */
    private boolean canSend() {
        if (sent.size() >= IN_FLIGHT) {
            return false;
        }
        // asked at every reading added: a loop over at most IN_FLIGHT batches, not a stream
        for (Sent batch : sent) {
            if (batch.failure != null) {
                return false;
            }
        }
        return true;
    }

    private void send() {
        if (queue.isEmpty() || !canSend()) {
            return;
        }
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
        int size = Math.min(batchMaxSize, queue.size());
        List<Item> items = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            items.add(queue.pollFirst());
        }
        pendingCount.addAndGet(-size);
        Sent batch = new Sent(items, toBatch(items));
        sent.addLast(batch);
        write(batch);
    }

    private void write(Sent batch) {
        batch.started = System.nanoTime();
        connection()
                .compose(conn -> store.write(conn, batch.batch))
                .onComplete((conflicted, failure) -> answered(batch, conflicted, failure));
    }

    /** The writer's own connection, opened when first needed and again after the database dropped it. */
    private Future<SqlConnection> connection() {
        if (connection == null || connection.failed()) {
            Future<SqlConnection> opening = store.connection();
            connection = opening;
            opening.onSuccess(conn -> conn.closeHandler(ignored -> {
                if (connection == opening) {
                    connection = null;
                }
            }));
        }
        return connection;
    }

    /** Batches are answered in the order they were sent; each is settled only after every one before it. */
    private void answered(Sent batch, Set<UUID> conflicted, Throwable failure) {
        batch.answered = true;
        batch.failure = failure;
        batch.conflicted = conflicted;
        if (failure != null) {
            failed(batch, failure);
        } else if (sent.stream().takeWhile(b -> b != batch).anyMatch(b -> b.failure != null)) {
            // only its own data can fail a batch while the next, on the same connection, commits: a row the
            // database refuses, which no retry will mend
            LOG.warn("{} readings committed while the batch before them is still being retried", batch.items.size());
        }
        while (!sent.isEmpty() && sent.peekFirst().answered) {
            Sent head = sent.peekFirst();
            if (head.failure != null) {
                if (!head.retryScheduled) {
                    head.retryScheduled = true;
                    vertx.setTimer(Math.max(1, backoffMs), id -> retry(head));
                }
                return;
            }
            sent.pollFirst();
            committed(head);
        }
        scheduleWrite();
    }

    private void failed(Sent batch, Throwable failure) {
        // the reason first: readiness reads failingSince, then the reason
        lastFailure = failure.getMessage() == null ? failure.toString() : failure.getMessage();
        if (failingSince == null) {
            LOG.warn("cannot write {} readings to the database, retrying until it takes them: {}", batch.items.size(),
                    failure.toString());
            failingSince = java.time.Instant.now();
        }
        backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs == 0 ? 100 : backoffMs * 2);
    }

    private void retry(Sent batch) {
        batch.answered = false;
        batch.failure = null;
        batch.retryScheduled = false;
        write(batch);
    }

    private void committed(Sent batch) {
        if (failingSince != null) {
            LOG.info("database is taking readings again; {} waiting", queue.size());
        }
        failingSince = null;
        backoffMs = 0;
        List<Item> items = batch.items;
        Set<UUID> conflicted = batch.conflicted;
        List<Applied> applied = new ArrayList<>(items.size());
        List<IngestOutcome> outcomes = new ArrayList<>(items.size());
        for (Item item : items) {
            WriteBatch.Row row = item.row();
            boolean redelivered = row != null && !conflicted.isEmpty()
                    && row.readingId().filter(conflicted::contains).isPresent();
            if (row != null && !redelivered) {
                row.applied().ifPresent(applied::add);
            }
            outcomes.add(redelivered ? IngestOutcome.DUPLICATE : item.outcome());
        }
        try {
            listener.committed(applied, System.nanoTime() - batch.started);
        } catch (RuntimeException e) {
            // the readings are stored: a fault in what follows must not withhold their acknowledgements
            LOG.error("after-commit processing failed for {} readings", applied.size(), e);
        }
        for (int i = 0; i < items.size(); i++) {
            items.get(i).done().complete(outcomes.get(i));
        }
    }

    private static WriteBatch toBatch(List<Item> items) {
        List<WriteBatch.CounterRow> counters = new ArrayList<>();
        List<WriteBatch.StateRow> states = new ArrayList<>();
        List<WriteBatch.AttendanceRow> attendance = new ArrayList<>();
        List<WriteBatch.DeadLetter> deadLetters = new ArrayList<>();
        List<StationKey> newStations = new ArrayList<>();
        for (Item item : items) {
            WriteBatch.Row row = item.row();
            if (row instanceof WriteBatch.CounterRow counter) {
                counters.add(counter);
            } else if (row instanceof WriteBatch.StateRow state) {
                states.add(state);
            } else if (row instanceof WriteBatch.AttendanceRow headcount) {
                attendance.add(headcount);
            } else if (row instanceof WriteBatch.DeadLetter letter) {
                deadLetters.add(letter);
            }
            // no row: a duplicate, answered in order with its batch but not written
            if (item.newStation() != null) {
                newStations.add(item.newStation());
            }
        }
        return new WriteBatch(counters, states, attendance, deadLetters, newStations);
    }
}
