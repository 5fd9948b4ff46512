package io.workshopmonitor.store;

import io.vertx.pgclient.PgConnectOptions;
import io.workshopmonitor.config.ConfigException;
import io.workshopmonitor.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Flyway on a real PostgreSQL: scripts applied once with their checksums, edits after the fact refused. */
class MigrationsIT {

    private static final List<String> SCRIPTS = scripts();

    @TempDir
    Path dir;

    @Test
    void everyScriptIsAppliedOnceAndASecondStartAppliesNothing() {
        TestDatabase db = TestDatabase.create();
        PgConnectOptions options = PgConnectOptions.fromUri(db.url());
        Migrations.migrate(options, Migrations.LOCATION);
        Migrations.migrate(options, Migrations.LOCATION);
        assertThat(db.count("SELECT count(*) FROM flyway_schema_history WHERE success")).isEqualTo(SCRIPTS.size());
        assertThat(db.count("SELECT max(version::int) FROM flyway_schema_history")).isEqualTo(SCRIPTS.size());
        assertThat(db.count("SELECT count(*) FROM counter_readings")).isZero();
    }

    @Test
    void aScriptEditedAfterItWasAppliedStopsStartUpNamingIt() throws Exception {
        TestDatabase db = TestDatabase.create();
        PgConnectOptions options = PgConnectOptions.fromUri(db.url());
        Path scripts = copyOfTheScripts();
        Migrations.migrate(options, "filesystem:" + scripts);

        Files.writeString(scripts.resolve(SCRIPTS.get(1)), "\n-- tidied up after release\n", StandardOpenOption.APPEND);
        assertThatThrownBy(() -> Migrations.migrate(options, "filesystem:" + scripts))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("checksum mismatch for migration version 2")
                .hasMessageContaining("put the released script back");
    }

    @Test
    void aDatabaseMigratedBeforeFlywayKeepsItsDataAndTakesOnlyNewScripts() throws Exception {
        TestDatabase db = TestDatabase.create();
        PgConnectOptions options = PgConnectOptions.fromUri(db.url());
        // what the service's own migrator left: all but the last script, and its history table
        int before = SCRIPTS.size() - 1;
        try (Connection connection = DriverManager.getConnection(Migrations.jdbcUrl(options), credentials(options));
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE schema_migrations (version integer PRIMARY KEY, script text NOT NULL,"
                    + " applied_at timestamptz NOT NULL DEFAULT now())");
            for (int v = 1; v <= before; v++) {
                statement.execute(read(SCRIPTS.get(v - 1)));
                statement.execute("INSERT INTO schema_migrations (version, script) VALUES (" + v + ", '"
                        + SCRIPTS.get(v - 1) + "')");
            }
            statement.execute("INSERT INTO workshops (prison, workshop, name, kind, config) VALUES"
                    + " ('MDI', 'print-2', 'Print 2', 'print', '{}')");
        }
        Migrations.migrate(options, Migrations.LOCATION);
        assertThat(db.count("SELECT count(*) FROM workshops")).as("data kept").isEqualTo(1);
        assertThat(db.strings("SELECT type || ' ' || version FROM flyway_schema_history ORDER BY installed_rank"))
                .containsExactly("BASELINE " + before, "SQL " + SCRIPTS.size());
    }

    private Path copyOfTheScripts() throws IOException {
        Path scripts = Files.createDirectories(dir.resolve("migration"));
        for (String script : SCRIPTS) {
            Files.writeString(scripts.resolve(script), read(script));
        }
        return scripts;
    }

    private static String read(String script) throws IOException {
        try (InputStream in = MigrationsIT.class.getResourceAsStream("/db/migration/" + script)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static List<String> scripts() {
        try (Stream<Path> files = Files.list(Path.of("src", "main", "resources", "db", "migration"))) {
            return files.map(p -> p.getFileName().toString()).sorted(Comparator.comparingInt(MigrationsIT::version)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int version(String script) {
        return Integer.parseInt(script.substring(1, script.indexOf("__")));
    }

    private static Properties credentials(PgConnectOptions options) {
        Properties properties = new Properties();
        properties.setProperty("user", options.getUser());
        properties.setProperty("password", options.getPassword());
        return properties;
    }
}
