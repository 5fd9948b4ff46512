package io.workshopmonitor.ingest;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.workshopmonitor.domain.StationKey;
import io.workshopmonitor.store.ReadingStore;
import io.workshopmonitor.store.WriteBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Gathers readings into batches and writes one batch at a time, in arrival order, completing each
 * reading's future only once its batch has committed. A failed batch is retried, with back-off, until
 * the database takes it: nothing is acknowledged that is not stored, and nothing is dropped that was
 * accepted. Runs on the ingest verticle's context only.
 */
final class BatchWriter {

    private static final Logger LOG = LoggerFactory.getLogger(BatchWriter.class);
    private static final long MAX_BACKOFF_MS = 5_000;

    /** One queued message: what it writes (if anything) and whom to tell once it is durable. */
    record Item(Promise<IngestOutcome> done, IngestOutcome outcome, Object row, StationKey newStation) {
    }

    private final Vertx vertx;
    private final ReadingStore store;
    private final int batchMaxSize;
    private final int batchMaxDelayMs;
    private final int maxPending;
    private final ArrayDeque<Item> queue = new ArrayDeque<>();
    /** The queue's size for other threads (the metrics scrape), which must not touch the deque itself. */
    private final java.util.concurrent.atomic.AtomicInteger pendingCount = new java.util.concurrent.atomic.AtomicInteger();
    private final WriteListener listener;
    private boolean writing;
    private long timer = -1;
    private long backoffMs;
    private volatile boolean databaseUp = true;

    /** Told after every committed batch, on the ingest context, with the rows stored (redeliveries left out). */
    interface WriteListener {
        void committed(List<Object> rows, long nanos);
    }

    BatchWriter(Vertx vertx, ReadingStore store, int batchMaxSize, int batchMaxDelayMs, int maxPending,
                WriteListener listener) {
        this.vertx = vertx;
        this.store = store;
        this.batchMaxSize = batchMaxSize;
        this.batchMaxDelayMs = batchMaxDelayMs;
        this.maxPending = maxPending;
        this.listener = listener;
    }

    boolean full() {
        return queue.size() >= maxPending;
    }

    int pending() {
        return pendingCount.get();
    }

    /** Completes once everything queued so far is written (or after {@code timeoutMs}), for a clean stop. */
    Future<Void> drain(long timeoutMs) {
        Promise<Void> drained = Promise.promise();
        long deadline = System.currentTimeMillis() + timeoutMs;
        writeNext();
        vertx.setPeriodic(10, id -> {
            if ((queue.isEmpty() && !writing) || System.currentTimeMillis() > deadline) {
                vertx.cancelTimer(id);
                drained.tryComplete();
            } else if (!writing) {
                writeNext();
            }
        });
        return drained.future();
    }

    boolean databaseUp() {
        return databaseUp;
    }

    Future<IngestOutcome> add(IngestOutcome outcome, Object row, StationKey newStation) {
        Promise<IngestOutcome> done = Promise.promise();
        queue.addLast(new Item(done, outcome, row, newStation));
        pendingCount.incrementAndGet();
        if (!writing) {
            scheduleWrite();
        }
        return done.future();
    }

    /** Writes at once when a batch is full (or batching is off), else once the oldest reading has waited enough. */
    private void scheduleWrite() {
        if (queue.isEmpty()) {
            return;
        }
        if (queue.size() >= batchMaxSize || batchMaxDelayMs == 0) {
            writeNext();
        } else if (timer < 0) {
            timer = vertx.setTimer(batchMaxDelayMs, id -> {
                timer = -1;
                writeNext();
            });
        }
    }

    private void writeNext() {
        if (writing || queue.isEmpty()) {
            return;
        }
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
        writing = true;
        int size = Math.min(batchMaxSize, queue.size());
        List<Item> items = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            items.add(queue.pollFirst());
        }
        pendingCount.addAndGet(-size);
        write(items, toBatch(items));
    }

    private void write(List<Item> items, WriteBatch batch) {
        long started = System.nanoTime();
        store.write(batch)
                .onSuccess(conflicted -> committed(items, conflicted, System.nanoTime() - started))
                .onFailure(failure -> retry(items, batch, failure));
    }

    private void committed(List<Item> items, Set<UUID> conflicted, long nanos) {
        if (!databaseUp) {
            LOG.info("database is taking readings again; {} waiting", queue.size());
        }
        databaseUp = true;
        backoffMs = 0;
        writing = false;
        List<Object> stored = new ArrayList<>(items.size());
        List<IngestOutcome> outcomes = new ArrayList<>(items.size());
        for (Item item : items) {
            boolean redelivered = item.row() instanceof WriteBatch.CounterRow row && conflicted.contains(row.id());
            if (item.row() != null && !redelivered) {
                stored.add(item.row());
            }
            outcomes.add(redelivered ? IngestOutcome.DUPLICATE : item.outcome());
        }
        try {
            listener.committed(stored, nanos);
        } catch (RuntimeException e) {
            // the readings are stored: a fault in what follows must not withhold their acknowledgements
            LOG.error("after-commit processing failed for {} readings", stored.size(), e);
        }
        for (int i = 0; i < items.size(); i++) {
            items.get(i).done().complete(outcomes.get(i));
        }
        scheduleWrite();
    }

    private void retry(List<Item> items, WriteBatch batch, Throwable failure) {
        if (databaseUp) {
            LOG.warn("cannot write {} readings to the database, retrying until it takes them: {}", items.size(),
                    failure.toString());
        }
        databaseUp = false;
        backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs == 0 ? 100 : backoffMs * 2);
        vertx.setTimer(backoffMs, id -> write(items, batch));
    }

    private static WriteBatch toBatch(List<Item> items) {
        List<WriteBatch.CounterRow> counters = new ArrayList<>();
        List<WriteBatch.StateRow> states = new ArrayList<>();
        List<WriteBatch.AttendanceRow> attendance = new ArrayList<>();
        List<WriteBatch.DeadLetter> deadLetters = new ArrayList<>();
        List<StationKey> newStations = new ArrayList<>();
        for (Item item : items) {
            Object row = item.row();
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
