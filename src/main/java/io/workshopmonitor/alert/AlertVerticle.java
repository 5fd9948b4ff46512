package io.workshopmonitor.alert;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.workshopmonitor.config.AppConfig;
import io.workshopmonitor.domain.Alert;
import io.workshopmonitor.domain.AlertCondition;
import io.workshopmonitor.domain.AlertKind;
import io.workshopmonitor.domain.AlertRules;
import io.workshopmonitor.domain.AlertTracker;
import io.workshopmonitor.domain.ContractStatus;
import io.workshopmonitor.domain.WorkshopKey;
import io.workshopmonitor.domain.WorkshopLive;
import io.workshopmonitor.live.ContractStatuses;
import io.workshopmonitor.live.LiveFigures;
import io.workshopmonitor.metrics.BusinessMetrics;
import io.workshopmonitor.store.AlertStore;
import io.workshopmonitor.store.ContractStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Owns the alert lifecycle: evaluates the rules when a workshop's figures change and on a timer, debounces
 * through {@link AlertTracker}, stores each change, and announces it to the live feed and the webhook sender.
 * Every change of an alert's state (opening, resolving, acknowledging) happens on this verticle's context,
 * so the tracker has one owner; the API asks for acknowledgements over the event bus.
 */
public final class AlertVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(AlertVerticle.class);

    /** Published with each changed alert's JSON, for the live feed. */
    public static final String CHANGED = "wm.alerts.changed";
    /** Request {@code {id, by, comment}}; the reply is the alert's JSON, or a failure with 404 or 409. */
    public static final String ACKNOWLEDGE = "wm.alerts.acknowledge";
    /** Sent when a contract is saved, so its status is evaluated at once. */
    public static final String CONTRACTS_CHANGED = "wm.contracts.changed";
    /** Published when webhook deliveries were queued. */
    public static final String WEBHOOKS_DUE = "wm.webhooks.due";

    private static final long TICK_MS = 1_000;

    private final AppConfig.AlertsConfig config;
    private final LiveFigures live;
    private final AlertStore alerts;
    private final ContractStore contracts;
    private final ContractStatuses statuses;
    private final AlertBoard board;
    private final BusinessMetrics metrics;
    private final Clock clock;
    private final AlertTracker tracker;
    private final Map<WorkshopKey, Long> evaluatedVersion = new HashMap<>();
    private final Map<WorkshopKey, Instant> evaluatedAt = new HashMap<>();
    private boolean contractsRunning;
    private boolean contractsAgain;

    public AlertVerticle(AppConfig.AlertsConfig config, LiveFigures live, AlertStore alerts, ContractStore contracts,
                         ContractStatuses statuses, AlertBoard board, BusinessMetrics metrics, Clock clock) {
        this.config = config;
        this.live = live;
        this.alerts = alerts;
        this.contracts = contracts;
        this.statuses = statuses;
        this.board = board;
        this.metrics = metrics;
        this.clock = clock;
        this.tracker = new AlertTracker(Duration.ofSeconds(config.holdSeconds()));
    }

    @Override
    public Future<?> start() {
        return alerts.active().onSuccess(active -> {
            // what was open before a restart stays open, under the same id, until its condition clears
            active.forEach(alert -> {
                tracker.restore(alert);
                board.apply(alert);
            });
            LOG.info("alerts: {} active restored", active.size());
            vertx.eventBus().<JsonObject>consumer(ACKNOWLEDGE, this::acknowledge);
            vertx.eventBus().consumer(CONTRACTS_CHANGED, ignored -> evaluateContracts());
            vertx.setPeriodic(TICK_MS, id -> tick());
            vertx.setPeriodic(2_000, config.contractSeconds() * 1_000L, id -> evaluateContracts());
        });
    }

    /** A workshop is evaluated when its figures changed since last time, and every evaluateSeconds regardless. */
    private void tick() {
        Instant now = clock.instant();
        Duration every = Duration.ofSeconds(config.evaluateSeconds());
        for (WorkshopLive workshop : live.all()) {
            WorkshopKey key = workshop.key();
            long version = workshop.version();
            Instant last = evaluatedAt.get(key);
            if (last == null || !now.isBefore(last.plus(every)) || evaluatedVersion.get(key) != version) {
                evaluatedVersion.put(key, version);
                evaluatedAt.put(key, now);
                List<AlertCondition> holding = AlertRules.workshop(workshop.workshop(), workshop.figures(now), now);
                apply(tracker.evaluate(c -> c.workshop().equals(key) && c.kind() != AlertKind.CONTRACT_AT_RISK,
                        holding, now), now);
            }
        }
    }

    /** All contracts, one at a time; a request while a pass runs makes one more pass after it. */
    private void evaluateContracts() {
        if (contractsRunning) {
            contractsAgain = true;
            return;
        }
        contractsRunning = true;
        contracts.list(null, null)
                .compose(statuses::statuses)
                .onSuccess(standings -> {
                    Instant now = clock.instant();
                    List<AlertCondition> holding = new ArrayList<>();
                    for (ContractStatuses.Standing standing : standings) {
                        standing.status().ifPresent(status -> {
                            metrics.contract(standing.contract(), progress(status));
                            AlertRules.contract(standing.contract(), status).ifPresent(holding::add);
                        });
                    }
                    apply(tracker.evaluate(c -> c.kind() == AlertKind.CONTRACT_AT_RISK, holding, now), now);
                })
                .onFailure(e -> LOG.warn("contract alerts not evaluated this time: {}", e.toString()))
                .onComplete(ignored -> {
                    contractsRunning = false;
                    if (contractsAgain) {
                        contractsAgain = false;
                        evaluateContracts();
                    }
                });
    }

    private static double progress(ContractStatus status) {
        return Math.min(1.0, status.progress());
    }

    private void apply(List<AlertTracker.Decision> decisions, Instant now) {
        for (AlertTracker.Decision decision : decisions) {
            if (decision instanceof AlertTracker.Open open) {
                alerts.open(open.condition(), now)
                        .onSuccess(stored -> stored.ifPresentOrElse(alert -> {
                            tracker.opened(open.condition(), alert.id());
                            announce(alert);
                        }, () -> tracker.alreadyRaised(open.condition())))
                        .onFailure(e -> failed(decision, e));
            } else if (decision instanceof AlertTracker.Resolve resolve) {
                alerts.resolve(resolve.alertId(), now)
                        .onSuccess(stored -> {
                            tracker.resolved(resolve.condition().identity());
                            stored.ifPresent(this::announce);
                        })
                        .onFailure(e -> failed(decision, e));
            }
        }
    }

    private void failed(AlertTracker.Decision decision, Throwable e) {
        LOG.warn("alert {} {} not stored, will retry: {}", decision.getClass().getSimpleName().toLowerCase(),
                decision.condition().identity(), e.toString());
        tracker.failed(decision);
    }

    private void acknowledge(Message<JsonObject> request) {
        JsonObject body = request.body();
        UUID id = UUID.fromString(body.getString("id"));
        alerts.acknowledge(id, body.getString("by"), body.getString("comment"), clock.instant())
                .onSuccess(result -> {
                    if (result.current() == null) {
                        request.fail(404, "no alert " + id);
                        return;
                    }
                    if (result.changes().isEmpty()) {
                        Alert current = result.current();
                        request.fail(409, "alert " + id + " is " + current.state()
                                + (current.acknowledgedBy() == null ? "" : ", acknowledged by " + current.acknowledgedBy()
                                + " at " + current.acknowledgedAt()) + "; only an OPEN alert can be acknowledged");
                        return;
                    }
                    result.changes().forEach(this::announce);
                    if (!result.current().active()) {
                        tracker.resolved(result.current().identity());
                    }
                    request.reply(AlertJson.render(result.current()));
                })
                .onFailure(e -> request.fail(500, e.toString()));
    }

    private void announce(Alert alert) {
        board.apply(alert);
        LOG.info("alert {} {} {}: {}", alert.state(), alert.kind(), alert.workshop(), alert.text());
        vertx.eventBus().publish(CHANGED, AlertJson.render(alert));
        vertx.eventBus().publish(WEBHOOKS_DUE, null);
    }
}
