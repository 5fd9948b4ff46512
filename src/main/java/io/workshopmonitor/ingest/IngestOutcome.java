package io.workshopmonitor.ingest;

import io.workshopmonitor.domain.RejectReason;

import java.util.Optional;

/** How a message ended, once it is durable: the label of {@code ingest_messages_total{outcome}}. */
public record IngestOutcome(Kind kind, Optional<RejectReason> reason, String detail) {

    public enum Kind {
        ACCEPTED, DUPLICATE, LATE, REJECTED;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public static final IngestOutcome ACCEPTED = new IngestOutcome(Kind.ACCEPTED, Optional.empty(), "");
    public static final IngestOutcome DUPLICATE = new IngestOutcome(Kind.DUPLICATE, Optional.empty(), "");
    public static final IngestOutcome LATE = new IngestOutcome(Kind.LATE, Optional.empty(), "");

    public static IngestOutcome rejected(RejectReason reason, String detail) {
        return new IngestOutcome(Kind.REJECTED, Optional.of(reason), detail);
    }
}
