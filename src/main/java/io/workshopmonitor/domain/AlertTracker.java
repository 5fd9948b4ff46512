package io.workshopmonitor.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Turns the conditions that hold at each evaluation into alert decisions, so that one condition opens one
 * alert and a figure wobbling around its threshold does not open a stream of them: a condition must hold for
 * {@code hold} before its alert opens, and an open alert resolves only once its condition has been clear for
 * {@code hold}. A condition that comes and goes within the hold opens nothing.
 *
 * <p>Decisions are applied optimistically; the owner reports back what storing them gave ({@link #opened},
 * {@link #alreadyRaised}, {@link #failed}). Not thread-safe: one owner calls it.
 */
public final class AlertTracker {

    public sealed interface Decision permits Open, Resolve {
        AlertCondition condition();
    }

    /** Store a new alert for this condition. */
    public record Open(AlertCondition condition) implements Decision {
    }

    /** Resolve the stored alert; {@code condition} is the last one seen. */
    public record Resolve(UUID alertId, AlertCondition condition) implements Decision {
    }

    private enum Phase { PENDING, OPENING, OPEN, RESOLVING, SPENT }

    private static final class Track {
        Phase phase;
        AlertCondition condition;
        Instant heldSince;
        Instant clearSince;
        UUID alertId;

        Track(Phase phase, AlertCondition condition, Instant heldSince) {
            this.phase = phase;
            this.condition = condition;
            this.heldSince = heldSince;
        }
    }

    private final Duration hold;
    private final Map<String, Track> tracks = new HashMap<>();

    public AlertTracker(Duration hold) {
        if (hold.isNegative()) {
            throw new IllegalArgumentException("hold must not be negative");
        }
        this.hold = hold;
    }

    /** An alert stored as active before a restart is open again; it resolves only when its condition clears. */
    public void restore(Alert alert) {
        Track track = new Track(Phase.OPEN, alert.condition(), alert.openedAt());
        track.alertId = alert.id();
        tracks.put(alert.identity(), track);
    }

    /**
     * @param scope   the conditions this evaluation speaks for (a workshop's, or the contracts'); tracks outside
     *                it are left alone
     * @param holding every condition in scope that holds at {@code now}
     */
    public List<Decision> evaluate(Predicate<AlertCondition> scope, List<AlertCondition> holding, Instant now) {
        List<Decision> decisions = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (AlertCondition condition : holding) {
            if (!seen.add(condition.identity())) {
                continue;
            }
            Track track = tracks.computeIfAbsent(condition.identity(), id -> new Track(Phase.PENDING, condition, now));
            track.condition = condition;
            track.clearSince = null;
            if (track.phase == Phase.PENDING && !now.isBefore(track.heldSince.plus(hold))) {
                track.phase = Phase.OPENING;
                decisions.add(new Open(condition));
            }
        }
        for (Iterator<Map.Entry<String, Track>> it = tracks.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Track> entry = it.next();
            Track track = entry.getValue();
            if (seen.contains(entry.getKey()) || !scope.test(track.condition)) {
                continue;
            }
            switch (track.phase) {
                // below the hold, or already done: a condition that is gone leaves nothing behind
                case PENDING, SPENT -> it.remove();
                case OPEN -> {
                    if (track.clearSince == null) {
                        track.clearSince = now;
                    }
                    if (track.condition.kind().resolvesByItself() && !now.isBefore(track.clearSince.plus(hold))) {
                        track.phase = Phase.RESOLVING;
                        decisions.add(new Resolve(track.alertId, track.condition));
                    }
                }
                case OPENING, RESOLVING -> {
                    // waiting for the store; decided again once it answers
                }
            }
        }
        return decisions;
    }

    /** The store opened the alert. */
    public void opened(AlertCondition condition, UUID alertId) {
        Track track = tracks.get(condition.identity());
        if (track != null) {
            track.phase = Phase.OPEN;
            track.alertId = alertId;
        }
    }

    /**
     * The store already holds this alert as raised (a missed session target acknowledged before a restart):
     * do not open it again while its condition still holds.
     */
    public void alreadyRaised(AlertCondition condition) {
        Track track = tracks.get(condition.identity());
        if (track != null) {
            track.phase = Phase.SPENT;
        }
    }

    /**
     * The alert is resolved, by its condition clearing or by an acknowledgement that ends it: the next time
     * the condition holds it is a new occurrence, except for kinds that only an acknowledgement ends, which
     * stay spent while their condition holds.
     */
    public void resolved(String identity) {
        Track track = tracks.get(identity);
        if (track == null) {
            return;
        }
        if (track.condition.kind().resolvesByItself()) {
            tracks.remove(identity);
        } else {
            track.phase = Phase.SPENT;
        }
    }

    /** Storing a decision failed: open is tried again at the next evaluation, resolve likewise. */
    public void failed(Decision decision) {
        Track track = tracks.get(decision.condition().identity());
        if (track == null) {
            return;
        }
        if (decision instanceof Open && track.phase == Phase.OPENING) {
            track.phase = Phase.PENDING;
            track.heldSince = Instant.MIN;
        } else if (decision instanceof Resolve && track.phase == Phase.RESOLVING) {
            track.phase = Phase.OPEN;
        }
    }

    /**
     * Forgets the tracks of conditions in {@code scope}: their workshop went to another owner, which takes them up
     * from the store (and this owner does again from the store, should the workshop come back).
     */
    public void forget(Predicate<AlertCondition> scope) {
        tracks.values().removeIf(track -> scope.test(track.condition));
    }

    /** How many conditions are tracked, for tests and a gauge of the tracker's size. */
    public int size() {
        return tracks.size();
    }
}
