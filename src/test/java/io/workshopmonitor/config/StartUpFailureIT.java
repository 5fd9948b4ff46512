package io.workshopmonitor.config;

import io.vertx.core.json.JsonObject;
import io.workshopmonitor.support.RunningService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service as a script or a supervisor starts it, in its own JVM: a start-up that cannot go on ends with exit
 * code 2 and one line on stderr naming the key to change, not a stack trace.
 */
class StartUpFailureIT {

    @TempDir
    Path dir;

    @Test
    void aPortInUseEndsStartUpNamingTheKeyAndThePort() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            Map<String, String> env = new HashMap<>(RunningService.env(dir, Map.of()));
            env.put("WM_HTTP_PORT", String.valueOf(taken.getLocalPort()));
            Result result = run(env);
            assertThat(result.exit()).isEqualTo(2);
            assertThat(result.output()).contains("WM_HTTP_PORT (http.port): cannot listen on port " + taken.getLocalPort())
                    .doesNotContain("\tat io.vertx");
        }
    }

    @Test
    void aMisspeltVariableEndsStartUpNamingTheNearestKey() throws Exception {
        Map<String, String> env = new HashMap<>(RunningService.env(dir, Map.of()));
        env.put("WM_HTTP_PROT", "8081");
        Result result = run(env);
        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.output()).contains("WM_HTTP_PROT: unknown variable; did you mean WM_HTTP_PORT?");
    }

    @Test
    void jsonLogsAreOneObjectALineWithAnIsoTimestamp() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            Map<String, String> env = new HashMap<>(RunningService.env(dir, Map.of()));
            env.put("WM_LOG_FORMAT", "json");
            env.put("WM_MANAGEMENT_PORT", String.valueOf(taken.getLocalPort()));
            Result result = run(env);
            List<JsonObject> lines = result.output().lines().filter(line -> line.startsWith("{")).map(JsonObject::new).toList();
            assertThat(lines).as(result.output()).isNotEmpty();
            assertThat(lines).allSatisfy(line -> {
                assertThat(line.getString("@timestamp")).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
                assertThat(line.getString("level")).isNotBlank();
                assertThat(line.getString("logger_name")).isNotBlank();
            });
            assertThat(lines).anySatisfy(line -> assertThat(line.getString("message"))
                    .contains("WM_MANAGEMENT_PORT (management.port): cannot listen on port " + taken.getLocalPort()));
        }
    }

    @Test
    void textLogsCarryTheDate() throws Exception {
        Map<String, String> env = new HashMap<>(RunningService.env(dir, Map.of()));
        try (ServerSocket taken = new ServerSocket(0)) {
            env.put("WM_MQTT_PORT", String.valueOf(taken.getLocalPort()));
            Result result = run(env);
            assertThat(result.output().lines().filter(line -> line.contains("failed to start")))
                    .singleElement().asString().matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}(Z|[+-]\\d{2}:\\d{2}) ERROR .*"
                            + "WM_MQTT_PORT \\(mqtt.port\\): cannot listen on port " + taken.getLocalPort() + ".*");
        }
    }

    private record Result(int exit, String output) {
    }

    private Result run(Map<String, String> env) throws Exception {
        Path log = dir.resolve("service.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                "io.workshopmonitor.Application").redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(key -> key.startsWith("WM_"));
        builder.environment().putAll(env);
        Process process = builder.start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("the service gave up on its own").isTrue();
        return new Result(process.exitValue(), Files.readString(log));
    }
}
