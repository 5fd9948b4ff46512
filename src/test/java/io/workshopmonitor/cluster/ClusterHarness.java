package io.workshopmonitor.cluster;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.workshopmonitor.support.FeedClient;
import io.workshopmonitor.support.Http;
import io.workshopmonitor.support.RunningService;
import io.workshopmonitor.support.ServiceProcess;
import io.workshopmonitor.support.TestDatabase;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A cluster of service instances, each a child JVM as in production, on one Kafka broker and one PostgreSQL,
 * with the checks every cluster test makes: who owns what, and whether the database and every instance's figures
 * hold exactly what the devices had acknowledged.
 */
final class ClusterHarness implements AutoCloseable {

    final String name;
    final TestDatabase db;
    final Map<String, Map<String, String>> envs = new LinkedHashMap<>();
    final Map<String, ServiceProcess> running = new LinkedHashMap<>();
    private final Path dir;
    private final Path logs;

    ClusterHarness(String name, Path dir, String kafka, int instances, Map<String, String> extra) {
        this.name = name;
        this.dir = dir;
        this.db = TestDatabase.create();
        // the instances' logs outlive the test's temporary directory, for whoever reads a failure afterwards
        this.logs = Path.of("target", "it-logs", name);
        try {
            if (Files.isDirectory(logs)) {
                try (var old = Files.list(logs)) {
                    for (Path file : old.toList()) {
                        Files.delete(file);
                    }
                }
            }
            Files.createDirectories(logs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (int i = 0; i < instances; i++) {
            String id = name + "-" + (char) ('a' + i);
            Map<String, String> overrides = new HashMap<>(Map.of(
                    "WM_DATABASE_URL", db.url(),
                    "WM_KAFKA_BOOTSTRAP_SERVERS", kafka,
                    "WM_KAFKA_PARTITIONS", "6",
                    "WM_CLUSTER_NAME", name,
                    "WM_CLUSTER_INSTANCE_ID", id));
            overrides.putAll(extra);
            envs.put(id, RunningService.env(dir.resolve(id), overrides));
        }
    }

    void startAll() throws Exception {
        for (String id : envs.keySet()) {
            start(id);
        }
    }

    ServiceProcess start(String id) throws Exception {
        ServiceProcess process = ServiceProcess.start(envs.get(id), logs.resolve(id + ".log"));
        running.put(id, process);
        return process;
    }

    void stop(String id) throws InterruptedException {
        running.remove(id).close();
    }

    void kill(String id) throws InterruptedException {
        running.remove(id).kill();
    }

    ServiceProcess any() {
        return running.values().iterator().next();
    }

    Http http(String id) {
        return running.get(id).http;
    }

    List<String> mqttUris() {
        return envs.values().stream().map(env -> "tcp://localhost:" + env.get("WM_MQTT_PORT")).toList();
    }

    FeedClient feed(String id) {
        Map<String, String> env = envs.get(id);
        return new FeedClient(Integer.parseInt(env.get("WM_HTTP_PORT")), RunningService.adminToken(env));
    }

    /** Workshops MDI/line-0 … each with one station, counted in a 15-minute window, no sessions. */
    void configure(int workshops) {
        for (int w = 0; w < workshops; w++) {
            JsonObject body = new JsonObject().put("name", "Line " + w).put("kind", "contract-packing")
                    .put("stations", new JsonArray().add(new JsonObject().put("id", "s").put("name", "S")
                            .put("idealCycleSeconds", 1)))
                    .put("schedule", new JsonObject().put("timezone", "Europe/London").put("sessions", new JsonArray()));
            Http.Response response = any().http.put("/api/v1/workshops/MDI/line-" + w, body.encode());
            assertThat(response.status()).as(response.body()).isIn(200, 201);
        }
    }

    /** Waits until every running instance is in the cluster and every workshop has exactly one owner. */
    Map<String, Set<String>> awaitOwnership(int workshops, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        Map<String, Set<String>> owners = Map.of();
        while (Instant.now().isBefore(deadline)) {
            owners = owners(any().http);
            Set<String> all = new TreeSet<>();
            int total = 0;
            for (Set<String> owned : owners.values()) {
                all.addAll(owned);
                total += owned.size();
            }
            if (owners.keySet().equals(running.keySet()) && all.size() == workshops && total == workshops) {
                return owners;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("workshops not owned once each within " + timeout + ": " + owners);
    }

    static Map<String, Set<String>> owners(Http http) {
        Http.Response response = http.get("/api/v1/cluster");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        Map<String, Set<String>> owners = new LinkedHashMap<>();
        for (Object entry : response.json().getJsonArray("instances")) {
            JsonObject instance = (JsonObject) entry;
            Set<String> owned = new TreeSet<>();
            instance.getJsonArray("owned").forEach(key -> owned.add((String) key));
            owners.put(instance.getString("id"), owned);
        }
        return owners;
    }

    /**
     * Every acknowledged reading is stored exactly once (the unique index on station, ts and seq makes a resend a
     * duplicate), none is counted twice, the workshop's units are exactly what its counter went up by, and every
     * running instance shows that in its live figures. A reading may be stored as LATE, counting nothing, when a
     * later one of its device reached the owner first (its device moved instances while Kafka held the old
     * instance's sends back): its units are in the later cumulative count, as the counter semantics say.
     */
    void assertExact(int workshop, Set<Long> acked) throws InterruptedException {
        String where = "prison = 'MDI' AND workshop = 'line-" + workshop + "' AND station = 's'";
        Set<Long> stored = awaitStored(where, acked, Duration.ofSeconds(60));
        assertThat(db.count("SELECT count(*) FROM counter_readings WHERE " + where)).as("line-%d: each reading stored once",
                workshop).isEqualTo(stored.size());
        assertThat(stored).as("line-%d: every acknowledged reading stored", workshop).containsAll(acked);
        long counted = db.count("SELECT count(*) FROM counter_readings WHERE " + where + " AND outcome <> 'LATE'");
        Set<Long> countedSeqs = db.longs("SELECT seq FROM counter_readings WHERE " + where + " AND outcome <> 'LATE'");
        assertThat(counted).as("line-%d: no reading counted twice", workshop).isEqualTo(countedSeqs.size());
        long last = countedSeqs.stream().mapToLong(Long::longValue).max().orElseThrow();
        long units = db.count("SELECT coalesce(sum(good_delta), 0) FROM counter_readings WHERE " + where);
        // good = seq and the first reading is the baseline: the counter went up by last - 1
        assertThat(units).as("line-%d: units are what the counter went up by", workshop).isEqualTo(last - 1);
        long rolled = db.count("SELECT coalesce(sum(good), 0) FROM workshop_minutes WHERE prison = 'MDI' AND workshop = 'line-"
                + workshop + "'");
        assertThat(rolled).as("line-%d: the per-minute roll-up agrees", workshop).isEqualTo(units);
        for (Map.Entry<String, ServiceProcess> instance : running.entrySet()) {
            awaitWindowGood(instance.getValue().http, workshop, units, instance.getKey());
        }
    }

    /**
     * In cluster mode an acknowledgement means Kafka holds the reading; the owner stores it when it consumes it, so
     * the database may trail the acknowledgements by the consumer lag (seconds after a failover's rebalance). Waits
     * for the lag to drain, and returns what is stored once it holds every acknowledged reading or the time is up.
     */
    private Set<Long> awaitStored(String where, Set<Long> acked, Duration timeout) throws InterruptedException {
        Instant start = Instant.now();
        Instant deadline = start.plus(timeout);
        Set<Long> stored = db.longs("SELECT seq FROM counter_readings WHERE " + where);
        while (!stored.containsAll(acked) && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
            stored = db.longs("SELECT seq FROM counter_readings WHERE " + where);
        }
        long waited = Duration.between(start, Instant.now()).toMillis();
        if (waited > 1_000) {
            System.out.println("store caught up with the acknowledgements for " + where + " after " + waited + " ms");
        }
        return stored;
    }

    private static void awaitWindowGood(Http http, int workshop, long expected, String instance) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        long shown = -1;
        while (Instant.now().isBefore(deadline)) {
            Http.Response kpis = http.get("/api/v1/workshops/MDI/line-" + workshop + "/kpis");
            if (kpis.status() == 200) {
                shown = kpis.json().getJsonObject("window").getLong("good");
                if (shown == expected) {
                    return;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError(instance + " shows " + shown + " units for line-" + workshop + ", the store holds " + expected);
    }

    static List<Integer> workshops(int count) {
        List<Integer> list = new ArrayList<>();
        for (int w = 0; w < count; w++) {
            list.add(w);
        }
        return list;
    }

    @Override
    public void close() throws InterruptedException {
        for (ServiceProcess process : running.values()) {
            process.close();
        }
        running.clear();
    }
}
