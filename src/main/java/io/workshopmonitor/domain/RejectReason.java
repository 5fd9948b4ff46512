package io.workshopmonitor.domain;

import java.util.Locale;

/** Why a message was refused; the label value of {@code ingest_messages_total{outcome="rejected"}}. */
public enum RejectReason {
    TOPIC_INVALID,
    UNKNOWN_WORKSHOP,
    UNKNOWN_STATION,
    PAYLOAD_TOO_LARGE,
    MALFORMED_JSON,
    MISSING_FIELD,
    INVALID_FIELD,
    NEGATIVE_COUNT,
    FUTURE_TIMESTAMP,
    UNSUPPORTED_QOS,
    NOT_AUTHORIZED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
