package io.workshopmonitor.owner;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.workshopmonitor.domain.WorkshopKey;

/**
 * How a configuration change made through the API reaches whoever acts on it: the workshop's owner, the alert
 * evaluator, the MQTT listener holding a revoked device's connections. Single node: this process's event bus.
 * Cluster: Kafka, so the owner gets it whichever instance took the request.
 */
public interface ConfigChanges {

    /** Event-bus address published with a revoked device's username, so the MQTT endpoint drops its connections. */
    String DEVICE_REVOKED = "wm.devices.revoked";
    /** Event-bus address published when a contract is saved, so its status is evaluated at once. */
    String CONTRACTS_CHANGED = "wm.contracts.changed";

    /**
     * A workshop was created or replaced, or its closures changed. Completes once its owner has taken the change
     * (single node), or once the cluster has the news (cluster: the owner takes it within a second).
     */
    Future<Void> workshop(WorkshopKey key);

    void contracts();

    void deviceRevoked(String username);

    /** This process's own event bus. */
    static ConfigChanges local(Vertx vertx) {
        return new ConfigChanges() {
            @Override
            public Future<Void> workshop(WorkshopKey key) {
                return vertx.eventBus().request(OwnerAddresses.WORKSHOP_CHANGED, key.toString()).mapEmpty();
            }

            @Override
            public void contracts() {
                vertx.eventBus().publish(CONTRACTS_CHANGED, null);
            }

            @Override
            public void deviceRevoked(String username) {
                vertx.eventBus().publish(DEVICE_REVOKED, username);
            }
        };
    }
}
