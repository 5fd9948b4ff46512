package io.workshopmonitor.live;

import io.workshopmonitor.domain.Workshop;
import io.workshopmonitor.domain.WorkshopFigures;
import io.workshopmonitor.domain.WorkshopKey;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Every workshop's newest figures, as their owner published them: what the API, the live feed, the alerts and the
 * metrics read, from any thread. Only owners write here (this process's owner for the workshops it owns, the
 * cluster's change topic for the others), and what they write is immutable, so a reader never sees a figure half
 * made and nothing is shared under a lock.
 */
public final class FiguresView {

    /**
     * One workshop's figures.
     *
     * @param version changes when a reading or the configuration changed the figures; time alone (a sliding
     *                window, a session running on) refreshes {@code figures} without changing it
     * @param owned   the workshop's configuration when this process owns it (alerts and business metrics are
     *                evaluated by the owner only), else empty
     * @param owner   the instance that published it
     */
    public record Snapshot(WorkshopFigures figures, long version, Optional<Workshop> owned, String owner) {

        public WorkshopKey key() {
            return figures.workshop();
        }
    }

    /** Told of every snapshot this process's owner publishes, e.g. to pass it on to the rest of a cluster. */
    public interface Listener {
        void published(Snapshot snapshot);
    }

    private final ConcurrentMap<WorkshopKey, Snapshot> snapshots = new ConcurrentHashMap<>();
    private final String instanceId;
    private volatile Listener listener = snapshot -> { };

    public FiguresView(String instanceId) {
        this.instanceId = instanceId;
    }

    public String instanceId() {
        return instanceId;
    }

    public void listener(Listener listener) {
        this.listener = listener;
    }

    /** This process's owner publishes the figures of a workshop it owns. */
    public void publish(Workshop workshop, WorkshopFigures figures, long version) {
        Snapshot snapshot = new Snapshot(figures, version, Optional.of(workshop), instanceId);
        snapshots.put(workshop.key(), snapshot);
        listener.published(snapshot);
    }

    /**
     * Figures another instance published. A remote snapshot never replaces this process's own for a workshop it
     * owns: the change topic can still deliver the previous owner's last word after the hand-over.
     */
    public void received(WorkshopFigures figures, long version, String owner) {
        snapshots.compute(figures.workshop(), (key, current) -> current != null && current.owned().isPresent()
                ? current : new Snapshot(figures, version, Optional.empty(), owner));
    }

    /** This process no longer owns the workshop: its last figures stay readable until the new owner's arrive. */
    public void disown(WorkshopKey key) {
        snapshots.computeIfPresent(key, (k, current) -> new Snapshot(current.figures(), current.version(),
                Optional.empty(), current.owner()));
    }

    /** The workshop was deleted. */
    public void remove(WorkshopKey key) {
        snapshots.remove(key);
    }

    public Optional<Snapshot> get(WorkshopKey key) {
        return Optional.ofNullable(snapshots.get(key));
    }

    public Optional<WorkshopFigures> figures(WorkshopKey key) {
        return get(key).map(Snapshot::figures);
    }

    public Collection<Snapshot> all() {
        return snapshots.values();
    }

    /** The workshops this process owns, with their configuration. */
    public List<Snapshot> owned() {
        return snapshots.values().stream().filter(s -> s.owned().isPresent()).toList();
    }
}
