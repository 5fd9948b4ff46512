package io.workshopmonitor.demo;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.WebClient;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The demo's devices. Configures the demo estate through the HTTP API, back-fills the last six days so
 * history and contracts have a past, then publishes live telemetry over MQTT to the service's endpoint
 * (a real connection per workshop gateway) on the demo clock: counters every 5 demo seconds, state changes,
 * headcounts rising at the start of a session and falling at its end.
 */
public final class DemoSimulator extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(DemoSimulator.class);
    private static final Duration TICK = Duration.ofSeconds(5);
    private static final Duration BACKFILL_STEP = Duration.ofMinutes(10);
    private static final int BACKFILL_DAYS = 6;
    /** How often the instructor of a bench workshop enters tallies: every half hour, and at the session's end. */
    private static final Duration TALLY_EVERY = Duration.ofMinutes(30);
    /** How long after a stop nobody explained the instructor gives its reason on the tablet. */
    private static final Duration EXPLAINED_AFTER = Duration.ofMinutes(4);
    /** What an instructor says an idle machine was waiting for. */
    private static final String[] IDLE_REASONS = {"NO_WORK", "LATE_UNLOCK", "TRAINING", "LOW_ATTENDANCE", "MATERIAL_SHORTAGE"};

    private final int httpPort;
    private final int mqttPort;
    private final String topicPrefix;
    private final DemoClock clock;
    private final String adminToken;
    private final Map<String, List<DemoStation>> stations = new HashMap<>();
    private final Map<String, MqttClient> gateways = new HashMap<>();
    private final Map<String, Integer> headcount = new HashMap<>();
    private final Random random = new Random(42);
    /** Per manual station: the counts last entered as a tally, and when. */
    private final Map<String, long[]> tallied = new HashMap<>();
    private final Map<String, Instant> talliedAt = new HashMap<>();
    /** Per station: when its current stop without a reason began. */
    private final Map<String, Instant> unexplained = new HashMap<>();
    private long pendingCalls;
    private LocalDate today;
    private Instant lastTick;
    private long published;
    private long unacknowledged;
    private WebClient web;

    public DemoSimulator(int httpPort, int mqttPort, String topicPrefix, DemoClock clock, String adminToken) {
        this.adminToken = adminToken;
        this.httpPort = httpPort;
        this.mqttPort = mqttPort;
        this.topicPrefix = topicPrefix;
        this.clock = clock;
        long seed = 1;
        for (DemoScenario.Workshop w : DemoScenario.WORKSHOPS) {
            List<DemoStation> list = new ArrayList<>();
            for (int i = 0; i < w.stations().size(); i++) {
                list.add(new DemoStation(w.stations().get(i), w.episodes().get(i), seed++));
            }
            stations.put(w.key(), list);
        }
    }

    /** The demo estate's time zone. */
    public static java.time.ZoneId zone() {
        return DemoScenario.ZONE;
    }

    /** The working day a demo started on {@code today} shows: today, or at a weekend the Friday before. */
    public static LocalDate demoDay(LocalDate today) {
        return DemoScenario.demoDay(today);
    }

    @Override
    public Future<?> start() {
        today = clock.instant().atZone(DemoScenario.ZONE).toLocalDate();
        web = WebClient.create(vertx);
        return configureWorkshops()
                .compose(ignored -> connectGateways())
                .compose(ignored -> backfill())
                .onSuccess(ignored -> LOG.info("demo: {} workshops in 3 prisons configured, {} readings back-filled",
                        DemoScenario.WORKSHOPS.size(), published));
    }

    /** Contracts and today's closure, then live telemetry; run once alerts are up, so they judge a whole past. */
    public Future<Void> go() {
        Promise<Void> done = Promise.promise();
        context.runOnContext(ignored -> configureContracts()
                .onSuccess(v -> {
                    lastTick = clock.instant().minus(TICK);
                    long periodMs = Math.max(20, (long) (TICK.toMillis() / clock.speed()));
                    // the first readings go at once, so the screens are alive within seconds of the start
                    tick();
                    vertx.setPeriodic(periodMs, id -> tick());
                    LOG.info("demo: devices live; demo clock at {} ({}x real time)",
                            clock.instant().atZone(DemoScenario.ZONE).toLocalDateTime(), clock.speed());
                })
                .onComplete(done));
        return done.future();
    }

    /** Every back-filled reading acknowledged and every tally stored, so durable and in the live figures. */
    private Future<Void> acknowledged() {
        Promise<Void> all = Promise.promise();
        vertx.setPeriodic(100, id -> {
            if (unacknowledged == 0 && pendingCalls == 0) {
                vertx.cancelTimer(id);
                all.tryComplete();
            }
        });
        return all.future();
    }

    @Override
    public Future<?> stop() {
        if (web != null) {
            web.close();
        }
        List<Future<Void>> closing = new ArrayList<>();
        gateways.values().forEach(client -> closing.add(client.disconnect().recover(e -> Future.succeededFuture())));
        return Future.join(closing);
    }

    /** Through the public API, as an administrator would. */
    private Future<Void> configureWorkshops() {
        Future<Void> chain = Future.succeededFuture();
        for (DemoScenario.Workshop w : DemoScenario.WORKSHOPS) {
            chain = chain.compose(ignored -> call(web.put(httpPort, "localhost", "/api/v1/workshops/" + w.key())
                    .bearerTokenAuthentication(adminToken).sendJsonObject(DemoScenario.workshopBody(w)), "workshop " + w.key()));
            DemoScenario.Costs costs = DemoScenario.COSTS.get(w.key());
            if (costs != null) {
                String month = today.toString().substring(0, 7);
                chain = chain.compose(ignored -> call(web.put(httpPort, "localhost", "/api/v1/prisons/" + w.prison() + "/products/"
                                + costs.product()).bearerTokenAuthentication(adminToken).sendJsonObject(DemoScenario.productBody(costs)),
                        "product " + costs.product()))
                        .compose(ignored -> call(web.put(httpPort, "localhost", "/api/v1/workshops/" + w.key() + "/costing")
                                .bearerTokenAuthentication(adminToken).sendJsonObject(DemoScenario.costingBody(w, costs)),
                                "costing of " + w.key()))
                        .compose(ignored -> call(web.put(httpPort, "localhost", "/api/v1/workshops/" + w.key() + "/budgets/" + month)
                                .bearerTokenAuthentication(adminToken).sendJsonObject(DemoScenario.budgetBody(w, costs)),
                                "budget of " + w.key()));
            }
        }
        return chain;
    }

    private Future<Void> configureContracts() {
        Future<Void> chain = Future.succeededFuture();
        for (DemoScenario.Contract c : DemoScenario.CONTRACTS) {
            chain = chain.compose(ignored -> call(web.put(httpPort, "localhost", "/api/v1/contracts/" + c.id())
                    .bearerTokenAuthentication(adminToken).sendJsonObject(DemoScenario.contractBody(c, today)), "contract " + c.id()));
        }
        return chain.compose(ignored -> call(web.post(httpPort, "localhost", "/api/v1/workshops/" + DemoScenario.CURTAILED + "/closures")
                .bearerTokenAuthentication(adminToken).sendJsonObject(DemoScenario.closureBody(today)), "closure"));
    }

    private static Future<Void> call(Future<io.vertx.ext.web.client.HttpResponse<Buffer>> response, String what) {
        return response.compose(r -> r.statusCode() / 100 == 2 ? Future.succeededFuture()
                : Future.failedFuture("demo: could not create " + what + ": HTTP " + r.statusCode() + " " + r.bodyAsString()));
    }

    /** Each gateway gets its own credentials through the API, as a real device would be enrolled. */
    private Future<Void> connectGateways() {
        List<Future<?>> connecting = new ArrayList<>();
        for (DemoScenario.Workshop w : DemoScenario.WORKSHOPS) {
            connecting.add(web.post(httpPort, "localhost", "/api/v1/workshops/" + w.key() + "/devices")
                    .bearerTokenAuthentication(adminToken).sendJsonObject(new io.vertx.core.json.JsonObject().put("id", "gateway"))
                    .compose(r -> r.statusCode() == 201 ? Future.succeededFuture(r.bodyAsJsonObject())
                            : Future.failedFuture("demo: no credentials for " + w.key() + ": HTTP " + r.statusCode() + " " + r.bodyAsString()))
                    .compose(credentials -> {
                        MqttClient client = MqttClient.create(vertx, new MqttClientOptions()
                                .setClientId("demo-gateway-" + w.prison().toLowerCase() + "-" + w.slug())
                                .setUsername(credentials.getString("username")).setPassword(credentials.getString("password"))
                                .setMaxInflightQueue(50_000).setAutoKeepAlive(true));
                        // PUBACK comes once a reading is durable: counting them tells when the back-fill is all in
                        client.publishCompletionHandler(packetId -> unacknowledged--);
                        gateways.put(w.key(), client);
                        return client.connect(mqttPort, "localhost");
                    }));
        }
        return Future.all(connecting).mapEmpty();
    }

    /**
     * The last six working days, both sessions, a reading every ten minutes: coarse, but history and contracts
     * get a past. A day at a time, each acknowledged before the next, as a device keeps within the service's
     * in-flight limit. Weekends have no sessions, so nothing to send.
     */
    private Future<Void> backfill() {
        List<LocalDate> days = new ArrayList<>();
        for (LocalDate date = today.minusDays(1); days.size() < BACKFILL_DAYS; date = date.minusDays(1)) {
            if (DemoScenario.workingDay(date)) {
                days.add(0, date);
            }
        }
        Future<Void> chain = Future.succeededFuture();
        for (LocalDate date : days) {
            chain = chain.compose(ignored -> {
                backfillDay(date);
                return acknowledged();
            });
        }
        return chain.compose(ignored -> {
            backfillToday();
            return acknowledged();
        });
    }

    /** A demo that starts inside a session has worked it so far: the minutes up to the start, a minute at a time. */
    private void backfillToday() {
        Instant now = clock.instant();
        DemoScenario.sessionStart(now).ifPresent(start -> {
            Duration minute = Duration.ofMinutes(1);
            for (Instant at = start.plus(minute); at.isBefore(now); at = at.plus(minute)) {
                step(at, minute, start, DemoStation.Phase.IN_SESSION, false, MqttQoS.AT_LEAST_ONCE);
            }
        });
    }

    private void backfillDay(LocalDate date) {
        for (LocalTime[] session : new LocalTime[][]{{DemoScenario.AM_START, DemoScenario.AM_END},
                {DemoScenario.PM_START, DemoScenario.pmEnd(date)}}) {
            Instant start = date.atTime(session[0]).atZone(DemoScenario.ZONE).toInstant();
            Instant end = date.atTime(session[1]).atZone(DemoScenario.ZONE).toInstant();
            for (Instant at = start.plus(BACKFILL_STEP); !at.isAfter(end); at = at.plus(BACKFILL_STEP)) {
                step(at, BACKFILL_STEP, start, DemoStation.Phase.IN_SESSION, false, MqttQoS.AT_LEAST_ONCE);
            }
            step(end.plusSeconds(1), BACKFILL_STEP, null, DemoStation.Phase.OUT_OF_SESSION, false, MqttQoS.AT_LEAST_ONCE);
        }
    }

    private void tick() {
        Instant now = clock.instant();
        Duration step = Duration.between(lastTick, now);
        lastTick = now;
        Instant sessionStart = DemoScenario.sessionStart(now).orElse(null);
        for (DemoScenario.Workshop w : DemoScenario.WORKSHOPS) {
            DemoStation.Phase phase = sessionStart == null ? DemoStation.Phase.OUT_OF_SESSION
                    : DemoScenario.curtailed(w, now, today) ? DemoStation.Phase.CURTAILED : DemoStation.Phase.IN_SESSION;
            publishWorkshop(w, now, step, sessionStart, phase, true, MqttQoS.AT_LEAST_ONCE);
        }
    }

    private void step(Instant at, Duration step, Instant sessionStart, DemoStation.Phase phase, boolean live, MqttQoS qos) {
        for (DemoScenario.Workshop w : DemoScenario.WORKSHOPS) {
            publishWorkshop(w, at, step, sessionStart, phase, live, qos);
        }
    }

    private void publishWorkshop(DemoScenario.Workshop w, Instant now, Duration step, Instant sessionStart,
                                 DemoStation.Phase phase, boolean live, MqttQoS qos) {
        MqttClient gateway = gateways.get(w.key());
        String base = topicPrefix + "/" + w.key() + "/";
        for (DemoStation station : stations.get(w.key())) {
            List<DemoStation.Message> messages = station.advance(now, step, phase, sessionStart, live, live);
            if (w.manual()) {
                // a bench has no counter or sensor: what it made reaches the service as the instructor's tallies
                tally(w, station, now, sessionStart != null);
                continue;
            }
            for (DemoStation.Message m : messages) {
                publish(gateway, base + station.spec().id() + "/" + m.kind(), m.payload(), qos);
                if (live && m.kind().equals("state")) {
                    explainLater(w, station, new io.vertx.core.json.JsonObject(m.payload()));
                }
            }
        }
        int present = headcount(w, now, sessionStart, phase);
        Integer before = headcount.put(w.key(), present);
        if (before == null || before != present || !live) {
            publish(gateway, base + "attendance", "{\"ts\":\"" + now + "\",\"present\":" + present + "}", qos);
        }
    }

    /**
     * The instructor of a bench workshop counts what each bench made and enters it every half hour of a session,
     * and whatever is left when the session ends.
     */
    private void tally(DemoScenario.Workshop w, DemoStation station, Instant now, boolean inSession) {
        String key = w.key() + "/" + station.spec().id();
        long[] last = tallied.computeIfAbsent(key, k -> new long[]{station.good(), station.reject()});
        Instant since = talliedAt.computeIfAbsent(key, k -> now);
        long good = station.good() - last[0];
        long reject = station.reject() - last[1];
        boolean due = !inSession || Duration.between(since, now).compareTo(TALLY_EVERY) >= 0;
        if (!due || good + reject <= 0 || !now.isAfter(since)) {
            if (!inSession) {
                talliedAt.put(key, now);
            }
            return;
        }
        // what is left at the end of a session is entered as made by its end, so it counts to that session
        Instant to = inSession ? now : DemoScenario.lastSessionEnd(now).filter(end -> end.isAfter(since)).orElse(now);
        // a tally covers at most a day: after a night, the first one covers the last half hour
        Instant from = Duration.between(since, to).compareTo(Duration.ofHours(12)) > 0 ? to.minus(TALLY_EVERY) : since;
        last[0] = station.good();
        last[1] = station.reject();
        talliedAt.put(key, now);
        pendingCalls++;
        call(web.post(httpPort, "localhost", "/api/v1/workshops/" + w.key() + "/stations/" + station.spec().id() + "/tallies")
                .bearerTokenAuthentication(adminToken).sendJsonObject(new io.vertx.core.json.JsonObject()
                        .put("from", from.toString()).put("to", to.toString()).put("good", good).put("reject", reject)
                        .put("product", station.spec().product())), "tally for " + key)
                .onComplete(ignored -> pendingCalls--)
                .onFailure(e -> LOG.warn("{}", e.getMessage()));
    }

    /**
     * A machine that stops without a reason (it cannot know why it is idle) gets one from the instructor on the
     * tablet a few minutes after it runs again, as the stop list asks them to.
     */
    private void explainLater(DemoScenario.Workshop w, DemoStation station, io.vertx.core.json.JsonObject report) {
        String key = w.key() + "/" + station.spec().id();
        String state = report.getString("state");
        if (("IDLE".equals(state) || "DOWN".equals(state)) && report.getValue("reason") == null) {
            unexplained.putIfAbsent(key, Instant.parse(report.getString("ts")));
            return;
        }
        Instant started = unexplained.remove(key);
        if (started == null || !"RUNNING".equals(state)) {
            return;
        }
        String reason = IDLE_REASONS[random.nextInt(IDLE_REASONS.length)];
        long delayMs = Math.max(1, (long) (EXPLAINED_AFTER.toMillis() / clock.speed()));
        vertx.setTimer(delayMs, id -> call(web.put(httpPort, "localhost", "/api/v1/workshops/" + w.key() + "/stops/"
                        + station.spec().id() + "/" + started).bearerTokenAuthentication(adminToken)
                        .sendJsonObject(new io.vertx.core.json.JsonObject().put("reason", reason)), "stop reason for " + key)
                .onFailure(e -> LOG.warn("{}", e.getMessage())));
    }

    /** People arrive over the first ten minutes, one is called away now and then and comes back, all leave at the end. */
    private int headcount(DemoScenario.Workshop w, Instant now, Instant sessionStart, DemoStation.Phase phase) {
        if (phase != DemoStation.Phase.IN_SESSION || sessionStart == null) {
            return 0;
        }
        long minutesIn = Duration.between(sessionStart, now).toMinutes();
        int arrived = (int) Math.min(w.crew(), Math.round(w.crew() * (minutesIn + 1) / 10.0));
        if (arrived < w.crew()) {
            return arrived;
        }
        int before = headcount.getOrDefault(w.key(), 0);
        if (before < w.crew()) {
            return random.nextInt(30) == 0 || before < w.crew() - 2 ? before + 1 : before;   // back from a visit
        }
        return random.nextInt(200) == 0 ? w.crew() - 1 : w.crew();                     // called to healthcare
    }

    private void publish(MqttClient gateway, String topic, String payload, MqttQoS qos) {
        published++;
        if (qos == MqttQoS.AT_LEAST_ONCE) {
            unacknowledged++;
        }
        gateway.publish(topic, Buffer.buffer(payload), qos, false, false)
                .onFailure(e -> LOG.warn("demo: publish to {} failed: {}", topic, e.toString()));
    }
}
