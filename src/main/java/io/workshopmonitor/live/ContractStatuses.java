package io.workshopmonitor.live;

import io.vertx.core.Future;
import io.workshopmonitor.domain.Contract;
import io.workshopmonitor.domain.ContractProjection;
import io.workshopmonitor.domain.ContractStatus;
import io.workshopmonitor.domain.SessionCalendar;
import io.workshopmonitor.domain.WorkshopLive;
import io.workshopmonitor.store.FigureStore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Where a contract stands now: what its workshop produced from the stored roll-up, laid over its calendar. */
public final class ContractStatuses {

    /** A contract and its status; the status is empty when its workshop is not configured. */
    public record Standing(Contract contract, Optional<ContractStatus> status) {
    }

    private final FigureStore figures;
    private final LiveFigures live;

    public ContractStatuses(FigureStore figures, LiveFigures live) {
        this.figures = figures;
        this.live = live;
    }

    public Future<Standing> status(Contract contract) {
        Optional<WorkshopLive> workshop = live.get(contract.workshop());
        if (workshop.isEmpty()) {
            return Future.succeededFuture(new Standing(contract, Optional.empty()));
        }
        Instant now = live.clock().instant();
        SessionCalendar calendar = workshop.get().calendar();
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
