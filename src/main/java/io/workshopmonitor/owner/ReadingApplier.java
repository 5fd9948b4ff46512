package io.workshopmonitor.owner;

import io.vertx.core.Future;
import io.workshopmonitor.domain.Accepted;
import io.workshopmonitor.domain.AttendanceReading;
import io.workshopmonitor.domain.CounterReading;
import io.workshopmonitor.domain.CounterTracker;
import io.workshopmonitor.domain.CounterUpdate;
import io.workshopmonitor.domain.StateReading;
import io.workshopmonitor.domain.TallyReading;
import io.workshopmonitor.domain.StationKey;
import io.workshopmonitor.domain.WorkshopKey;
import io.workshopmonitor.ingest.Handoff;
import io.workshopmonitor.ingest.IngestOutcome;
import io.workshopmonitor.store.WriteBatch;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The owner's first step: applies the counter semantics to each accepted reading, in the order they come, and
 * queues what to store. Its trackers belong to the workshops this process owns (all of them on a single node) and
 * are touched from the writer's context only, so they need no locking. On a single node it is the front door's
 * hand-off itself; in a cluster it is fed from the workshops' Kafka partitions.
 */
public final class ReadingApplier implements Handoff {

    private final Map<StationKey, CounterTracker> trackers = new HashMap<>();
    private final BatchWriter writer;

    public ReadingApplier(BatchWriter writer) {
        this.writer = writer;
    }

    /**
     * Counting carries on from where the store says each station's counter stood. A tracker already here is newer
     * than the store (its batch may not have committed yet) and is kept.
     */
    public void resume(Map<StationKey, CounterTracker> restored) {
        restored.forEach(trackers::putIfAbsent);
    }

    /** Workshops handed to another owner: their counters continue there, from the store. */
    public void forget(Collection<WorkshopKey> workshops) {
        trackers.keySet().removeIf(station -> workshops.contains(station.workshop()));
    }

    /** Counters of stations whose workshops are not {@code ours}: another owner continues them from the store. */
    public void forgetUnless(Predicate<WorkshopKey> ours) {
        trackers.keySet().removeIf(station -> !ours.test(station.workshop()));
    }

    @Override
    public Future<IngestOutcome> reading(Accepted accepted) {
        StationKey newStation = accepted.newStation().orElse(null);
        if (accepted.reading() instanceof CounterReading counter) {
            CounterUpdate update = trackers.computeIfAbsent(counter.station(), k -> new CounterTracker()).apply(counter);
            if (!update.kind().stored()) {
                return writer.add(IngestOutcome.DUPLICATE, null, newStation);
            }
            IngestOutcome outcome = update.kind() == CounterUpdate.Kind.LATE ? IngestOutcome.LATE : IngestOutcome.ACCEPTED;
            return writer.add(outcome, new WriteBatch.CounterRow(accepted.id(), counter, update, accepted.receivedAt()),
                    newStation);
        } else if (accepted.reading() instanceof TallyReading tally) {
            return writer.add(IngestOutcome.ACCEPTED, new WriteBatch.CounterRow(accepted.id(), tally.asCounterReading(),
                    tally.update(), accepted.receivedAt()), newStation);
        } else if (accepted.reading() instanceof StateReading state) {
            return writer.add(IngestOutcome.ACCEPTED, new WriteBatch.StateRow(accepted.id(), state, accepted.receivedAt()),
                    newStation);
        }
        AttendanceReading headcount = (AttendanceReading) accepted.reading();
        return writer.add(IngestOutcome.ACCEPTED, new WriteBatch.AttendanceRow(accepted.id(), headcount,
                accepted.receivedAt()), null);
    }

    @Override
    public Future<IngestOutcome> rejected(IngestOutcome outcome, WriteBatch.DeadLetter letter) {
        return writer.add(outcome, letter, null);
    }

    @Override
    public boolean full() {
        return writer.full();
    }

    @Override
    public int pending() {
        return writer.pending();
    }

    @Override
    public java.util.Optional<String> writeTrouble() {
        return writer.trouble();
    }

    @Override
    public Future<Void> drain(long timeoutMs) {
        return writer.drain(timeoutMs);
    }
}
