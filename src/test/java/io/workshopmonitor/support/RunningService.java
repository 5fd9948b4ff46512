package io.workshopmonitor.support;

import io.vertx.core.json.JsonObject;
import io.workshopmonitor.Application;
import io.workshopmonitor.config.ConfigLoader;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The whole service started inside the test JVM, configured through the same WM_* variables as in production. */
public final class RunningService implements AutoCloseable {

    private final Application app;
    private final Map<String, String> env;
    public final Http http;
    public final Http management;

    private RunningService(Application app, Map<String, String> env) {
        this.app = app;
        this.env = env;
        this.http = new Http("http://localhost:" + env.get("WM_HTTP_PORT"), () -> adminToken(env));
        this.management = new Http("http://localhost:" + env.get("WM_MANAGEMENT_PORT"));
    }

    /** Free ports, the given data directory, and any overrides (WM_DATABASE_URL, WM_MQTT_BROKER_URL…). */
    public static Map<String, String> env(Path dataDir, Map<String, String> overrides) {
        Map<String, String> env = new HashMap<>();
        env.put("WM_DATA_DIR", dataDir.toString());
        env.put("WM_HTTP_PORT", String.valueOf(Ports.free()));
        env.put("WM_MQTT_PORT", String.valueOf(Ports.free()));
        env.put("WM_MANAGEMENT_PORT", String.valueOf(Ports.free()));
        // tests of other things publish as anonymous lab devices; the security tests set it back to false
        env.put("WM_MQTT_ALLOW_ANONYMOUS", "true");
        env.putAll(overrides);
        return env;
    }

    public static RunningService start(Map<String, String> env) {
        try {
            Application app = Application.start(ConfigLoader.load(env)).toCompletionStage().toCompletableFuture()
                    .get(120, TimeUnit.SECONDS);
            return new RunningService(app, env);
        } catch (Exception e) {
            // the reason in the message, so a report that shows only the first line still says why
            Throwable cause = e instanceof java.util.concurrent.ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("service did not start: " + cause, cause);
        }
    }

    /** The administrator token the service wrote to its data directory on first start. */
    public static String adminToken(Map<String, String> env) {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of(env.get("WM_DATA_DIR"), "admin.token")).trim();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("no admin.token in the service's data directory", e);
        }
    }

    public String adminToken() {
        return adminToken(env);
    }

    /** A token the service accepts, signed with its own key, for {@code user} with {@code role} in {@code prisons}. */
    public String token(String user, io.workshopmonitor.domain.Caller.Role role, String... prisons) {
        return token(user, role, java.time.Duration.ofHours(1), prisons);
    }

    /** As {@link #token(String, io.workshopmonitor.domain.Caller.Role, String...)}, expiring after {@code lifetime}. */
    public String token(String user, io.workshopmonitor.domain.Caller.Role role, java.time.Duration lifetime, String... prisons) {
        io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
        try {
            return io.workshopmonitor.security.Tokens.ownKey(vertx,
                    io.workshopmonitor.security.SigningKey.loadOrCreate(java.nio.file.Path.of(env.get("WM_DATA_DIR"))),
                    "workshop-monitor").issue(user, role, java.util.Set.of(prisons), lifetime);
        } finally {
            vertx.close();
        }
    }

    /** A live-feed client signed in as the administrator. */
    public FeedClient feed() {
        return new FeedClient(Integer.parseInt(env.get("WM_HTTP_PORT")), adminToken());
    }

    public int mqttPort() {
        return Integer.parseInt(env.get("WM_MQTT_PORT"));
    }

    public String mqttUri() {
        return "tcp://localhost:" + mqttPort();
    }

    public Map<String, String> env() {
        return env;
    }

    /** Puts a workshop with the given stations and a weekday AM/PM schedule. */
    public void configureWorkshop(String prison, String workshop, String... stations) {
        io.vertx.core.json.JsonArray list = new io.vertx.core.json.JsonArray();
        for (String station : stations) {
            list.add(new JsonObject().put("id", station).put("name", station).put("idealCycleSeconds", 10));
        }
        JsonObject body = new JsonObject().put("name", workshop).put("kind", "textiles").put("stations", list)
                .put("schedule", new JsonObject().put("timezone", "Europe/London").put("sessions",
                        new io.vertx.core.json.JsonArray()
                                .add(new JsonObject().put("days", new io.vertx.core.json.JsonArray().add("MON").add("TUE")
                                        .add("WED").add("THU").add("FRI")).put("start", "08:30").put("end", "11:30"))))
                .put("target", new JsonObject().put("unitsPerSession", 2400).put("tolerance", 0.1))
                .put("qualityTarget", 0.95);
        Http.Response response = http.put("/api/v1/workshops/" + prison + "/" + workshop, body.encode());
        if (response.status() / 100 != 2) {
            throw new IllegalStateException("could not configure workshop: " + response);
        }
    }

    @Override
    public void close() {
        try {
            app.stop().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("service did not stop", e);
        }
    }
}
