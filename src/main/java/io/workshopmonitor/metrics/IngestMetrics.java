package io.workshopmonitor.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.workshopmonitor.domain.RejectReason;
import io.workshopmonitor.ingest.IngestOutcome;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * {@code ingest_messages_total{outcome,reason}} and the ingest pipeline's own health. Every label value
 * comes from a fixed enum, so nothing a device sends can add a time series.
 */
public final class IngestMetrics {

    private static final String NO_REASON = "none";

    private final Map<IngestOutcome.Kind, Counter> outcomes = new EnumMap<>(IngestOutcome.Kind.class);
    private final Map<RejectReason, Counter> rejected = new EnumMap<>(RejectReason.class);
    private final Counter overloaded;
    private final Timer batchWrite;
    private final MeterRegistry registry;

    public IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (IngestOutcome.Kind kind : IngestOutcome.Kind.values()) {
            if (kind != IngestOutcome.Kind.REJECTED) {
                outcomes.put(kind, messages(kind.label(), NO_REASON));
            }
        }
        for (RejectReason reason : RejectReason.values()) {
            rejected.put(reason, messages(IngestOutcome.Kind.REJECTED.label(), reason.label()));
        }
        overloaded = Counter.builder("ingest_overload_disconnects_total")
                .description("Publishers disconnected because too many readings were waiting for the database")
                .register(registry);
        batchWrite = Timer.builder("ingest_batch_write_seconds")
                .description("Time from sending a batch of readings to PostgreSQL to its commit, waiting behind the batch before it included")
                .publishPercentiles(0.5, 0.99)
                .register(registry);
    }

    private Counter messages(String outcome, String reason) {
        return Counter.builder("ingest_messages")
                .description("Telemetry messages by outcome, counted once durable")
                .tag("outcome", outcome)
                .tag("reason", reason)
                .register(registry);
    }

    /** The registry the ingest adapters register their own meters in (sign-ins on the endpoint). */
    public MeterRegistry registry() {
        return registry;
    }

    public void count(IngestOutcome outcome) {
        if (outcome.kind() == IngestOutcome.Kind.REJECTED) {
            rejected.get(outcome.reason().orElseThrow()).increment();
        } else {
            outcomes.get(outcome.kind()).increment();
        }
    }

    public void overloaded() {
        overloaded.increment();
    }

    public void batchCommitted(long nanos) {
        batchWrite.record(nanos, TimeUnit.NANOSECONDS);
    }

    public void pendingGauge(IntSupplier pending) {
        // strong reference: the registry would otherwise let a lambda be collected and report NaN
        io.micrometer.core.instrument.Gauge.builder("ingest_pending_readings", pending, p -> p.getAsInt())
                .description("Readings waiting for the database").strongReference(true).register(registry);
    }
}
