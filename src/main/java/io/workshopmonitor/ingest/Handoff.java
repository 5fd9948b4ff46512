package io.workshopmonitor.ingest;

import io.vertx.core.Future;
import io.workshopmonitor.domain.Accepted;
import io.workshopmonitor.store.WriteBatch;

/**
 * Where the front door hands a message on, and what tells it the message is durable. Single node: the owner's
 * writer in this process (the PostgreSQL commit is the hand-off). Cluster: Kafka, {@code acks=all}. Outcomes
 * complete in the order messages were handed over, so acknowledgements leave in arrival order per connection.
 */
public interface Handoff {

    /** Too much waits already: the front door pushes back instead of queueing more. */
    boolean full();

    /** Messages handed over and not yet durable. */
    int pending();

    /** Completes once the reading is durable downstream; its outcome may still say duplicate or late. */
    Future<IngestOutcome> reading(Accepted accepted);

    /** Completes once the refused message's dead letter is stored. */
    Future<IngestOutcome> rejected(IngestOutcome outcome, WriteBatch.DeadLetter letter);

    /** For readiness: why the downstream does not take writes now, in words an operator can act on; empty when it does. */
    java.util.Optional<String> writeTrouble();

    /** Completes once everything handed over so far is durable, or after {@code timeoutMs}, for a clean stop. */
    Future<Void> drain(long timeoutMs);
}
