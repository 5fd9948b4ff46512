package io.workshopmonitor.ingest;

/** Too many readings wait for the database: the sender must slow down (its QoS 1 messages stay unacknowledged). */
public final class Overloaded extends RuntimeException {
    Overloaded(int pending) {
        super(pending + " readings are waiting for the database", null, false, false);
    }
}
