package io.workshopmonitor.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Which alert conditions hold for a workshop's figures at {@code now}, as the contract's alert table says.
 * Pure: the same figures at the same instant give the same conditions.
 */
public final class AlertRules {

    /** TARGET_BEHIND is not raised in a session's first quarter hour: pace is noise until work is under way. */
    static final Duration SETTLING = Duration.ofMinutes(15);
    /** A station DOWN, or silent, for longer than this is down. */
    static final Duration STATION_DOWN_AFTER = Duration.ofMinutes(5);
    /** Quality over fewer units than this says nothing. */
    static final long QUALITY_MIN_UNITS = 20;

    private AlertRules() {
    }

    /**
     * An alert's text is written once, when it opens, and read later while the figures move on: it says at what
     * time, in the workshop's own time zone, its figures were true.
     */
    private static String at(Workshop workshop, Instant instant) {
        return CLOCK.format(instant.atZone(workshop.schedule().timezone()));
    }

    private static final java.time.format.DateTimeFormatter CLOCK = java.time.format.DateTimeFormatter.ofPattern("HH:mm");

    public static List<AlertCondition> workshop(Workshop workshop, WorkshopFigures figures, Instant now) {
        List<AlertCondition> holding = new ArrayList<>();
        SessionFigures session = figures.session();
        boolean inSession = session != null && !now.isBefore(session.start()) && now.isBefore(session.end());
        if (inSession && !now.isBefore(session.start().plus(SETTLING)) && Boolean.FALSE.equals(session.onPace())) {
            holding.add(new AlertCondition(AlertKind.TARGET_BEHIND, workshop.key(), "session:" + session.start(),
                    AlertCondition.Severity.WARNING, session.good(), session.target(),
                    workshop.name() + " was behind its session target at " + at(workshop, now) + ": "
                            + session.good() + " good of " + session.target() + " planned"));
        }
        if (session != null && !now.isBefore(session.end()) && session.target() != null && session.target() > 0
                && session.good() < session.target()) {
            holding.add(new AlertCondition(AlertKind.TARGET_MISSED, workshop.key(), "session:" + session.start(),
                    AlertCondition.Severity.INFO, session.good(), session.target(),
                    workshop.name() + " missed its target for the session " + at(workshop, session.start()) + "–"
                            + at(workshop, session.end()) + ": " + session.good() + " good of " + session.target()));
        }
        WindowFigures window = figures.window();
        if (window.quality() != null && window.good() + window.reject() >= QUALITY_MIN_UNITS
                && window.quality() < workshop.qualityTarget()) {
            holding.add(new AlertCondition(AlertKind.QUALITY_LOW, workshop.key(), "window",
                    AlertCondition.Severity.WARNING, window.quality(), workshop.qualityTarget(),
                    String.format("%s quality was %.1f%% at %s, below its %.1f%% target", workshop.name(),
                            window.quality() * 100, at(workshop, now), workshop.qualityTarget() * 100)));
        }
        if (inSession) {
            for (StationFigures station : figures.stations()) {
                // a bench without a counter is heard from only when its tallies are entered: its silence is normal
                if (!manual(workshop, station.id())) {
                    stationDown(workshop, station, session.start(), now).ifPresent(holding::add);
                }
            }
        }
        return holding;
    }

    /** Time before the session does not count: a machine switched off overnight is not down at 08:30. */
    private static java.util.Optional<AlertCondition> stationDown(Workshop workshop, StationFigures station,
                                                                  Instant sessionStart, Instant now) {
        Duration silent = station.lastSeen() == null ? null : Duration.between(later(station.lastSeen(), sessionStart), now);
        Duration downFor = station.state() == MachineState.DOWN && station.stateSince() != null
                ? Duration.between(later(station.stateSince(), sessionStart), now) : null;
        boolean down = downFor != null && downFor.compareTo(STATION_DOWN_AFTER) > 0;
        boolean quiet = silent != null && silent.compareTo(STATION_DOWN_AFTER) > 0;
        if (!down && !quiet) {
            return java.util.Optional.empty();
        }
        String why = down ? "DOWN" + (station.reason() == null ? "" : " (" + station.reason() + ")")
                : "silent";
        double minutes = (down ? downFor : silent).toSeconds() / 60.0;
        return java.util.Optional.of(new AlertCondition(AlertKind.STATION_DOWN, workshop.key(), "station:" + station.id(),
                AlertCondition.Severity.CRITICAL, minutes, STATION_DOWN_AFTER.toMinutes(),
                String.format("%s station %s had been %s for %.0f minutes at %s", workshop.name(), station.id(), why,
                        minutes, at(workshop, now))));
    }

    private static boolean manual(Workshop workshop, String station) {
        return workshop.stations().stream().anyMatch(s -> s.id().equals(station) && s.manual());
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    /** The contract's figures as they stood at {@code now}; its due date is in the workshop's own calendar. */
    public static java.util.Optional<AlertCondition> contract(Contract contract, ContractStatus status, Instant now) {
        if (status.status() != ContractStatus.Status.AT_RISK && status.status() != ContractStatus.Status.LATE) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new AlertCondition(AlertKind.CONTRACT_AT_RISK, contract.workshop(),
                "contract:" + contract.id(),
                status.status() == ContractStatus.Status.LATE ? AlertCondition.Severity.CRITICAL : AlertCondition.Severity.WARNING,
                status.progress(), 1.0,
                "Contract " + contract.id() + " for " + contract.customer() + " is " + status.status().name().replace('_', ' ')
                        .toLowerCase() + ": " + status.produced() + " of " + contract.quantity() + " made by "
                        + java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").format(now.atZone(java.time.ZoneOffset.UTC))
                        + ", due " + contract.due()));
    }
}
