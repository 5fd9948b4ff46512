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
import io.workshopmonitor.live.ContractStatuses;
import io.workshopmonitor.live.FiguresView;
import io.workshopmonitor.owner.ConfigChanges;
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
import java.util.Set;
import java.util.HashSet;
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
    /** Published when webhook deliveries were queued. */
    public static final String WEBHOOKS_DUE = "wm.webhooks.due";

    private static final long TICK_MS = 1_000;

    private final AppConfig.AlertsConfig config;
    private final FiguresView view;
    private final AlertBroadcast broadcast;
    private final AlertStore alerts;
    private final ContractStore contracts;
    private final ContractStatuses statuses;
    private final AlertBoard board;
    private final BusinessMetrics metrics;
    private final Clock clock;
    private final AlertTracker tracker;
    private final Map<WorkshopKey, Long> evaluatedVersion = new HashMap<>();
    private final Map<WorkshopKey, Instant> evaluatedAt = new HashMap<>();
    /** The workshops whose alerts this process evaluates: those it owns. */
    private Set<WorkshopKey> evaluating = new HashSet<>();
    private boolean contractsRunning;
    private boolean contractsAgain;
    private boolean restoring;

    public AlertVerticle(AppConfig.AlertsConfig config, FiguresView view, AlertStore alerts, ContractStore contracts,
                         ContractStatuses statuses, AlertBoard board, AlertBroadcast broadcast, BusinessMetrics metrics,
                         Clock clock) {
        this.config = config;
        this.view = view;
        this.broadcast = broadcast;
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
            active.forEach(board::apply);
            LOG.info("alerts: {} active restored", active.size());
            vertx.eventBus().<JsonObject>consumer(ACKNOWLEDGE, this::acknowledge);
            vertx.eventBus().consumer(ConfigChanges.CONTRACTS_CHANGED, ignored -> evaluateContracts());
            vertx.setPeriodic(TICK_MS, id -> tick());
            vertx.setPeriodic(2_000, config.contractSeconds() * 1_000L, id -> evaluateContracts());
        });
    }

    /**
     * A workshop is evaluated when its figures changed since last time, and every evaluateSeconds regardless, by the
     * process that owns it. A workshop newly owned (at start, or handed over in a cluster) first takes up the alerts
     * the store holds open for it, under the same ids, so they resolve when their condition clears.
     */
    private void tick() {
        List<FiguresView.Snapshot> owned = view.owned();
        Set<WorkshopKey> now = new HashSet<>();
        owned.forEach(s -> now.add(s.key()));
        Set<WorkshopKey> lost = new HashSet<>(evaluating);
        lost.removeAll(now);
        if (!lost.isEmpty()) {
            tracker.forget(c -> lost.contains(c.workshop()));
            lost.forEach(evaluatedAt::remove);
        }
        Set<WorkshopKey> gained = new HashSet<>(now);
        gained.removeAll(evaluating);
        if (gained.isEmpty()) {
            evaluating = now;
            evaluate(owned);
            return;
        }
        if (restoring) {
            return;
        }
        restoring = true;
        alerts.active()
                .onSuccess(active -> {
                    active.stream().filter(a -> gained.contains(a.workshop())).forEach(tracker::restore);
                    evaluating = now;
                })
                .onFailure(e -> LOG.warn("alerts of newly owned workshops not restored yet: {}", e.toString()))
                .onComplete(ignored -> restoring = false);
    }

    private void evaluate(List<FiguresView.Snapshot> owned) {
        Instant now = clock.instant();
        Duration every = Duration.ofSeconds(config.evaluateSeconds());
        for (FiguresView.Snapshot workshop : owned) {
            WorkshopKey key = workshop.key();
            long version = workshop.version();
            Instant last = evaluatedAt.get(key);
            if (last == null || !now.isBefore(last.plus(every)) || evaluatedVersion.get(key) != version) {
                evaluatedVersion.put(key, version);
                evaluatedAt.put(key, now);
                List<AlertCondition> holding = AlertRules.workshop(workshop.owned().orElseThrow(), workshop.figures(), now);
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
                .map(all -> all.stream().filter(c -> evaluating.contains(c.workshop())).toList())
                .compose(statuses::statuses)
                .onSuccess(standings -> {
                    Instant now = clock.instant();
                    List<AlertCondition> holding = new ArrayList<>();
                    for (ContractStatuses.Standing standing : standings) {
                        standing.status().ifPresent(status -> {
                            metrics.contract(standing.contract(), progress(status));
                            AlertRules.contract(standing.contract(), status, now).ifPresent(holding::add);
                        });
                    }
                    apply(tracker.evaluate(c -> c.kind() == AlertKind.CONTRACT_AT_RISK
                            && evaluating.contains(c.workshop()), holding, now), now);
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
                            if (alert.kind() == AlertKind.TARGET_MISSED) {
                                supersedeEarlierMisses(alert, now);
                            }
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

    /** A later session's missed target replaces the earlier ones nobody acknowledged (see AlertStore#supersede). */
    private void supersedeEarlierMisses(Alert latest, Instant now) {
        alerts.supersede(latest, now)
                .onSuccess(resolved -> resolved.forEach(alert -> {
                    tracker.resolved(alert.identity());
                    announce(alert);
                }))
                .onFailure(e -> LOG.warn("earlier missed targets of {} not superseded, will be with the next: {}",
                        latest.workshop(), e.toString()));
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
        LOG.info("alert {} {} {}: {}", alert.state(), alert.kind(), alert.workshop(), alert.text());
        broadcast.changed(alert);
        vertx.eventBus().publish(WEBHOOKS_DUE, null);
    }
}
