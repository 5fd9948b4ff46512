package io.workshopmonitor.owner;

/** The event-bus addresses of a workshop owner, declared once. */
public final class OwnerAddresses {

    /**
     * Request with a workshop key ({@code MDI/textiles-1}) that was created or replaced or whose closures changed;
     * the reply comes once the owner's live state has taken it. Local to the process: in a cluster the change
     * reaches each instance over Kafka first.
     */
    public static final String WORKSHOP_CHANGED = "wm.owner.workshop-changed";

    private OwnerAddresses() {
    }
}
