package io.workshopmonitor.domain;

/** A message refused at ingest, with a detail that tells the device's owner what to fix. */
public final class Rejection extends RuntimeException {
    private final RejectReason reason;

    public Rejection(RejectReason reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    public RejectReason reason() {
        return reason;
    }

    public String detail() {
        return getMessage();
    }
}
