package io.workshopmonitor.demo;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * One simulated station: a cumulative counter and a machine state, moved on through demo time. Plain Java
 * (no Vert.x): it decides what a real device would send, the simulator sends it.
 */
final class DemoStation {

    /** What the station is: its ideal cycle, how fast it really runs and how well, and what it makes. */
    record Spec(String id, String name, double idealCycleSeconds, double performance, double quality, String product) {
    }

    /**
     * A scripted episode in today's morning session, from {@code after} its start for {@code length}: a
     * machine state with its reason, a spell of poor quality, or a counter reset (a power cycle) at its start.
     */
    record Episode(Duration after, Duration length, String state, String reason, Double quality, boolean counterReset) {
        static Episode down(Duration after, Duration length, String reason) {
            return new Episode(after, length, "DOWN", reason, null, false);
        }

        /** Idle with no reason a machine could know: waiting for work, say. The instructor explains it later. */
        static Episode unexplainedIdle(Duration after, Duration length) {
            return new Episode(after, length, "IDLE", null, null, false);
        }

        static Episode poorQuality(Duration after, Duration length, double quality) {
            return new Episode(after, length, null, null, quality, false);
        }

        static Episode counterReset(Duration after) {
            return new Episode(after, Duration.ofMinutes(1), null, null, null, true);
        }
    }

    /** A message to publish: a counter or a state, already as its JSON payload. */
    record Message(String kind, String payload) {
    }

    /** Where the station's workshop is in its day. */
    enum Phase { OUT_OF_SESSION, IN_SESSION, CURTAILED }

    private final Spec spec;
    private final List<Episode> episodes;
    private final Random random;
    private long good;
    private long reject;
    private long seq;
    private String state = "OFF";
    private String reason;
    private Instant pauseUntil = Instant.MIN;
    private String pauseState;
    private String pauseReason;
    private Message lastCounter;
    private final java.util.Set<Episode> resetsDone = new java.util.HashSet<>();

    DemoStation(Spec spec, List<Episode> episodes, long seed) {
        this.spec = spec;
        this.episodes = episodes;
        this.random = new Random(seed);
        // a counter that has been running for a while before the demo's first day
        this.good = 1_000 + random.nextInt(9_000);
        this.reject = good / 40;
    }

    Spec spec() {
        return spec;
    }

    /**
     * Moves the station on by {@code step} to {@code now}.
     *
     * @param sessionStart the start of the session {@code now} is in, or null
     * @param scripted     whether today's scripted episodes and random stops apply (not while back-filling past
     *                     days, whose ten-minute steps are too coarse for them)
     * @param duplicates   whether to resend a counter now and then, as a device does after a lost PUBACK
     */
    List<Message> advance(Instant now, Duration step, Phase phase, Instant sessionStart, boolean scripted, boolean duplicates) {
        List<Message> out = new ArrayList<>();
        if (phase == Phase.OUT_OF_SESSION) {
            setState(out, now, "OFF", null);
            return out;
        }
        if (phase == Phase.CURTAILED) {
            setState(out, now, "IDLE", "REGIME_CURTAILMENT");
            out.add(counter(now));          // the counter still reports, with nothing added
            return out;
        }
        Episode episode = scripted ? active(now, sessionStart) : null;
        if (episode != null && episode.counterReset() && resetsDone.add(episode)) {
            good = random.nextInt(3);
            reject = 0;
        }
        Duration intoSession = Duration.between(sessionStart, now);
        if (episode != null && episode.state() != null) {
            setState(out, now, episode.state(), episode.reason());
        } else if (intoSession.compareTo(Duration.ofMinutes(1)) < 0) {
            setState(out, now, "IDLE", "STAFF_SHORTAGE");   // people still arriving from the wings
        } else if (now.isBefore(pauseUntil)) {
            setState(out, now, pauseState, pauseReason);
        } else {
            if (scripted) {
                maybePause(now, step);
            }
            setState(out, now, now.isBefore(pauseUntil) ? pauseState : "RUNNING", now.isBefore(pauseUntil) ? pauseReason : null);
        }
        if ("RUNNING".equals(state)) {
            double quality = episode != null && episode.quality() != null ? episode.quality() : spec.quality();
            double expected = step.toMillis() / 1000.0 / spec.idealCycleSeconds() * spec.performance()
                    * (0.9 + 0.2 * random.nextDouble());
            long units = (long) Math.floor(expected + random.nextDouble());
            long rejects = 0;
            for (long i = 0; i < units && i < 10_000; i++) {
                if (random.nextDouble() > quality) {
                    rejects++;
                }
            }
            good += units - rejects;
            reject += rejects;
        }
        if (duplicates && lastCounter != null && random.nextInt(40) == 0) {
            out.add(lastCounter);
        }
        out.add(counter(now));
        return out;
    }

    /** Short, random stops a workshop really has: changeovers, a wait for material, a quality check. */
    private void maybePause(Instant now, Duration step) {
        double perMinute = 0.012;
        if (random.nextDouble() < perMinute * step.toSeconds() / 60.0) {
            // an idle machine cannot say why it is idle: the instructor gives that reason later, on the tablet
            String[][] kinds = {{"DOWN", "CHANGEOVER"}, {"IDLE", "MATERIAL_SHORTAGE"}, {"IDLE", "QUALITY_CHECK"}, {"IDLE", null},
                    {"IDLE", null}};
            String[] kind = kinds[random.nextInt(kinds.length)];
            pauseState = kind[0];
            pauseReason = kind[1];
            // shorter than the five minutes that make a station "down"
            pauseUntil = now.plusSeconds(90 + random.nextInt(150));
        }
    }

    private Episode active(Instant now, Instant sessionStart) {
        for (Episode e : episodes) {
            Instant from = sessionStart.plus(e.after());
            if (!now.isBefore(from) && now.isBefore(from.plus(e.length()))) {
                return e;
            }
        }
        return null;
    }

    private void setState(List<Message> out, Instant now, String newState, String newReason) {
        if (!newState.equals(state) || !java.util.Objects.equals(newReason, reason)) {
            state = newState;
            reason = newReason;
            out.add(new Message("state", "{\"ts\":\"" + now + "\",\"state\":\"" + state + "\",\"reason\":"
                    + (reason == null ? "null" : "\"" + reason + "\"") + "}"));
        }
    }

    private Message counter(Instant now) {
        seq++;
        lastCounter = new Message("counter", "{\"ts\":\"" + now + "\",\"seq\":" + seq + ",\"good\":" + good
                + ",\"reject\":" + reject + ",\"product\":\"" + spec.product() + "\"}");
        return lastCounter;
    }

    String state() {
        return state;
    }

    long good() {
        return good;
    }

    long reject() {
        return reject;
    }
}
