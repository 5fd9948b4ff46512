package io.workshopmonitor.alert;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.workshopmonitor.config.AppConfig;
import io.workshopmonitor.domain.WebhookTargets;
import io.workshopmonitor.domain.Alert;
import io.workshopmonitor.store.WebhookStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/**
 * Posts queued alert events to webhooks, at least once: a delivery is claimed from the outbox, posted with
 * an HMAC signature, and marked delivered only on a 2xx answer; anything else is retried with back-off
 * (1 s doubling to 5 minutes) until {@code alerts.webhookGiveUpHours} after the event. It runs on its own
 * verticle and touches ingest only through the shared pool, a few rows at a time, so a failing webhook
 * never slows ingest.
 */
public final class WebhookSender extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookSender.class);
    public static final String SIGNATURE = "X-Workshop-Monitor-Signature";
    public static final String TIMESTAMP = "X-Workshop-Monitor-Timestamp";
    public static final String DELIVERY = "X-Workshop-Monitor-Delivery";
    public static final String EVENT = "X-Workshop-Monitor-Event";
    private static final int BATCH = 20;
    private static final long POLL_MS = 1_000;
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

    private final WebhookStore store;
    private final AppConfig.AlertsConfig config;
    private final WebhookTargets targets;
    private final Clock clock;
    private final Counter delivered;
    private final Counter retried;
    private final Counter failed;
    private WebClient client;
    private boolean polling;
    private boolean again;

    public WebhookSender(WebhookStore store, AppConfig.AlertsConfig config, MeterRegistry registry, Clock clock) {
        this.store = store;
        this.config = config;
        this.targets = new WebhookTargets(config.webhookAllowedNetworks());
        this.clock = clock;
        this.delivered = outcome(registry, "delivered");
        this.retried = outcome(registry, "retried");
        this.failed = outcome(registry, "failed");
    }

    private static Counter outcome(MeterRegistry registry, String outcome) {
        return Counter.builder("webhook_deliveries").description("Webhook delivery attempts by outcome")
                .tag("outcome", outcome).register(registry);
    }

    @Override
    public Future<?> start() {
        client = WebClient.create(vertx, new WebClientOptions().setUserAgent("workshop-monitor")
                .setConnectTimeout(config.webhookTimeoutSeconds() * 1_000).setFollowRedirects(false));
        vertx.eventBus().consumer(AlertVerticle.WEBHOOKS_DUE, ignored -> poll());
        vertx.setPeriodic(POLL_MS, id -> poll());
        return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
        client.close();
        return Future.succeededFuture();
    }

    /** One claim at a time; a full batch or a kick while claiming goes round again at once. */
    private void poll() {
        if (polling) {
            again = true;
            return;
        }
        polling = true;
        again = false;

        // the lease outlasts the request timeout, so a delivery in flight is never claimed twice
        store.claimDue(BATCH, Duration.ofSeconds(config.webhookTimeoutSeconds() * 3L + 5))
                .compose(due -> Future.join(due.stream().map(this::send).toList()).map(due.size()))
                .onFailure(e -> LOG.warn("webhook deliveries not claimed this time: {}", e.toString()))
                .onComplete(result -> {
                    polling = false;
                    if (again || (result.succeeded() && result.result() == BATCH)) {
                        poll();
                    }
                });
    }

    private Future<Void> send(WebhookStore.Delivery delivery) {
        java.net.URI uri = java.net.URI.create(delivery.url());
        // checked again at each delivery, and sent to the very address checked, so DNS cannot swap it meanwhile
        return WebhookAddress.resolve(vertx, targets, uri.getHost())
                .transform(resolved -> {
                    if (resolved.failed() && resolved.cause() instanceof WebhookTargets.Refused refused) {
                        failed.increment();
                        LOG.warn("webhook {}: delivery {} refused: {}", delivery.webhookId(), delivery.id(), refused.getMessage());
                        return store.failed(delivery.id(), "refused: " + refused.getMessage());
                    }
                    if (resolved.failed()) {
                        return retryOrGiveUp(delivery, resolved.cause().toString());
                    }
                    return post(delivery, uri, resolved.result());
                })
                .recover(e -> {
                    LOG.warn("webhook delivery {}: outcome not recorded, it will be tried again when its lease ends: {}", delivery.id(), e.toString());
                    return Future.succeededFuture();
                });
    }

    private Future<Void> post(WebhookStore.Delivery delivery, java.net.URI uri, java.net.InetAddress address) {
        long timestamp = clock.instant().getEpochSecond();
        int port = uri.getPort() != -1 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
        return client.request(io.vertx.core.http.HttpMethod.POST,
                        io.vertx.core.net.SocketAddress.inetSocketAddress(port, address.getHostAddress()),
                        new io.vertx.core.http.RequestOptions().setAbsoluteURI(delivery.url()))
                .timeout(config.webhookTimeoutSeconds() * 1_000L)
                .putHeader("content-type", "application/json")
                .putHeader(EVENT, AlertJson.event(Alert.State.valueOf(delivery.event())))
                .putHeader(DELIVERY, delivery.id().toString())
                .putHeader(TIMESTAMP, Long.toString(timestamp))
                .putHeader(SIGNATURE, "sha256=" + sign(delivery.secret(), timestamp, delivery.body()))
                .sendBuffer(Buffer.buffer(delivery.body()))
                .transform(answer -> {
                    if (answer.succeeded() && answer.result().statusCode() / 100 == 2) {
                        delivered.increment();
                        return store.delivered(delivery.id());
                    }
                    return retryOrGiveUp(delivery, answer.succeeded() ? describe(answer.result()) : answer.cause().toString());
                });
    }

    private Future<Void> retryOrGiveUp(WebhookStore.Delivery delivery, String error) {
        Instant now = clock.instant();
        if (!now.isBefore(delivery.createdAt().plus(Duration.ofHours(config.webhookGiveUpHours())))) {
            failed.increment();
            LOG.warn("webhook {}: gave up delivery {} after {} attempts: {}", delivery.webhookId(), delivery.id(),
                    delivery.attempts(), error);
            return store.failed(delivery.id(), error);
        }
        retried.increment();
        Duration backoff = backoff(delivery.attempts());
        LOG.info("webhook {}: delivery {} failed (attempt {}), retrying in {} s: {}", delivery.webhookId(),
                delivery.id(), delivery.attempts(), backoff.toSeconds(), error);
        return store.retryAfter(delivery.id(), backoff, error);
    }

    /** 1 s, 2 s, 4 s … up to 5 minutes. */
    static Duration backoff(int attempts) {
        int exponent = Math.max(0, Math.min(attempts - 1, 20));
        Duration delay = Duration.ofSeconds(1L << exponent);
        return delay.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : delay;
    }

    private static String describe(HttpResponse<Buffer> response) {
        return "HTTP " + response.statusCode() + " " + response.statusMessage();
    }

    /** Hex HMAC-SHA256 of {@code "<timestamp>.<body>"}: the timestamp is signed too, so a replay is detectable. */
    public static String sign(String secret, long timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
