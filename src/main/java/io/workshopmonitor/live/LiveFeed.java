package io.workshopmonitor.live;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.workshopmonitor.alert.AlertBoard;
import io.workshopmonitor.alert.AlertJson;
import io.workshopmonitor.alert.AlertVerticle;
import io.workshopmonitor.domain.Caller;
import io.workshopmonitor.domain.Identifiers;
import io.workshopmonitor.security.Tokens;
import io.workshopmonitor.domain.WorkshopKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The WebSocket live feed at {@code /api/v1/live}. A client subscribes to workshop keys or {@code PRISON/*},
 * gets a snapshot of each at once, then a {@code kpi} message when a workshop's figures change, at most once
 * a second per workshop: always the newest figures, never a backlog; and an {@code alert} message at once when
 * an alert of a subscribed workshop opens, is acknowledged or resolves. A client whose socket stays full is
 * dropped, so a reader that stops reading cannot grow the service's memory.
 */
public final class LiveFeed {

    private static final Logger LOG = LoggerFactory.getLogger(LiveFeed.class);
    /** A workshop's figures go out at most once a second, in its own slot of the second: see {@link #tick()}. */
    static final int SLOTS = 10;
    static final long TICK_MS = 1_000 / SLOTS;
    /** The least time between two turns of one workshop to one client, in the feed's schedule: a second, less a tick. */
    static final long MIN_GAP_MS = 1_000 - TICK_MS;
    /** The least wall-clock time between two messages of one workshop to one client, whatever the schedule did. */
    static final long MIN_WALL_GAP_MS = 500;
    /** Time moves figures too (the window slides, the session runs on): resend this often even without readings. */
    static final long REFRESH_MS = 30_000;
    static final int WRITE_QUEUE_BYTES = 256 * 1024;
    static final long DROP_AFTER_MS = 5_000;
    private static final int MAX_SUBSCRIPTIONS = 1_000;
    static final long TOKEN_WITHIN_MS = 10_000;
    public static final int MAX_MESSAGE_BYTES = 64 * 1024;

    private final Vertx vertx;
    private final FiguresView view;
    private final AlertBoard alerts;
    private final Tokens tokens;
    private final MessageConsumer<JsonObject> alertConsumer;
    private final Set<Client> clients = ConcurrentHashMap.newKeySet();
    private final Counter dropped;
    private final long timer;
    private long ticks;
    /** When the schedule began: see {@link #turnAt(long)}. */
    private final long scheduleStart = System.currentTimeMillis();

    public LiveFeed(Vertx vertx, FiguresView view, AlertBoard alerts, Tokens tokens, MeterRegistry registry) {
        this.vertx = vertx;
        this.tokens = tokens;
        this.view = view;
        this.alerts = alerts;
        // alerts go out at once, not on the tick: an instructor must hear of a stopped machine now
        this.alertConsumer = vertx.eventBus().<JsonObject>localConsumer(AlertVerticle.CHANGED, message -> alert(message.body()));
        Gauge.builder("live_feed_clients", clients, Set::size)
                .description("WebSocket live-feed clients connected").register(registry);
        this.dropped = Counter.builder("live_feed_dropped_clients")
                .description("Live-feed clients dropped for not reading").register(registry);
        this.timer = vertx.setPeriodic(TICK_MS, id -> tick());
    }

    public void upgrade(RoutingContext ctx) {
        ctx.request().toWebSocket()
                .onSuccess(this::accept)
                .onFailure(e -> LOG.debug("live feed upgrade refused: {}", e.toString()));
    }

    public int clients() {
        return clients.size();
    }

    public void close() {
        vertx.cancelTimer(timer);
        alertConsumer.unregister();
        clients.forEach(c -> c.socket.close());
    }

    private void accept(ServerWebSocket socket) {
        Client client = new Client(socket);
        socket.setWriteQueueMaxSize(WRITE_QUEUE_BYTES);
        socket.textMessageHandler(client::received);
        socket.drainHandler(ignored -> client.behindSince = 0);
        socket.closeHandler(ignored -> clients.remove(client));
        socket.exceptionHandler(e -> LOG.debug("live feed client: {}", e.toString()));
        clients.add(client);
        vertx.setTimer(TOKEN_WITHIN_MS, id -> {
            if (client.caller == null && !socket.isClosed()) {
                client.refuse("no token within " + TOKEN_WITHIN_MS / 1000 + " s");
            }
        });
    }

    /**
     * Each workshop has its turn once a second, in one of {@link #SLOTS} slots spread over the second, so the feed
     * writes a tenth of its figures every 100 ms instead of all of them at once: with hundreds of screens watching a
     * prison, a once-a-second burst of every workshop to every screen queued the last of them, and everything else
     * on this event loop, behind the first. Figures are built once per workshop per turn, however many want them.
     */
    private void tick() {
        // the time this turn was due, not when the timer ran: the gap between two turns of a workshop is judged on
        // the schedule, so a timer run late by more than a tick (a busy event loop on two cores) no longer costs the
        // workshop's next turn, which left every screen of it 2 s behind (bench/screens.sh, 10,000 clients)
        long turnAt = turnAt(ticks);
        int slot = (int) (ticks++ % SLOTS);
        if (clients.isEmpty()) {
            return;
        }
        long now = System.currentTimeMillis();
        List<FiguresView.Snapshot> due = new java.util.ArrayList<>();
        for (FiguresView.Snapshot workshop : view.all()) {
            if (slotOf(workshop.key()) == slot) {
                due.add(workshop);
            }
        }
        Map<WorkshopKey, String> built = new HashMap<>();
        for (Client client : clients) {
            // a socket can close between its close and our close handler: drop it here rather than write to it
            if (client.socket.isClosed()) {
                clients.remove(client);
                continue;
            }
            // expiry and revocation are checked here, once a second, rather than by a timer per socket: 10,000 wall
            // screens would otherwise keep 10,000 timers for the life of their tokens
            if (slot == 0 && now >= client.expiresAt) {
                client.close((short) 1008, "the token has expired: send {\"token\": \"...\"} with a new one before it does");
                continue;
            }
            if (slot == 0 && client.revoked()) {
                client.close((short) 1008, "the token was revoked: sign in again for a new one");
                continue;
            }
            client.send(now, turnAt, due, built);
        }
    }

    /**
     * Whether a workshop's turn (due at {@code turnAt} in the schedule, run at {@code now}) sends its figures, at
     * {@code version}, to a client that was last sent {@code last} (null: never). A timer late after a pause catches up
     * with turns in quick succession: never two in one turn's time, nor two within half a second however long the
     * pause; unchanged figures go again only every {@link #REFRESH_MS}.
     */
    static boolean due(Sent last, long version, long turnAt, long now) {
        if (last == null) {
            return true;
        }
        long since = turnAt - last.turnAt;
        if (since < MIN_GAP_MS || now - last.sentAt < MIN_WALL_GAP_MS) {
            return false;
        }
        return last.version != version || since >= REFRESH_MS;
    }

    /** When turn {@code tick} of the schedule was due (epoch ms). */
    private long turnAt(long tick) {
        return scheduleStart + tick * TICK_MS;
    }

    static int slotOf(WorkshopKey key) {
        return Math.floorMod(key.hashCode(), SLOTS);
    }

    private void alert(JsonObject rendered) {
        WorkshopKey key = WorkshopKey.parse(rendered.getString("workshop")).orElse(null);
        if (key == null) {
            return;
        }
        String message = AlertJson.liveMessage(rendered);
        for (Client client : clients) {
            if (client.wants(key) && !client.socket.isClosed()) {
                client.socket.writeTextMessage(message);
            }
        }
    }

    /** Text frames: browsers and most clients expect JSON as text, not binary. */
    private static String message(String type, FiguresView.Snapshot workshop) {
        return new JsonObject().put("type", type).mergeIn(FiguresJson.workshop(workshop.figures())).encode();
    }

    private final class Client {
        final ServerWebSocket socket;
        // 10,000 wall screens each hold this for hours: one map of what was sent, and the collections a screen
        // of one workshop never fills (prisons, frames waiting for a token's check) made only when first needed
        final Set<WorkshopKey> keys = new HashSet<>(2);
        Set<String> prisons = Set.of();
        final Map<WorkshopKey, Sent> sent = new HashMap<>(2);
        List<String> waiting = List.of();
        Caller caller;
        Tokens.Verified verified;
        /** When the socket's token expires (epoch ms): {@link #tick()} closes the socket then. */
        long expiresAt = Long.MAX_VALUE;
        boolean verifying;
        long behindSince;

        Client(ServerWebSocket socket) {
            this.socket = socket;
        }

        /**
         * The first frame must carry a valid token; frames that come while it is checked wait for it. A later
         * frame with a token renews the socket's: the socket then lives until the new token expires.
         */
        void received(String text) {
            if (text.length() > MAX_MESSAGE_BYTES) {
                close((short) 1009, "a live-feed message may be at most 64 KiB");
                return;
            }
            if (verifying) {
                if (waiting.isEmpty()) {
                    waiting = new java.util.ArrayList<>(2);
                }
                if (waiting.size() < 16) {
                    waiting.add(text);
                }
                return;
            }
            Object token;
            try {
                token = new JsonObject(text).getValue("token");
            } catch (DecodeException e) {
                token = null;
            }
            if (caller != null && token == null) {
                subscribe(text);
                return;
            }
            verifying = true;
            boolean renewal = caller != null;
            tokens.verified(token instanceof String t ? t : null)
                    .onSuccess(verified -> {
                        verifying = false;
                        if (renewal && !verified.caller().user().equals(caller.user())) {
                            close((short) 1008, "a socket stays with the person who opened it: open a new one");
                            return;
                        }
                        boolean subscribes = new JsonObject(text).containsKey("subscribe");
                        // a frame with only a token is a renewal, always answered; one with subscriptions only when
                        // the expiry moved, since the dashboard sends its token with every subscription
                        signedIn(verified, !subscribes);
                        if (subscribes) {
                            subscribe(text);
                        }
                        List<String> held = waiting;
                        waiting = List.of();
                        held.forEach(this::received);
                    })
                    .onFailure(e -> refuse(e.getMessage()));
        }

        /**
         * The socket now runs on this token: it closes when the token expires, and a token of fewer prisons (a
         * role or posting changed) drops the subscriptions it no longer allows.
         */
        private void signedIn(Tokens.Verified now, boolean announce) {
            boolean newExpiry = announce || verified == null || !verified.expires().equals(now.expires());
            verified = now;
            caller = now.caller();
            keys.removeIf(key -> !caller.sees(key.prison()));
            if (!prisons.isEmpty()) {
                prisons.removeIf(prison -> !caller.sees(prison));
            }
            sent.keySet().removeIf(key -> !wants(key));
            expiresAt = now.expires().map(java.time.Instant::toEpochMilli).orElse(Long.MAX_VALUE);
            now.expires().ifPresent(expires -> {
                if (newExpiry) {
                    socket.writeTextMessage(new JsonObject().put("type", "token").put("expires", expires.toString()).encode());
                }
            });
        }

        /** A revoked token ends the socket as it ends every call. */
        boolean revoked() {
            return verified != null && tokens.revocations().revokes(caller.user(), verified.issuedAt().orElse(null));
        }

        void close(short code, String reason) {
            clients.remove(this);
            socket.close(code, reason.length() > 120 ? reason.substring(0, 120) : reason);
        }

        void refuse(String why) {
            close((short) 1008, caller == null ? "send {\"token\": \"...\", \"subscribe\": [...]} first: " + why : why);
        }

        private void subscribe(String text) {
            JsonArray subscribe;
            try {
                Object value = new JsonObject(text).getValue("subscribe");
                if (!(value instanceof JsonArray array) || array.isEmpty() || array.size() > MAX_SUBSCRIPTIONS) {
                    throw new DecodeException("no subscribe list");
                }
                subscribe = array;
            } catch (DecodeException | ClassCastException e) {
                error("send {\"subscribe\": [\"MDI/textiles-1\", \"LPI/*\"]}: workshop keys or PRISON/*");
                return;
            }
            Set<WorkshopKey> newKeys = new HashSet<>();
            Set<String> newPrisons = new HashSet<>();
            for (Object entry : subscribe) {
                String pattern = entry instanceof String s ? s : "";
                Optional<WorkshopKey> key = WorkshopKey.parse(pattern);
                String prison = pattern.endsWith("/*") ? pattern.substring(0, pattern.length() - 2) : "";
                if (key.isPresent() && caller.sees(key.get().prison())) {
                    newKeys.add(key.get());
                } else if (Identifiers.isPrison(prison) && caller.sees(prison)) {
                    newPrisons.add(prison);
                } else if (key.isPresent() || Identifiers.isPrison(prison)) {
                    // another prison's workshops are not there, as far as this caller can tell
                    error("no workshop '" + pattern + "'");
                    return;
                } else {
                    error("'" + pattern + "' is not a workshop key (MDI/textiles-1) or a prison's workshops (MDI/*)");
                    return;
                }
            }
            keys.addAll(newKeys);
            if (!newPrisons.isEmpty()) {
                Set<String> more = new HashSet<>(prisons);
                more.addAll(newPrisons);
                prisons = more;
            }
            long now = System.currentTimeMillis();
            for (FiguresView.Snapshot workshop : view.all()) {
                WorkshopKey key = workshop.key();
                if ((newKeys.contains(key) || newPrisons.contains(key.prison())) && !sent.containsKey(key)) {
                    long version = workshop.version();
                    socket.writeTextMessage(message("snapshot", workshop));
                    // its turn in the schedule is the latest one, so the next kpi waits a second of the schedule
                    sent.put(key, new Sent(version, turnAt(ticks - 1), now));
                    // then what is open there, so a new screen shows the alerts that are already up
                    alerts.active(key).forEach(a -> socket.writeTextMessage(AlertJson.liveMessage(AlertJson.render(a))));
                }
            }
        }

        boolean wants(WorkshopKey key) {
            return keys.contains(key) || prisons.contains(key.prison());
        }

        void send(long now, long turnAt, List<FiguresView.Snapshot> due, Map<WorkshopKey, String> built) {
            for (FiguresView.Snapshot workshop : due) {
                WorkshopKey key = workshop.key();
                if (!wants(key)) {
                    continue;
                }
                long version = workshop.version();
                Sent last = sent.get(key);
                if (!due(last, version, turnAt, now)) {
                    continue;
                }
                if (socket.writeQueueFull()) {
                    behind(now);
                    return;
                }
                socket.writeTextMessage(built.computeIfAbsent(key, k -> message("kpi", workshop)));
                if (last == null) {
                    sent.put(key, new Sent(version, turnAt, now));
                } else {
                    last.version = version;
                    last.turnAt = turnAt;
                    last.sentAt = now;
                }
            }
        }

        private void behind(long now) {
            if (behindSince == 0) {
                behindSince = now;
            } else if (now - behindSince > DROP_AFTER_MS) {
                LOG.info("dropping a live-feed client that has not read for {} ms", now - behindSince);
                dropped.increment();
                close((short) 1008, "too slow: reconnect and read faster");
            }
        }

        private void error(String detail) {
            socket.writeTextMessage(new JsonObject().put("type", "error").put("detail", detail).encode());
        }
    }

    /**
     * The version of a workshop's figures a client was sent last, the turn of the schedule it went in and when it
     * really went (epoch ms): updated in place, every second.
     */
    static final class Sent {
        long version;
        long turnAt;
        long sentAt;

        Sent(long version, long turnAt, long sentAt) {
            this.version = version;
            this.turnAt = turnAt;
            this.sentAt = sentAt;
        }
    }
}
