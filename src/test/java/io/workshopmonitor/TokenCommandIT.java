package io.workshopmonitor;

import io.workshopmonitor.config.ConfigLoader;
import io.workshopmonitor.support.RunningService;
import io.workshopmonitor.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code java -jar workshop-monitor.jar token --role MANAGER --prisons MDI --days 30} prints a token the service takes. */
class TokenCommandIT {

    @TempDir
    Path dir;

    @Test
    void tokenCommandPrintsATokenScopedToItsRoleAndPrisons() throws Exception {
        Map<String, String> env = RunningService.env(dir, Map.of("WM_DATABASE_URL", TestDatabase.create().url()));
        try (RunningService service = RunningService.start(env)) {
            service.configureWorkshop("MDI", "textiles-1", "sew-01");
            service.configureWorkshop("LPI", "woodwork-1", "bench-01");
            String token = run(env, "token", "--role", "MANAGER", "--prisons", "MDI", "--days", "30", "--user", "j.smith");
            var listed = service.http.as(token).get("/api/v1/workshops").json().getJsonArray("workshops");
            assertThat(listed).hasSize(1);
            assertThat(listed.getJsonObject(0).getString("workshop")).isEqualTo("MDI/textiles-1");
            assertThat(service.http.as(token).put("/api/v1/workshops/MDI/x-1", "{}").status()).isEqualTo(403);
        }
        assertThatThrownBy(() -> run(env, "token", "--role", "MANAGER")).hasMessageContaining("at least one prison");
        assertThatThrownBy(() -> run(env, "token", "--role", "INSTRUCTOR", "--prisons", "mdi")).hasMessageContaining("'mdi'");
    }

    private static String run(Map<String, String> env, String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertThat(Application.tokenCommand(ConfigLoader.load(env), args)).isZero();
        } finally {
            System.setOut(original);
        }
        return out.toString(StandardCharsets.UTF_8).trim();
    }
}
