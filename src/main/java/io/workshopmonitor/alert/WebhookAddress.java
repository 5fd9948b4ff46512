package io.workshopmonitor.alert;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.workshopmonitor.domain.WebhookTargets;

import java.net.InetAddress;
import java.util.List;

/** A webhook host resolved, off the event loop, to the one address a delivery may go to. */
public final class WebhookAddress {

    private WebhookAddress() {
    }

    /** Fails with {@link WebhookTargets.Refused} when any address of the host is inside, or it does not resolve. */
    public static Future<InetAddress> resolve(Vertx vertx, WebhookTargets targets, String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return vertx.executeBlocking(() -> {
            List<InetAddress> addresses;
            try {
                addresses = List.of(InetAddress.getAllByName(bare));
            } catch (java.net.UnknownHostException e) {
                throw new WebhookTargets.Refused(host + " does not resolve");
            }
            return targets.choose(host, addresses);
        }, false);
    }
}
