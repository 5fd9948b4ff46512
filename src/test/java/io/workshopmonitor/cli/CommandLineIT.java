package io.workshopmonitor.cli;

import io.vertx.core.json.JsonObject;
import io.workshopmonitor.support.Devices;
import io.workshopmonitor.support.RunningService;
import io.workshopmonitor.support.TestDatabase;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command line as a script uses it: help and version on every command, exit codes 0, 1 and 2, a token the
 * service takes, and a backup of a running service's embedded database restored elsewhere with the same figures.
 */
class CommandLineIT {

    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
    }

    private static Run run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine line = Cli.commandLine(env);
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        int exit = line.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void everyCommandAnswersHelpAndVersion() {
        for (List<String> command : List.of(List.<String>of(), List.of("serve"), List.of("demo"), List.of("token"),
                List.of("backup"), List.of("restore"))) {
            String[] help = java.util.stream.Stream.concat(command.stream(), java.util.stream.Stream.of("--help")).toArray(String[]::new);
            Run helped = run(Map.of(), help);
            assertThat(helped.exit()).as(String.join(" ", help)).isZero();
            assertThat(helped.out()).as(String.join(" ", help)).contains("Usage: workshop-monitor").contains("--version");
            String[] version = java.util.stream.Stream.concat(command.stream(), java.util.stream.Stream.of("--version")).toArray(String[]::new);
            Run versioned = run(Map.of(), version);
            assertThat(versioned.exit()).isZero();
            assertThat(versioned.out()).matches("(?s)workshop-monitor \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\R.*");
        }
        assertThat(run(Map.of(), "--help").out()).contains("backup").contains("restore").contains("token").contains("demo")
                .contains("Exit codes:");
    }

    @Test
    void badUsageExitsWithTwoAndSaysWhatWasWrong() {
        Run unknown = run(Map.of(), "--no-such-option");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("Unknown option: '--no-such-option'");

        Run noPrison = run(Map.of("WM_DATA_DIR", dir.toString()), "token", "--role", "MANAGER");
        assertThat(noPrison.exit()).isEqualTo(2);
        assertThat(noPrison.err()).contains("at least one prison");
        Run badPrison = run(Map.of("WM_DATA_DIR", dir.toString()), "token", "--role", "INSTRUCTOR", "--prisons", "mdi");
        assertThat(badPrison.exit()).isEqualTo(2);
        assertThat(badPrison.err()).contains("'mdi'");
        Run badRole = run(Map.of(), "token", "--role", "JANITOR", "--prisons", "MDI");
        assertThat(badRole.exit()).isEqualTo(2);
        assertThat(badRole.err()).contains("'JANITOR' is not ADMIN, MANAGER, INSTRUCTOR or VIEWER");

        Run badConfig = run(Map.of("WM_HTTP_PROT", "1"), "token", "--role", "ADMIN");
        assertThat(badConfig.exit()).isEqualTo(2);
        assertThat(badConfig.err()).contains("did you mean WM_HTTP_PORT?");

        Run noFile = run(Map.of("WM_DATA_DIR", dir.toString()), "restore", dir.resolve("missing.zip").toString());
        assertThat(noFile.exit()).isEqualTo(2);
        assertThat(noFile.err()).contains("missing.zip: no such file");
    }

    @Test
    void tokenCommandPrintsATokenScopedToItsRoleAndPrisons() {
        Map<String, String> env = RunningService.env(dir, Map.of("WM_DATABASE_URL", TestDatabase.create().url()));
        try (RunningService service = RunningService.start(env)) {
            service.configureWorkshop("MDI", "textiles-1", "sew-01");
            service.configureWorkshop("LPI", "woodwork-1", "bench-01");
            Run issued = run(env, "token", "--role", "manager", "--prisons", "MDI", "--days", "30", "--user", "j.smith");
            assertThat(issued.exit()).isZero();
            String token = issued.out().trim();
            var listed = service.http.as(token).get("/api/v1/workshops").json().getJsonArray("workshops");
            assertThat(listed).hasSize(1);
            assertThat(listed.getJsonObject(0).getString("workshop")).isEqualTo("MDI/textiles-1");
            // a manager sets up workshops of its own prisons only: another prison's is not there for it
            assertThat(service.http.as(token).put("/api/v1/workshops/LPI/x-1", "{}").status()).isEqualTo(404);
            assertThat(service.http.as(token).delete("/api/v1/workshops/MDI/textiles-1/devices/x-1").status())
                    .as("its own prison's devices it may revoke").isEqualTo(404);
            assertThat(service.http.as(token).get("/api/v1/ingest/rejected").status()).as("an administrator's call").isEqualTo(403);
        }
    }

    @Test
    void aBackupOfARunningServiceRestoresElsewhereWithTheSameFigures() throws Exception {
        Path backup = dir.resolve("estate.zip");
        Map<String, String> first = RunningService.env(dir.resolve("first"), Map.of());
        JsonObject kpisBefore;
        JsonObject historyBefore;
        Instant now = Instant.now();
        String from = now.minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MINUTES).toString();
        String to = now.plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MINUTES).toString();
        String history = "/api/v1/workshops/MDI/print-2/history?from=" + from + "&to=" + to + "&step=1m";
        try (RunningService service = RunningService.start(first)) {
            service.configureWorkshop("MDI", "print-2", "press-1");
            MqttClient device = Devices.connect(service.mqttUri(), "press-gw");
            try {
                for (int i = 0; i < 5; i++) {
                    Devices.publish(device, "industries/MDI/print-2/press-1/counter",
                            Devices.counter(now.minusSeconds(50 - i * 10L).toString(), (long) i + 1, 100L + i * 20, i), 1);
                }
            } finally {
                Devices.closeQuietly(device);
            }
            kpisBefore = service.http.get("/api/v1/workshops/MDI/print-2/kpis").json();
            historyBefore = service.http.get(history).json();
            assertThat(kpisBefore.getJsonObject("window").getLong("good")).isEqualTo(80);

            Run backedUp = run(first, "backup", backup.toString());
            assertThat(backedUp.exit()).as(backedUp.err()).isZero();
            assertThat(backedUp.out()).contains("rows of").contains(backup.toString());
        }
        assertThat(Files.size(backup)).isPositive();

        Map<String, String> second = RunningService.env(dir.resolve("second"), Map.of());
        Run restored = run(second, "restore", backup.toString());
        assertThat(restored.exit()).as(restored.err()).isZero();
        Run again = run(second, "restore", backup.toString());
        assertThat(again.exit()).as("a second restore onto the data").isEqualTo(1);
        assertThat(again.err()).contains("already holds data");

        try (RunningService service = RunningService.start(second)) {
            JsonObject kpisAfter = service.http.get("/api/v1/workshops/MDI/print-2/kpis").json();
            assertThat(kpisAfter.getJsonObject("window").getLong("good")).isEqualTo(80);
            assertThat(kpisAfter.getJsonObject("window").getLong("reject"))
                    .isEqualTo(kpisBefore.getJsonObject("window").getLong("reject"));
            assertThat(service.http.get(history).json()).isEqualTo(historyBefore);
            // the id sequences moved past the restored rows: new readings are stored beside them
            MqttClient device = Devices.connect(service.mqttUri(), "press-gw");
            try {
                Devices.publish(device, "industries/MDI/print-2/press-1/counter",
                        Devices.counter(now.plusSeconds(1).toString(), 6L, 200, 4), 1);
            } finally {
                Devices.closeQuietly(device);
            }
            assertThat(service.http.get("/api/v1/workshops/MDI/print-2/kpis").json().getJsonObject("window").getLong("good"))
                    .isEqualTo(100);
        }

        Run notABackup = run(second, "restore", Files.writeString(dir.resolve("notes.zip"), "hello").toString());
        assertThat(notABackup.exit()).isEqualTo(2);
        assertThat(notABackup.err()).contains("not a Workshop Monitor backup");
    }
}
