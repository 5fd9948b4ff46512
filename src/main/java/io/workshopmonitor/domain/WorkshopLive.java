package io.workshopmonitor.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A workshop's live figures, kept in memory and updated with each committed reading. Workshop figures are
 * built from the stations' units and times (summed, then divided), never from an average of their ratios.
 * Not thread-safe: the workshop's owner alone applies readings and works out figures; everyone else reads the
 * immutable {@link WorkshopFigures} it publishes.
 */
public final class WorkshopLive {

    private final WorkshopKey key;
    private final int windowMinutes;
    private Workshop workshop;
    private SessionCalendar calendar;
    private final Map<String, StationLive> stations = new LinkedHashMap<>();
    /** The session readings are added to, worked out once a minute: session bounds fall on whole minutes. */
    private long sessionMinute = Long.MIN_VALUE;
    private Interval session;
    private Instant attendanceTs;
    private Integer attendance;
    private long version;

    public WorkshopLive(Workshop workshop, List<Interval> closures, int windowMinutes) {
        this.key = workshop.key();
        this.windowMinutes = windowMinutes;
        reconfigure(workshop, closures);
    }

    public WorkshopKey key() {
        return key;
    }

    /** New configuration or closures: figures follow at once; counts already made stay. */
    public void reconfigure(Workshop workshop, List<Interval> closures) {
        this.workshop = workshop;
        this.calendar = new SessionCalendar(workshop.schedule(), closures);
        this.sessionMinute = Long.MIN_VALUE;
        for (Station station : workshop.stations()) {
            stations.computeIfAbsent(station.id(), id -> new StationLive(id, OptionalDouble.empty(), windowMinutes))
                    .idealCycleSeconds(station.idealCycleSeconds());
        }
        version++;
    }

    public Workshop workshop() {
        return workshop;
    }

    public SessionCalendar calendar() {
        return calendar;
    }

    /** Changes whenever a figure may have changed, for the live feed to compare. */
    public long version() {
        return version;
    }

    public void addUnits(String station, Instant ts, long good, long reject, Instant now) {
        StationLive live = station(station);
        live.seen(ts);
        live.addUnits(ts, good, reject, sessionAt(now));
        version++;
    }

    private Interval sessionAt(Instant now) {
        long minute = Math.floorDiv(now.getEpochSecond(), 60);
        if (minute != sessionMinute) {
            session = calendar.currentOrLast(now).map(SessionWindow::nominal).orElse(null);
            sessionMinute = minute;
        }
        return session;
    }

    /** A reading that added nothing (baseline, late) still shows the station is alive. */
    public void seen(String station, Instant ts) {
        station(station).seen(ts);
        version++;
    }

    public void addState(StateReading reading) {
        StationLive live = station(reading.station().station());
        live.seen(reading.ts());
        live.addState(reading);
        version++;
    }

    public void addAttendance(AttendanceReading reading) {
        if (attendanceTs == null || !reading.ts().isBefore(attendanceTs)) {
            attendanceTs = reading.ts();
            attendance = reading.present();
            version++;
        }
    }

    private StationLive station(String id) {
        return stations.computeIfAbsent(id, k -> new StationLive(k, OptionalDouble.empty(), windowMinutes));
    }

    /** Forgets state history older than any figure at {@code now} can use. */
    public void prune(Instant now) {
        Instant keep = calendar.currentOrLast(now).map(s -> s.nominal().start()).orElse(now);
        stations.values().forEach(s -> s.prune(keep));
    }

    public WorkshopFigures figures(Instant now) {
        Optional<SessionWindow> session = calendar.currentOrLast(now);
        List<Interval> planned = session.map(s -> calendar.plannedIntervals(s.nominal().start(),
                now.isBefore(s.nominal().end()) ? now : s.nominal().end())).orElse(List.of());
        Instant until = session.map(s -> now.isBefore(s.nominal().end()) ? now : s.nominal().end()).orElse(now);

        List<StationFigures> stationFigures = new ArrayList<>();
        Totals totals = new Totals();
        for (StationLive station : stations.values()) {
            long[] window = station.window(now, windowMinutes);
            totals.windowGood += window[0];
            totals.windowReject += window[1];
            SessionFigures stationSession = session.map(s -> stationSession(station, s, planned, until, totals)).orElse(null);
            StateReading state = station.state();
            stationFigures.add(new StationFigures(station.id(), state == null ? null : state.state(),
                    state == null ? null : state.reason().orElse(null), state == null ? null : station.stateSince(),
                    station.lastSeen(),
                    WindowFigures.of(windowMinutes, window[0], window[1]), stationSession));
        }
        return new WorkshopFigures(key, now, WindowFigures.of(windowMinutes, totals.windowGood, totals.windowReject),
                session.map(s -> workshopSession(s, totals)).orElse(null), attendance, stationFigures,
                session.isPresent() ? new OeeElements(totals.planned, totals.running, totals.ideal, totals.performanceRunning)
                        : OeeElements.NONE);
    }

    private SessionFigures stationSession(StationLive station, SessionWindow session, List<Interval> planned,
                                          Instant until, Totals totals) {
        long[] units = station.session(session.nominal());
        totals.good += units[0];
        totals.reject += units[1];
        Double availability = null;
        Double performance = null;
        if (station.reportsState()) {
            Duration running = station.running(planned, until);
            double runningSeconds = running.toMillis() / 1000.0;
            double plannedSeconds = session.plannedElapsed().toMillis() / 1000.0;
            availability = Ratios.ratio(runningSeconds, plannedSeconds);
            totals.running += runningSeconds;
            totals.planned += plannedSeconds;
            if (station.idealCycleSeconds().isPresent() && runningSeconds > 0) {
                double ideal = station.idealCycleSeconds().getAsDouble() * (units[0] + units[1]);
                performance = Ratios.ratio(ideal, runningSeconds);
                totals.ideal += ideal;
                totals.performanceRunning += runningSeconds;
            }
        }
        Double quality = Ratios.quality(units[0], units[1]);
        return new SessionFigures(session.nominal().start(), session.nominal().end(), units[0], units[1], null, null,
                availability, performance, quality, Ratios.product(availability, performance, quality));
    }

    private SessionFigures workshopSession(SessionWindow session, Totals totals) {
        // A curtailed session expects only what its remaining planned time can make.
        long target = Math.round(workshop.target().unitsPerSession() * session.plannedShare());
        OptionalDouble elapsed = session.elapsedFraction();
        Boolean onPace = elapsed.isEmpty() ? null
                : totals.good >= target * elapsed.getAsDouble() * (1 - workshop.target().tolerance());
        Double availability = Ratios.ratio(totals.running, totals.planned);
        Double performance = Ratios.ratio(totals.ideal, totals.performanceRunning);
        Double quality = Ratios.quality(totals.good, totals.reject);
        return new SessionFigures(session.nominal().start(), session.nominal().end(), totals.good, totals.reject,
                target, onPace, availability, performance, quality, Ratios.product(availability, performance, quality));
    }

    /** Elements summed across stations before any division. */
    private static final class Totals {
        long windowGood;
        long windowReject;
        long good;
        long reject;
        double running;
        double planned;
        double ideal;
        double performanceRunning;
    }
}
