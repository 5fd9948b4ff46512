package io.workshopmonitor.live;

import io.vertx.core.Future;
import io.workshopmonitor.domain.Contract;
import io.workshopmonitor.domain.ContractProjection;
import io.workshopmonitor.domain.ContractStatus;
import io.workshopmonitor.api.WorkshopJson;
import io.workshopmonitor.domain.Closure;
import io.workshopmonitor.domain.SessionCalendar;
import io.workshopmonitor.domain.Workshop;
import io.workshopmonitor.store.ClosureStore;
import io.workshopmonitor.store.FigureStore;
import io.workshopmonitor.store.WorkshopStore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where a contract stands now: what its workshop produced from the stored roll-up, laid over its calendar. Read
 * from the store alone, so any instance of a cluster answers the same, whoever owns the workshop.
 */
public final class ContractStatuses {

    /** A contract and its status; the status is empty when its workshop is not configured. */
    public record Standing(Contract contract, Optional<ContractStatus> status) {
    }

    /** Closures further back than this cannot touch the current or last session, as for the live figures. */
    private static final Duration CLOSURES_BACK = Duration.ofDays(14);
    private static final Duration CLOSURES_AHEAD = Duration.ofDays(800);

    private final FigureStore figures;
    private final WorkshopStore workshops;
    private final ClosureStore closures;
    private final Clock clock;

    public ContractStatuses(FigureStore figures, WorkshopStore workshops, ClosureStore closures, Clock clock) {
        this.figures = figures;
        this.workshops = workshops;
        this.closures = closures;
        this.clock = clock;
    }

    public Future<Standing> status(Contract contract) {
        Instant now = clock.instant();
        return calendar(contract, now).compose(calendar -> calendar.isEmpty()
                ? Future.succeededFuture(new Standing(contract, Optional.empty()))
                : status(contract, calendar.get(), now));
    }

    private Future<Optional<SessionCalendar>> calendar(Contract contract, Instant now) {
        return workshops.get(contract.workshop()).compose(found -> {
            if (found.isEmpty()) {
                return Future.succeededFuture(Optional.empty());
            }
            Workshop workshop = WorkshopJson.fromStored(found.get().key(), found.get().document(), found.get().stations());
            return closures.list(workshop.key(), now.minus(CLOSURES_BACK), now.plus(CLOSURES_AHEAD))
                    .map(list -> Optional.of(new SessionCalendar(workshop.schedule(),
                            list.stream().map(Closure::interval).toList())));
        });
    }

    private Future<Standing> status(Contract contract, SessionCalendar calendar, Instant now) {
        ContractProjection.Spans spans = ContractProjection.spans(contract, calendar.schedule().timezone(), now);
        return figures.produced(contract.workshop(), contract.product(), spans.counted().start(), spans.counted().end())
                .compose(produced -> figures.produced(contract.workshop(), contract.product(), spans.rate().start(),
                                spans.rate().end())
                        .map(recent -> ContractProjection.status(contract, calendar, now, produced, recent)))
                .map(status -> new Standing(contract, Optional.of(status)));
    }

    /** One contract after another: a long list must not take every pooled connection from ingest. */
    public Future<List<Standing>> statuses(List<Contract> contracts) {
        List<Standing> standings = new ArrayList<>();
        Future<Void> chain = Future.succeededFuture();
        for (Contract contract : contracts) {
            chain = chain.compose(ignored -> status(contract).map(standing -> {
                standings.add(standing);
                return null;
            }));
        }
        return chain.map(standings);
    }
}
