package io.workshopmonitor.alert;

import io.vertx.core.Vertx;
import io.workshopmonitor.domain.Alert;

/**
 * How a stored alert change reaches every reader: the board the live feed and metrics read, and the live feed's
 * address. Single node: this process. Cluster: this process at once, and every other instance over Kafka.
 */
public interface AlertBroadcast {

    void changed(Alert alert);

    /** This process only: what every instance does with an alert change, wherever it was made. */
    static AlertBroadcast local(Vertx vertx, AlertBoard board) {
        return alert -> {
            board.apply(alert);
            vertx.eventBus().publish(AlertVerticle.CHANGED, AlertJson.render(alert));
        };
    }
}
